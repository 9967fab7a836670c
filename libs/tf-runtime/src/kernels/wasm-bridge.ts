import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { tf } from '../tf';

type WasmBackend = {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: tf.backend_util.BackendValues,
  ): tf.TensorInfo;
};

let cpu: MathBackendCPU | undefined;

/**
 * The wasm backend lacks 15 kernels that cpu has (Einsum, FFT, conv filter gradients, ...). So that no op can
 * fail at training time with "kernel not registered", each missing one is registered on wasm as a bridge: copy the
 * inputs into a private cpu backend, run cpu's kernel, copy the result back. It costs what cpu costs, so hot kernels
 * (UnsortedSegmentSum) get direct implementations instead and are never bridged. Returns the bridged names.
 */
export function bridgeMissingWasmKernels(): string[] {
  const have = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  const bridged: string[] = [];
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (have.has(kernel.kernelName)) continue;
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) =>
        runOnCpu(kernel.kernelFunc, inputs, backend as unknown as WasmBackend, attrs),
    });
    bridged.push(kernel.kernelName);
  }
  return bridged;
}

function runOnCpu(
  kernelFunc: tf.KernelFunc,
  inputs: tf.NamedTensorInfoMap,
  wasm: WasmBackend,
  attrs?: tf.NamedAttrMap,
): tf.TensorInfo | tf.TensorInfo[] {
  cpu ??= new MathBackendCPU();
  // Some kernels (Einsum, Concat) take their inputs as an array, so keep the container's kind.
  const cpuInputs = (Array.isArray(inputs) ? [] : {}) as tf.NamedTensorInfoMap;
  for (const [name, t] of Object.entries(inputs)) {
    if (!t) continue;
    cpuInputs[name] = { dataId: cpu.write(wasm.readSync(t.dataId), t.shape, t.dtype), shape: t.shape, dtype: t.dtype };
  }
  const result = kernelFunc({ inputs: cpuInputs, backend: cpu, attrs });
  const outputs = Array.isArray(result) ? result : [result];
  const copied = outputs.map((o) => wasm.makeOutput(o.shape, o.dtype, undefined, cpu!.readSync(o.dataId)));
  for (const t of [...Object.values(cpuInputs), ...outputs]) if (t) cpu.disposeData(t.dataId, true);
  return Array.isArray(result) ? copied : copied[0];
}
