import type {
  CorpusConfig,
  EvalConfig,
  FeaturesConfig,
  PairwiseConfig,
  PointwiseConfig,
  PrepareConfig,
  PretrainConfig,
  RunConfig,
  SubmitConfig,
} from './config';
import {
  bool,
  clipNormRule,
  endLearningRate,
  int,
  learningRate,
  oneOf,
  positiveInt,
  proportion,
  type CrossCheck,
  type SectionSchema,
} from './schema';

// One schema per section. A new field is added to its interface in config.ts and gets its rule here (the mapped type
// makes a missing rule a compile error); relations between fields of a section go in that section's cross checks.

/** Folder-safe names (a run, a test set): they become path components. */
const SAFE_NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const SAFE_NAME_NOTE = 'a folder-safe name (letters, digits, . _ -; not starting with . _ -)';
/** Seeds go into 32-bit generators. */
const SEED = int(0, 2 ** 32 - 1);
const EPOCHS = positiveInt(10_000);
const BATCH = positiveInt(1 << 20);
const CHECKPOINT_EVERY = positiveInt(1e9);
/** BERT's position table has 512 entries. */
const SEQUENCE = positiveInt(512);

export const TOP_SCHEMA: SectionSchema<Pick<RunConfig, 'name' | 'seed'>> = {
  name: { kind: 'string', pattern: SAFE_NAME, patternNote: SAFE_NAME_NOTE, maxLength: 100 },
  seed: SEED,
};

type Synthetic = Extract<CorpusConfig, { source: 'synthetic' }>;
type Official = Extract<CorpusConfig, { source: 'official' }>;
export const CORPUS_SCHEMAS: { synthetic: SectionSchema<Synthetic>; official: SectionSchema<Official> } = {
  synthetic: {
    source: oneOf('synthetic'),
    preset: oneOf('tiny', 'demo', 'full'),
    seed: SEED,
    style: oneOf('realistic', 'classic'),
  },
  official: { source: oneOf('official'), dir: { kind: 'string', maxLength: 4096 } },
};

export const PREPARE_SCHEMA: SectionSchema<PrepareConfig> = {
  subsample: bool,
  foldScheme: oneOf('strict', 'component', 'idmod'),
  numFolds: int(2, 20),
  skipBad: bool,
  shardRows: positiveInt(1 << 24),
};

export const FEATURES_SCHEMA: SectionSchema<FeaturesConfig> = {
  titleLength: int(2, 512),
  titleTail: int(0, 511),
  wordLength: SEQUENCE,
  wordTail: int(0, 511),
  maxTags: positiveInt(10_000),
  w2vEpochs: positiveInt(1000),
  w2vWindow: positiveInt(1000),
  w2vNegative: positiveInt(100),
};
export const FEATURES_CHECKS: Array<CrossCheck<FeaturesConfig>> = [
  (f) =>
    f.titleTail >= f.titleLength
      ? ['titleTail', `must be below titleLength (${f.titleLength}), got ${f.titleTail}`]
      : undefined,
  (f) =>
    f.wordTail >= f.wordLength
      ? ['wordTail', `must be below wordLength (${f.wordLength}), got ${f.wordTail}`]
      : undefined,
];

export const PRETRAIN_SCHEMA: SectionSchema<PretrainConfig> = {
  enabled: bool,
  init: { kind: 'string', maxLength: 4096 },
  epochs: EPOCHS,
  batchSize: BATCH,
  lr: learningRate,
  endLr: endLearningRate,
  warmupProportion: proportion,
  maskProbability: { kind: 'number', min: 0, max: 1, above: true, below: true },
  checkpointEvery: CHECKPOINT_EVERY,
};

/** endLr is where the decay ends: above a peak rate the "decay" would climb. */
function endLrBelow<T extends { endLr: number }>(...peaks: Array<keyof T & string>): CrossCheck<T> {
  return (s) => {
    const peak = peaks.find((p) => s.endLr > (s[p] as number));
    return peak ? ['endLr', `must not exceed ${peak} (${s[peak]}), got ${s.endLr}`] : undefined;
  };
}
export const PRETRAIN_CHECKS: Array<CrossCheck<PretrainConfig>> = [endLrBelow<PretrainConfig>('lr')];

export const POINTWISE_SCHEMA: SectionSchema<PointwiseConfig> = {
  epochs: EPOCHS,
  batchSize: BATCH,
  lrHead: learningRate,
  lrBert: learningRate,
  decayEpochs: int(0, 10_000),
  warmupProportion: proportion,
  endLr: endLearningRate,
  clipNorm: clipNormRule,
  checkpointEvery: CHECKPOINT_EVERY,
  probeDims: int(0, 4096),
  withPairwiseVideos: bool,
};
export const POINTWISE_CHECKS: Array<CrossCheck<PointwiseConfig>> = [endLrBelow<PointwiseConfig>('lrHead', 'lrBert')];

export const PAIRWISE_SCHEMA: SectionSchema<PairwiseConfig> = {
  // below prepare.numFolds: a check across sections in resolve.ts
  folds: { kind: 'intList', min: 0, max: 19, distinct: true, maxItems: 20 },
  trainAll: bool,
  epochs: EPOCHS,
  batchSize: BATCH,
  lrHead: learningRate,
  lrBert: learningRate,
  warmupProportion: proportion,
  endLr: endLearningRate,
  clipNorm: clipNormRule,
  labelNorm: oneOf('bin', 'rank', 'thres', 'identity'),
  sampleWeights: bool,
  loss: oneOf('mse', 'correlation'),
  holdoutShare: { kind: 'number', min: 0, max: 0.5 },
  checkpointEvery: CHECKPOINT_EVERY,
  stackProbe: bool,
};
export const PAIRWISE_CHECKS: Array<CrossCheck<PairwiseConfig>> = [endLrBelow<PairwiseConfig>('lrHead', 'lrBert')];

export const SUBMIT_SCHEMA: SectionSchema<SubmitConfig> = {
  sets: { kind: 'stringList', pattern: SAFE_NAME, patternNote: SAFE_NAME_NOTE, distinct: true },
};

export const EVAL_SCHEMA: SectionSchema<EvalConfig> = {
  resamples: positiveInt(100_000),
  baselines: bool,
  maxTrainVideos: positiveInt(10_000_000),
  probeTags: positiveInt(100_000),
};

export const MODEL_SCHEMA: SectionSchema<RunConfig['model']> = {
  preset: oneOf('model2', 'tiny'),
  overrides: { kind: 'object' },
};
