import { tf } from '../tf';
import { fusedEpilogue, type FusedAttrs, type FusedInputs } from './fused-epilogue';
import { needsTrueBroadcast, planMatMul } from './matmul-plan';
import type { WasmBackend } from './wasm-heap';

const guarded = new Set<string>();

/**
 * Stock BatchMatMul on cpu and wasm indexes batches modulo each input's batch size, so a[2,1,M,K]·b[1,3,K,N]
 * returns 3 matrices where 6 are due. Where that would happen, this wrapper tiles both inputs to the broadcast
 * batch shape first (the backend's own Reshape and Tile), then calls the kernel it wraps. Idempotent.
 */
export function guardBatchMatMulBroadcast(backendName: string): void {
  if (guarded.has(`BatchMatMul/${backendName}`)) return;
  const inner = tf.getKernel('BatchMatMul', backendName);
  if (!inner) return;
  tf.unregisterKernel('BatchMatMul', backendName);
  tf.registerKernel({
    ...inner,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      if (!needsTrueBroadcast(a.shape, b.shape)) return inner.kernelFunc(args);
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      const { batchShape } = planMatMul(a.shape, b.shape, transposeA, transposeB);
      const backend = args.backend as tf.KernelBackend;
      const temps: tf.TensorInfo[] = [];
      const ta = tileBatch(a, batchShape, backendName, backend, temps);
      const tb = tileBatch(b, batchShape, backendName, backend, temps);
      try {
        return inner.kernelFunc({ ...args, inputs: { a: ta, b: tb } });
      } finally {
        for (const t of temps) backend.disposeData(t.dataId);
      }
    },
  });
  guarded.add(`BatchMatMul/${backendName}`);
}

function tileBatch(
  x: tf.TensorInfo,
  batchShape: number[],
  backendName: string,
  backend: tf.KernelBackend,
  temps: tf.TensorInfo[],
): tf.TensorInfo {
  const rank = batchShape.length + 2;
  const padded = [...new Array<number>(rank - x.shape.length).fill(1), ...x.shape];
  const reps = padded.map((size, d) => (d < batchShape.length ? batchShape[d] / size : 1));
  if (reps.every((r) => r === 1)) return x;
  const reshape = tf.getKernel('Reshape', backendName)!;
  const tile = tf.getKernel('Tile', backendName)!;
  const r = reshape.kernelFunc({ inputs: { x }, backend, attrs: { shape: padded } }) as tf.TensorInfo;
  temps.push(r);
  const t = tile.kernelFunc({ inputs: { x: r }, backend, attrs: { reps } }) as tf.TensorInfo;
  temps.push(t);
  return t;
}

/**
 * Stock wasm _FusedMatMul is wrong for transposed inputs (errors of 0.5 on a rank-2 a·bᵀ) and for more than one
 * b matrix (errors of 1.3 on [3,8,17]·[3,17,9]). Those cases go through the (guarded) BatchMatMul kernel and the bias/activation epilogue;
 * the plain case keeps the stock fused kernel. Call after the wasm backend is set; idempotent.
 */
export function guardWasmFusedMatMul(): void {
  if (guarded.has('_FusedMatMul/wasm')) return;
  const stock = tf.getKernel('_FusedMatMul', 'wasm');
  if (!stock) return;
  tf.unregisterKernel('_FusedMatMul', 'wasm');
  tf.registerKernel({
    ...stock,
    kernelFunc: (args) => {
      const { a, b, ...rest } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo } & FusedInputs;
      const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean } & FusedAttrs;
      const plain =
        !attrs.transposeA &&
        !attrs.transposeB &&
        a.shape.length === 3 &&
        b.shape.length === 3 &&
        b.shape[0] === 1 &&
        a.dtype === 'float32';
      if (plain) return stock.kernelFunc(args);
      const matMul = tf.getKernel('BatchMatMul', 'wasm')!;
      const product = matMul.kernelFunc({
        inputs: { a, b },
        backend: args.backend,
        attrs: { transposeA: attrs.transposeA, transposeB: attrs.transposeB },
      }) as tf.TensorInfo;
      return fusedEpilogue(product, rest, attrs, args.backend as unknown as WasmBackend);
    },
  });
  guarded.add('_FusedMatMul/wasm');
}
