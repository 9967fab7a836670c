import { tf } from '../tf';
import { HeapView, type WasmBackend } from './wasm-heap';

// Small kernels that work on the wasm heap in JavaScript where the stock wasm kernel does needless work: a copy
// (Identity), a transpose (Sum over leading axes), a per-element loop (GatherV2), or a round trip through JS
// arrays (UnsortedSegmentSum). Each falls back to the kernel it replaces outside its fast case.

type Args = Parameters<tf.KernelFunc>[0];
type Fallback = tf.KernelFunc;

const backendOf = (args: Args) => args.backend as unknown as WasmBackend;

/** Identity shares the input's memory (one more reference), as the cpu backend and wasm's own Reshape do. */
export function identityShared(args: Args, fallback: Fallback): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') return fallback(args);
  backendOf(args).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** GatherV2 with batchDims 0 on a 4-byte dtype: one contiguous block copy per index, inside the heap. */
export function gatherRows(args: Args, fallback: Fallback): tf.TensorInfo | tf.TensorInfo[] {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
  if ((batchDims ?? 0) !== 0 || (x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32')
    return fallback(args);
  const ax = tf.util.parseAxisParam(axis, x.shape)[0];
  const outer = tf.util.sizeFromShape(x.shape.slice(0, ax));
  const axisDim = x.shape[ax];
  const inner = tf.util.sizeFromShape(x.shape.slice(ax + 1));
  const outShape = [...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)];
  const backend = backendOf(args);
  const out = backend.makeOutput(outShape, x.dtype);
  const heap = new HeapView(backend);
  const ids = heap.ints(indices);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= axisDim) {
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${ids[i]} is not in [0, ${axisDim - 1}]`);
    }
  }
  const xo = heap.offset(x);
  let o = heap.offset(out);
  const f32 = heap.f32; // copyWithin moves bytes, so int32 rows copy the same way
  for (let a = 0; a < outer; a++) {
    const base = xo + a * axisDim * inner;
    for (let i = 0; i < ids.length; i++, o += inner) {
      const from = base + ids[i] * inner;
      f32.copyWithin(o, from, from + inner);
    }
  }
  return out;
}

/**
 * Sum over leading axes (every bias gradient: [rows, n] -> [n]) as row-by-row adds in float64; the stock kernel
 * transposes the whole input first so that the reduced axes are innermost.
 */
export function sumLeadingAxes(args: Args, fallback: Fallback): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32' || x.shape.length < 2) return fallback(args);
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.every((a, i) => a === i);
  if (!leading || axes.length === x.shape.length || axes.length === 0) return fallback(args);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const tail = x.shape.slice(axes.length);
  const n = tf.util.sizeFromShape(tail);
  const backend = backendOf(args);
  const outShape = keepDims ? [...axes.map(() => 1), ...tail] : tail;
  const out = backend.makeOutput(outShape, 'float32');
  const heap = new HeapView(backend);
  const xs = heap.floats(x);
  const acc = new Float64Array(n);
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    for (let j = 0; j < n; j++) acc[j] += xs[o + j];
  }
  heap.floats(out).set(acc);
  return out;
}

/** UnsortedSegmentSum written straight into a zeroed heap output (float32 and int32). */
export function segmentSumInHeap(args: Args, fallback: Fallback): tf.TensorInfo | tf.TensorInfo[] {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = args.attrs as { numSegments: number };
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || segmentIds.dtype !== 'int32') return fallback(args);
  const tail = x.shape.slice(segmentIds.shape.length);
  const inner = tf.util.sizeFromShape(tail);
  const backend = backendOf(args);
  const out = backend.makeOutput([numSegments, ...tail], x.dtype);
  const heap = new HeapView(backend);
  const ids = heap.ints(segmentIds);
  const xs = x.dtype === 'float32' ? heap.floats(x) : heap.ints(x);
  const ys = x.dtype === 'float32' ? heap.floats(out) : heap.ints(out);
  ys.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue; // tf drops out-of-range ids
    for (let j = 0, o = s * inner, xi = i * inner; j < inner; j++) ys[o + j] += xs[xi + j];
  }
  return out;
}

/**
 * A Transpose that moves no element (the permutation is the identity once size-1 dims are dropped: every gather
 * gradient transposes by [0, 1]) shares the input's memory; the stock kernel copies it.
 */
export function transposeNoOp(args: Args, fallback: Fallback): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { perm } = args.attrs as { perm: number[] };
  if (x.dtype === 'string') return fallback(args);
  const moved = perm.filter((d) => x.shape[d] !== 1);
  if (moved.some((d, i) => i > 0 && d < moved[i - 1])) return fallback(args);
  backendOf(args).incRef(x.dataId);
  return { dataId: x.dataId, shape: perm.map((d) => x.shape[d]), dtype: x.dtype };
}
