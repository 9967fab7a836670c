export { tf, tfl } from './tf';
export { initTf, currentBackend, describeBackend, BACKEND_NAMES, type BackendName, type BackendChoice, type InitTfOptions } from './backend';
export { TfRuntimeError } from './errors';
export { Rng, setGlobalSeed, globalRng, nextTfSeed } from './seed';
export {
  parseSafetensors, serializeSafetensors, readSafetensors, writeSafetensors, writeFileAtomic,
  safeTensorToFloat32, float32ToSafeTensor, type SafeTensor, type SafetensorsFile, type SafetensorsDtype,
} from './safetensors';
export { saveVariables, loadTensors, loadVariablesInto } from './variables-io';
export { float16Table, float16BitsToFloat32, float32ToFloat16Bits, float32ToFloat16Bit, bfloat16BitsToFloat32, float32ToBfloat16Bits } from './half';
export { registerFastSegmentSum } from './kernels/unsorted-segment-sum';
export { patchWasmBatchMatMul } from './kernels/wasm-batch-matmul';
export { registerBroadcastingBatchMatMulGrad } from './kernels/batch-matmul-grad';
export { bridgeMissingWasmKernels } from './kernels/wasm-bridge';
export { enableNativeBlas, disableNativeBlas, blasStatus, describeNativeBlas, probeNativeBlas, type BlasStatus } from './kernels/accelerator';
export { loadNativeBlas, type NativeBlas, type BlasMode } from './kernels/native-blas';
export { guardBatchMatMulBroadcast, guardWasmFusedMatMul } from './kernels/matmul-guards';
export { setWasmFastKernels, wasmFastKernels, parseKernelSwitches, WASM_FAST_KERNELS } from './kernels/fast-kernels';
export { createAdam, FusedAdamOptimizer } from './kernels/fused-adam';
export { layerNorm } from './kernels/layer-norm';
