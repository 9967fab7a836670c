import { tf } from '../tf';

/** How a (batch) matmul splits into 2-D GEMMs, with batch dimensions broadcast the numpy way. */
export interface MatMulPlan {
  m: number;
  n: number;
  k: number;
  /** Broadcast batch shape of the output (without the two matrix dims). */
  batchShape: number[];
  /** Output shape, `[...batchShape, m, n]`. */
  outShape: number[];
  /** For each output matrix, the element offset of its a and b matrices. */
  aOffsets: Int32Array;
  bOffsets: Int32Array;
  /** Number of distinct a and b matrices. */
  aBatch: number;
  bBatch: number;
}

export function planMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): MatMulPlan {
  if (aShape.length < 2 || bShape.length < 2) {
    throw new Error(`BatchMatMul needs rank >= 2 inputs, got a[${aShape}] and b[${bShape}]`);
  }
  const ra = aShape.length,
    rb = bShape.length;
  const m = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const k = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const kb = transposeB ? bShape[rb - 1] : bShape[rb - 2];
  const n = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  if (k !== kb) {
    throw new Error(
      `BatchMatMul inner dimensions differ: a[${aShape}]${transposeA ? 'ᵀ' : ''} · b[${bShape}]${transposeB ? 'ᵀ' : ''} (${k} vs ${kb})`,
    );
  }
  const aBatchShape = aShape.slice(0, -2),
    bBatchShape = bShape.slice(0, -2);
  const batchShape = tf.backend_util.assertAndGetBroadcastShape(aBatchShape, bBatchShape);
  const count = tf.util.sizeFromShape(batchShape);
  const aOffsets = batchOffsets(aBatchShape, batchShape, m * k, count);
  const bOffsets = batchOffsets(bBatchShape, batchShape, k * n, count);
  return {
    m,
    n,
    k,
    batchShape,
    outShape: [...batchShape, m, n],
    aOffsets,
    bOffsets,
    aBatch: tf.util.sizeFromShape(aBatchShape),
    bBatch: tf.util.sizeFromShape(bBatchShape),
  };
}

/** Element offset of the input matrix each output batch index reads (size-1 dims repeat, missing dims too). */
function batchOffsets(inShape: number[], outShape: number[], matrixSize: number, count: number): Int32Array {
  const offsets = new Int32Array(count);
  const pad = outShape.length - inShape.length;
  // stride of each output batch dim in the input, 0 where the input broadcasts
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = matrixSize;
  for (let d = outShape.length - 1; d >= pad; d--) {
    const size = inShape[d - pad];
    strides[d] = size === 1 ? 0 : stride;
    stride *= size;
  }
  const index = new Array<number>(outShape.length).fill(0);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = offset;
    for (let d = outShape.length - 1; d >= 0; d--) {
      index[d]++;
      offset += strides[d];
      if (index[d] < outShape[d]) break;
      offset -= strides[d] * index[d];
      index[d] = 0;
    }
  }
  return offsets;
}

/**
 * True where stock tfjs BatchMatMul (cpu and wasm) computes the wrong thing: it indexes batches modulo each
 * input's batch size, which is right only when the batch shapes match or one input has a single matrix.
 */
export function needsTrueBroadcast(aShape: number[], bShape: number[]): boolean {
  const a = aShape.slice(0, -2),
    b = bShape.slice(0, -2);
  if (tf.util.sizeFromShape(a) <= 1 || tf.util.sizeFromShape(b) <= 1) return false;
  const rank = Math.max(a.length, b.length);
  const padded = (s: number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  return !tf.util.arraysEqual(padded(a), padded(b));
}
