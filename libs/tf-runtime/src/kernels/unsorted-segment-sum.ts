import { tf } from '../tf';

type AnyBackend = {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo?: (shape: number[], dtype: tf.DataType, values: tf.TypedArray) => tf.TensorInfo;
  makeOutput?: (shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.TypedArray) => tf.TensorInfo;
};

/**
 * O(N) UnsortedSegmentSum. Every embedding lookup's gradient goes through this kernel: the stock cpu one
 * loops over all segments (about 7 minutes for one gradient at vocab 21128) and wasm has none at all.
 */
export const unsortedSegmentSumKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const b = backend as unknown as AnyBackend;
  const xv = b.readSync(x.dataId);
  const ids = b.readSync(segmentIds.dataId);
  const tail = x.shape.slice(segmentIds.shape.length);
  const inner = tf.util.sizeFromShape(tail);
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue; // tf drops out-of-range ids
    for (let j = 0, o = s * inner, xi = i * inner; j < inner; j++) out[o + j] += xv[xi + j];
  }
  const shape = [numSegments, ...tail];
  if (b.makeTensorInfo) return b.makeTensorInfo(shape, x.dtype, out);
  return b.makeOutput!(shape, x.dtype, undefined, out);
};

/** Registers the fast kernel on cpu and wasm (replacing cpu's stock one). Idempotent. */
export function registerFastSegmentSum(backends: string[] = ['cpu', 'wasm']): void {
  for (const backendName of backends) {
    const existing = tf.getKernel('UnsortedSegmentSum', backendName);
    if (existing?.kernelFunc === unsortedSegmentSumKernel) continue;
    if (existing) tf.unregisterKernel('UnsortedSegmentSum', backendName);
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: unsortedSegmentSumKernel });
  }
}
