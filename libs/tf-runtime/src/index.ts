export { tf, tfl } from './tf';
export {
  initTf,
  currentBackend,
  describeBackend,
  probeBackends,
  BACKEND_NAMES,
  type BackendName,
  type BackendChoice,
  type InitTfOptions,
  type BackendProbe,
} from './backend';
export { checkCudaLibraries, parseLdconfig, TFJS_GPU_LIBRARIES, type LibraryCheck } from './cuda-libs';
export { TfRuntimeError } from './errors';
export { setGlobalSeed, globalRng, nextTfSeed } from './seed';
export {
  parseSafetensors,
  serializeSafetensors,
  readSafetensors,
  writeSafetensors,
  safeTensorToFloat32,
  float32ToSafeTensor,
  type SafeTensor,
  type SafetensorsFile,
  type SafetensorsDtype,
  type SafetensorsLimits,
} from './safetensors';
export { parseSafetensorsHeader, DEFAULT_SAFETENSORS_LIMITS } from './safetensors-header';
export { saveVariables, loadTensors, loadVariablesInto } from './variables-io';
export { bfloat16BitsToFloat32, float32ToBfloat16Bits } from './half';
export { registerFastSegmentSum } from './kernels/unsorted-segment-sum';
export { patchWasmBatchMatMul } from './kernels/wasm-batch-matmul';
export { registerBroadcastingBatchMatMulGrad } from './kernels/batch-matmul-grad';
export { bridgeMissingWasmKernels } from './kernels/wasm-bridge';
export {
  enableNativeBlas,
  disableNativeBlas,
  blasStatus,
  describeNativeBlas,
  probeNativeBlas,
  type BlasStatus,
} from './kernels/accelerator';
export { loadNativeBlas, type NativeBlas, type BlasMode } from './kernels/native-blas';
export { guardBatchMatMulBroadcast, guardWasmFusedMatMul } from './kernels/matmul-guards';
export { setWasmFastKernels, wasmFastKernels, parseKernelSwitches, WASM_FAST_KERNELS } from './kernels/fast-kernels';
export { createAdam, FusedAdamOptimizer } from './kernels/fused-adam';
export { layerNorm } from './kernels/layer-norm';
