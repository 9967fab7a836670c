export { FusionTower, type TowerBatch, type TagTargets, type FusionTowerOptions } from './lib/tower';
export {
  MODEL2,
  TINY,
  resolveFusionConfig,
  type FusionConfig,
  type FusionConfigOverrides,
  type VladBranchConfig,
} from './lib/config';
export { Dice, diceForward, type DiceArgs } from './lib/dice';
export {
  WordsAttentionPooling,
  attentionPool,
  MASKED_SOFTMAX_PENALTY,
  type WordsAttentionPoolingArgs,
} from './lib/words-attention-pooling';
export { MultiDropout } from './lib/multi-dropout';
export { FusionModelError, type FusionModelErrorCode } from './lib/errors';
export { towerVariables, saveTower, loadTowerInto, buildTowerFromPretrain, PRETRAIN_FILES } from './lib/tower-io';
export { visionTokenInputs } from './lib/vision-tokens';
export { pairLoss, pairCorrelationLoss, weightedCorrelation, l2Normalize } from './lib/pair-loss';
