import { tf } from '../tf';
import { fusedEpilogue, type FusedAttrs, type FusedInputs } from './fused-epilogue';
import { planMatMul } from './matmul-plan';
import type { NativeBlas } from './native-blas';
import { HeapView, overrideKernel, type WasmBackend } from './wasm-heap';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * a·b on the wasm heap by the native BLAS: the output is allocated first, then every view is taken (an
 * allocation can grow and detach the heap), and `cblas_sgemm` reads and writes the heap in place. Batch
 * dimensions broadcast truly (tfjs's stock kernels do not); when b is one matrix and a is not transposed, the
 * batch folds into one GEMM.
 */
export function blasMatMul(
  blas: NativeBlas,
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  const plan = planMatMul(a.shape, b.shape, transposeA, transposeB);
  const out = backend.makeOutput(plan.outShape, 'float32');
  const count = plan.aOffsets.length;
  if (count === 0 || plan.m === 0 || plan.n === 0) return out;
  const heap = new HeapView(backend);
  const ao = heap.offset(a),
    bo = heap.offset(b),
    co = heap.offset(out);
  const { m, n, k } = plan;
  if (k === 0) {
    heap.f32.fill(0, co, co + count * m * n);
    return out;
  }
  const lda = transposeA ? m : k;
  const ldb = transposeB ? k : n;
  const f32 = heap.f32;
  if (plan.bBatch === 1 && !transposeA && plan.aBatch === count) {
    blas.sgemm(
      false,
      transposeB,
      count * m,
      n,
      k,
      1,
      f32.subarray(ao),
      lda,
      f32.subarray(bo),
      ldb,
      0,
      f32.subarray(co),
      n,
    );
    return out;
  }
  const mn = m * n;
  for (let i = 0; i < count; i++) {
    blas.sgemm(
      transposeA,
      transposeB,
      m,
      n,
      k,
      1,
      f32.subarray(ao + plan.aOffsets[i]),
      lda,
      f32.subarray(bo + plan.bOffsets[i]),
      ldb,
      0,
      f32.subarray(co + i * mn),
      n,
    );
  }
  return out;
}

/**
 * Registers BatchMatMul and _FusedMatMul on wasm backed by the native BLAS (float32; other dtypes go to the
 * kernels they replace). Returns a function that restores the previous kernels.
 */
export function registerBlasMatMul(blas: NativeBlas): () => void {
  const previousMatMul = tf.getKernel('BatchMatMul', 'wasm');
  const previousFused = tf.getKernel('_FusedMatMul', 'wasm');
  const restoreMatMul = overrideKernel({
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    setupFunc: previousMatMul?.setupFunc,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      if ((a.dtype !== 'float32' || b.dtype !== 'float32') && previousMatMul) return previousMatMul.kernelFunc(args);
      const { transposeA, transposeB } = args.attrs as unknown as MatMulAttrs;
      return blasMatMul(blas, args.backend as unknown as WasmBackend, a, b, transposeA, transposeB);
    },
  });
  const restoreFused = overrideKernel({
    kernelName: '_FusedMatMul',
    backendName: 'wasm',
    setupFunc: previousFused?.setupFunc,
    kernelFunc: (args) => {
      const { a, b, ...rest } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo } & FusedInputs;
      if ((a.dtype !== 'float32' || b.dtype !== 'float32') && previousFused) return previousFused.kernelFunc(args);
      const attrs = args.attrs as unknown as MatMulAttrs & FusedAttrs;
      const backend = args.backend as unknown as WasmBackend;
      const product = blasMatMul(blas, backend, a, b, attrs.transposeA, attrs.transposeB);
      return fusedEpilogue(product, rest, attrs, backend);
    },
  });
  return () => {
    restoreFused();
    restoreMatMul();
  };
}
