export { tf, tfl } from './tf';
export { initTf, currentBackend, probeBackends, BACKEND_NAMES, type BackendName, type BackendChoice, type InitTfOptions, type BackendProbe } from './backend';
export { checkCudaLibraries, parseLdconfig, TFJS_GPU_LIBRARIES, type LibraryCheck } from './cuda-libs';
export { TfRuntimeError } from './errors';
export { setGlobalSeed, globalRng, nextTfSeed } from './seed';
export {
  parseSafetensors, serializeSafetensors, readSafetensors, writeSafetensors,
  safeTensorToFloat32, float32ToSafeTensor, type SafeTensor, type SafetensorsFile, type SafetensorsDtype,
} from './safetensors';
export { saveVariables, loadTensors, loadVariablesInto } from './variables-io';
export { bfloat16BitsToFloat32, float32ToBfloat16Bits } from './half';
export { registerFastSegmentSum } from './kernels/unsorted-segment-sum';
export { patchWasmBatchMatMul } from './kernels/wasm-batch-matmul';
export { registerBroadcastingBatchMatMulGrad } from './kernels/batch-matmul-grad';
export { bridgeMissingWasmKernels } from './kernels/wasm-bridge';
