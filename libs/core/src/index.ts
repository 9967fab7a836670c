export { VidsimError, isVidsimError } from './lib/errors';
export type { VidsimErrorContext } from './lib/errors';
export { Rng, mulberry32, splitmix32 } from './lib/random';
export type { RngAlgorithm } from './lib/random';
export {
  toFloat16Bits,
  float32ToFloat16Bits,
  float16Table,
  float16Value,
  roundToFloat16,
  float16BitsToFloat32,
} from './lib/float16';
export { writeFileAtomic, writeFileAtomicSync, atomicTempPath } from './lib/atomic-write';
export { averageRanks, assertFinite, pearson, spearman, cosine } from './lib/stats';
