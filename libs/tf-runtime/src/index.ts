export { tf, tfl } from './tf';
export { initTf, currentBackend, BACKEND_NAMES, type BackendName, type BackendChoice, type InitTfOptions } from './backend';
export { TfRuntimeError } from './errors';
export { Rng, setGlobalSeed, globalRng, nextTfSeed } from './seed';
export {
  parseSafetensors, serializeSafetensors, readSafetensors, writeSafetensors, writeFileAtomic,
  safeTensorToFloat32, float32ToSafeTensor, type SafeTensor, type SafetensorsFile, type SafetensorsDtype, type SafetensorsLimits,
} from './safetensors';
export { parseSafetensorsHeader, DEFAULT_SAFETENSORS_LIMITS } from './safetensors-header';
export { saveVariables, loadTensors, loadVariablesInto } from './variables-io';
export { float16Table, float16BitsToFloat32, float32ToFloat16Bits, float32ToFloat16Bit, bfloat16BitsToFloat32, float32ToBfloat16Bits } from './half';
export { registerFastSegmentSum } from './kernels/unsorted-segment-sum';
export { patchWasmBatchMatMul } from './kernels/wasm-batch-matmul';
export { registerBroadcastingBatchMatMulGrad } from './kernels/batch-matmul-grad';
export { bridgeMissingWasmKernels } from './kernels/wasm-bridge';
