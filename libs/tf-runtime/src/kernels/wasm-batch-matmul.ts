import { tf } from '../tf';

type WasmBackend = { disposeData(dataId: object): void };
let patched = false;

/**
 * wasm's matmul is fast only for a plain a[M,K]·b[K,N]: with transpose flags (every matmul gradient)
 * it is 8-10x slower, and a rank-3 a times a rank-2 b about 12x. This wrapper materialises the
 * transposes and folds leading batch dimensions into M; results are bit-identical. Call after
 * `setBackend('wasm')` (the original kernel must exist); idempotent.
 */
export function patchWasmBatchMatMul(): void {
  if (patched) return;
  const orig = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  const reshape = tf.getKernel('Reshape', 'wasm');
  if (!orig || !transpose || !reshape) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    setupFunc: orig.setupFunc,
    kernelFunc: ({ inputs, backend, attrs }) => {
      let { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      const temps: tf.TensorInfo[] = [];
      const keep = (t: tf.TensorInfo) => (temps.push(t), t);
      const swapLast = (t: tf.TensorInfo) => {
        const r = t.shape.length;
        const perm = [...Array(r).keys()];
        [perm[r - 1], perm[r - 2]] = [r - 2, r - 1];
        return keep(transpose.kernelFunc({ inputs: { x: t }, backend, attrs: { perm } }) as tf.TensorInfo);
      };
      if (transposeA) a = swapLast(a);
      if (transposeB) b = swapLast(b);
      let foldedShape: number[] | null = null;
      const rankA = a.shape.length;
      if (rankA > 2 && tf.util.sizeFromShape(b.shape.slice(0, -2)) === 1) {
        const m = a.shape[rankA - 2];
        const k = a.shape[rankA - 1];
        foldedShape = [...a.shape.slice(0, -2), m, b.shape[b.shape.length - 1]];
        const rows = tf.util.sizeFromShape(a.shape.slice(0, -2)) * m;
        a = keep(reshape.kernelFunc({ inputs: { x: a }, backend, attrs: { shape: [rows, k] } }) as tf.TensorInfo);
        b = keep(
          reshape.kernelFunc({ inputs: { x: b }, backend, attrs: { shape: b.shape.slice(-2) } }) as tf.TensorInfo,
        );
      }
      const out = orig.kernelFunc({
        inputs: { a, b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      }) as tf.TensorInfo;
      if (foldedShape) (out as { shape: number[] }).shape = foldedShape;
      for (const t of temps) (backend as unknown as WasmBackend).disposeData(t.dataId);
      return out;
    },
  });
  patched = true;
}
