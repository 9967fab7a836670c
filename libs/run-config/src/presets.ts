import type { FusionConfigOverrides } from '@vidsim/fusion-model';
import type { PresetName, RunConfig } from './config';

/** The reference's strict 5-fold split: prepare writes this many folds and the reference trains every one. */
const REFERENCE_FOLDS = 5;

/** The demo/tiny tower's recipe on top of the fusion-model TINY preset (measured in libs/pipeline/RECIPE.md). */
const DEMO_TOWER: FusionConfigOverrides = {
  frameNorm: true,
  tagLoss: 'fullSoftmax',
  hiddenSize: 128,
  tagBias: true,
  embeddingCentre: true,
  embeddingWhiten: true,
  whitenShrinkage: 0.5,
};

/**
 * The reference solution's effective values (reference-solution.md §2.1, §3.2, §4, §5.3), for the real data on a
 * GPU. `corpus.dir` must be set by the user.
 */
export const REFERENCE: RunConfig = {
  name: 'reference',
  preset: 'reference',
  seed: 1024,
  corpus: { source: 'official', dir: 'data/qqbrowser' },
  prepare: { subsample: false, foldScheme: 'strict', numFolds: REFERENCE_FOLDS, skipBad: false, shardRows: 8192 },
  features: {
    titleLength: 40,
    titleTail: 10,
    wordLength: 26,
    wordTail: 10,
    maxTags: 29,
    w2vEpochs: 10,
    w2vWindow: 32,
    w2vNegative: 5,
  },
  model: { preset: 'model2', overrides: {} },
  pretrain: {
    enabled: true,
    init: 'hfl/chinese-roberta-wwm-ext',
    epochs: 10,
    batchSize: 1024,
    lr: 5e-5,
    endLr: 1e-6,
    warmupProportion: 0.1,
    maskProbability: 0.15,
    checkpointEvery: 1000,
  },
  pointwise: {
    epochs: 5,
    batchSize: 512,
    lrHead: 5e-4,
    lrBert: 3e-5,
    decayEpochs: 1,
    warmupProportion: 0.1,
    endLr: 1e-7,
    clipNorm: 1,
    checkpointEvery: 500,
    probeDims: 0,
    withPairwiseVideos: false,
  },
  pairwise: {
    folds: Array.from({ length: REFERENCE_FOLDS }, (_, k) => k),
    trainAll: true,
    epochs: 5,
    batchSize: 256,
    lrHead: 5e-4,
    lrBert: 3e-5,
    warmupProportion: 0.1,
    endLr: 1e-7,
    clipNorm: 1,
    labelNorm: 'bin',
    sampleWeights: true,
    loss: 'mse',
    holdoutShare: 0,
    checkpointEvery: 200,
    stackProbe: false,
  },
  submit: { sets: ['test_a', 'test_b'] },
  eval: { resamples: 1000, baselines: true, maxTrainVideos: 20_000, probeTags: 1000 },
};

/**
 * The main job on a laptop: the synthetic demo corpus and the tiny tower, minutes on 2 cores. The recipe is the one
 * measured in libs/pipeline/RECIPE.md (issue 13): frames standardised per dimension, the full softmax over the few
 * thousand tags, a 128-d embedding, five epochs under one linear decay, the embedding centred and half-shrunk
 * whitened on training videos; no MLM pretrain (it cost 0.09 zero-shot Spearman from scratch at this size);
 * pairwise fine-tuning by batch correlation with early stopping on held-out training queries (it keeps the
 * pointwise tower when a few thousand pairs do not beat it).
 */
export const DEMO: RunConfig = {
  ...REFERENCE,
  name: 'demo',
  preset: 'demo',
  corpus: { source: 'synthetic', preset: 'demo', seed: 1024, style: 'realistic' },
  features: { ...REFERENCE.features, w2vEpochs: 5, w2vWindow: 8 },
  model: { preset: 'tiny', overrides: DEMO_TOWER },
  pretrain: {
    ...REFERENCE.pretrain,
    enabled: false,
    init: 'scratch',
    epochs: 1,
    batchSize: 64,
    lr: 5e-4,
    checkpointEvery: 100,
  },
  pointwise: {
    ...REFERENCE.pointwise,
    epochs: 5,
    batchSize: 64,
    lrHead: 2e-3,
    lrBert: 5e-4,
    decayEpochs: 0,
    checkpointEvery: 50,
    probeDims: 128,
    withPairwiseVideos: true,
  },
  pairwise: {
    ...REFERENCE.pairwise,
    epochs: 1,
    batchSize: 32,
    lrHead: 2e-4,
    lrBert: 5e-5,
    loss: 'correlation',
    holdoutShare: 0.2,
    checkpointEvery: 50,
    stackProbe: true,
  },
};

/** CI-sized: the tiny corpus, the demo's recipe with short stages. */
export const TINY: RunConfig = {
  ...DEMO,
  name: 'tiny',
  preset: 'tiny',
  corpus: { source: 'synthetic', preset: 'tiny', seed: 1024, style: 'realistic' },
  features: { ...DEMO.features, w2vEpochs: 2, w2vWindow: 4 },
  pretrain: { ...DEMO.pretrain, epochs: 1, batchSize: 32 },
  pointwise: { ...DEMO.pointwise, epochs: 2, batchSize: 32 },
  pairwise: { ...DEMO.pairwise, folds: [0, 1], epochs: 1, batchSize: 16 },
};

export const PRESETS: Record<PresetName, RunConfig> = { reference: REFERENCE, demo: DEMO, tiny: TINY };
