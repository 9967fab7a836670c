export { NeXtVLAD, type NeXtVLADArgs } from './lib/next-vlad';
export { nextVladForward, type NextVladWeights } from './lib/next-vlad-math';
export {
  type NextVladConfig,
  VISION_NEXTVLAD,
  MERGE_NEXTVLAD,
  TINY_NEXTVLAD,
  groupFeatureSize,
  resolveNextVladConfig,
} from './lib/config';
export { sequenceMask } from './lib/sequence-mask';
export { NextVladError, type NextVladErrorCode } from './lib/errors';
