import { tf } from '../tf';
import { HeapView, type WasmBackend } from './wasm-heap';

export interface FusedInputs {
  bias?: tf.TensorInfo;
  preluActivationWeights?: tf.TensorInfo;
}

export interface FusedAttrs {
  activation?: string;
  leakyreluAlpha?: number;
}

const ACTIVATION_KERNELS: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  sigmoid: 'Sigmoid',
  elu: 'Elu',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

/**
 * `_FusedMatMul`'s bias and activation on a fresh float32 matmul output that the caller owns. A rank-1 (or
 * scalar) bias and the elementwise activations run in place on the wasm heap; anything else (a broadcast bias,
 * prelu) goes through the backend's own Add and activation kernels. Returns the result (maybe a new tensor;
 * `out` is then disposed).
 */
export function fusedEpilogue(
  out: tf.TensorInfo,
  inputs: FusedInputs,
  attrs: FusedAttrs,
  backend: WasmBackend,
): tf.TensorInfo {
  const activation = attrs.activation ?? 'linear';
  const { bias, preluActivationWeights } = inputs;
  const n = out.shape[out.shape.length - 1];
  const biasSize = bias ? tf.util.sizeFromShape(bias.shape) : 0;
  const rowBias = bias !== undefined && (biasSize === 1 || (biasSize === n && bias.shape[bias.shape.length - 1] === n));
  const inHeapActivation = activation === 'linear' || (activation in ACTIVATION_KERNELS && activation !== 'prelu');
  if ((bias === undefined || rowBias) && inHeapActivation && bias?.dtype !== 'int32') {
    const heap = new HeapView(backend);
    const y = heap.floats(out);
    if (bias) addRowBias(y, heap.floats(bias), biasSize === 1 ? 1 : n);
    applyActivation(y, activation, attrs.leakyreluAlpha ?? 0.2);
    return out;
  }
  let result = out;
  const run = (kernelName: string, kernelInputs: tf.NamedTensorInfoMap, kernelAttrs: tf.NamedAttrMap = {}) => {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (!kernel) throw new Error(`_FusedMatMul: the wasm backend has no ${kernelName} kernel`);
    const next = kernel.kernelFunc({
      inputs: kernelInputs,
      backend: backend as unknown as tf.KernelBackend,
      attrs: kernelAttrs,
    }) as tf.TensorInfo;
    backend.disposeData(result.dataId);
    result = next;
  };
  if (bias) run('Add', { a: result, b: bias });
  if (activation === 'prelu') {
    if (!preluActivationWeights) throw new Error('_FusedMatMul: prelu activation without preluActivationWeights');
    run('Prelu', { x: result, alpha: preluActivationWeights });
  } else if (activation === 'leakyrelu') run('LeakyRelu', { x: result }, { alpha: attrs.leakyreluAlpha ?? 0.2 });
  else if (activation !== 'linear') {
    const kernelName = ACTIVATION_KERNELS[activation];
    if (!kernelName) throw new Error(`_FusedMatMul: unknown activation '${activation}'`);
    run(kernelName, { x: result });
  }
  return result;
}

function addRowBias(y: Float32Array, bias: Float32Array, n: number): void {
  if (n === 1) {
    const v = bias[0];
    for (let i = 0; i < y.length; i++) y[i] += v;
    return;
  }
  for (let row = 0; row < y.length; row += n) {
    for (let j = 0; j < n; j++) y[row + j] += bias[j];
  }
}

function applyActivation(y: Float32Array, activation: string, alpha: number): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = 0;
      return;
    case 'relu6':
      for (let i = 0; i < y.length; i++) y[i] = Math.min(Math.max(y[i], 0), 6);
      return;
    case 'leakyrelu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] *= alpha;
      return;
    case 'sigmoid':
      for (let i = 0; i < y.length; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
      return;
    case 'elu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = Math.expm1(y[i]);
      return;
    default:
      throw new Error(`_FusedMatMul: unknown activation '${activation}'`);
  }
}
