import { tf } from '../tf';

/** The parts of tfjs-backend-wasm's BackendWasm that vidsim's in-heap kernels use. */
export interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number; refCount: number } | undefined };
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: tf.backend_util.BackendValues,
  ): tf.TensorInfo;
  readSync(dataId: object): tf.backend_util.BackendValues;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/**
 * The whole wasm heap as float32 / int32, with each tensor's element offset. Take a view after the last
 * allocation of a kernel: a malloc that grows the heap detaches every earlier view.
 */
export class HeapView {
  readonly f32: Float32Array;
  readonly i32: Int32Array;

  constructor(private readonly backend: WasmBackend) {
    const buffer = backend.wasm.HEAPU8.buffer;
    this.f32 = new Float32Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  /** Element (4-byte) offset of a tensor's data in the heap. */
  offset(t: tf.TensorInfo): number {
    const data = this.backend.dataIdMap.get(t.dataId);
    if (!data) throw new Error('tensor data is not on the wasm backend');
    return data.memoryOffset >>> 2;
  }

  floats(t: tf.TensorInfo): Float32Array {
    const o = this.offset(t);
    return this.f32.subarray(o, o + tf.util.sizeFromShape(t.shape));
  }

  ints(t: tf.TensorInfo): Int32Array {
    const o = this.offset(t);
    return this.i32.subarray(o, o + tf.util.sizeFromShape(t.shape));
  }
}

/** Registers `config` on a backend in place of the current kernel; returns a function that puts that one back. */
export function overrideKernel(config: tf.KernelConfig): () => void {
  const previous = tf.getKernel(config.kernelName, config.backendName);
  if (previous) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
  return () => {
    tf.unregisterKernel(config.kernelName, config.backendName);
    if (previous) tf.registerKernel(previous);
  };
}
