import { chineseRobertaWwmExt, resolveBertConfig, tiny as tinyBert, type BertConfig } from '@vidsim/bert';
import { FusionModelError } from './errors';

/** A NeXtVLAD branch: the parts that differ between presets (G comes from FusionConfig.vladGroups). */
export interface VladBranchConfig {
  /** F, the nominal feature size that sets the expansion width E·F. model2: 1536 for both branches. */
  featureSize: number;
  clusterSize: number;
  expansion: number;
  outputSize: number;
  dropout: number;
}

/**
 * The whole tower of reference-solution.md §2.2. Defaults (MODEL2) reproduce run/40/model2.sh; every ablation
 * switch of the README table (§6) is a field.
 */
export interface FusionConfig {
  /** BERT over [title tokens; Dense(frames)]. model2: hfl/chinese-roberta-wwm-ext. */
  bert: BertConfig;
  /** Per-frame feature size. 1536. */
  frameDim: number;
  /** Vision NeXtVLAD over the frames. */
  visionVlad: VladBranchConfig;
  /** Merge NeXtVLAD over the BERT sequence (separate weights, share_nextvlad=0). */
  mergeVlad: VladBranchConfig;
  /** G for both NeXtVLADs. model2: 4; ablation `vgroups8`: 8. */
  vladGroups: number;
  /** Reference quirk (false): padded frames still reach the vision NeXtVLAD as the expand bias. */
  maskPaddedAfterExpand: boolean;
  /** Word vocab size (data-dependent: 200 reserved ids + UNK + jieba words). */
  wordVocabSize: number;
  /** Word embedding width (wes). model2: 400. */
  wordDim: number;
  /** Tag vocab size including PAD and UNK (data-dependent). */
  tagVocabSize: number;
  /** Final embedding width. 256. */
  hiddenSize: number;
  /** Ablation `nowords` when false. */
  useWords: boolean;
  /** Ablation `nomerge` when false (model.py only: model2 always computes it). */
  useMerge: boolean;
  /** Mean of `mdropExperts` Dense+activation experts (true) or one Dense+activation (ablation `nomdrop`). */
  mdrop: boolean;
  mdropExperts: number;
  /** Dropout in front of each expert. model2: 0. */
  mdropRate: number;
  /** 'dice' (one shared instance, the reference quirk) or 'relu' (ablation `nodice`). */
  activation: 'dice' | 'relu';
  /** Dice BN epsilon 1e-7, momentum 0.99. */
  diceEpsilon: number;
  diceMomentum: number;
  /** SE after the fusion (ablation `add-se`): Dense(hidden/seRatio, relu) -> Dense(hidden, sigmoid) gate. */
  useSe: boolean;
  seRatio: number;
  /** Final LayerNorm (ablation `nolayernorm` when false) and its epsilon (1e-6). */
  layerNorm: boolean;
  layerNormEps: number;
  /**
   * 'softmax': per-positive sampled softmax (§3.1); 'fullSoftmax': the same softmax over every tag (for small tag
   * vocabularies); 'sigmoid': multi-label BCE over the top tags (ablation `binary`).
   */
  tagLoss: 'softmax' | 'fullSoftmax' | 'sigmoid';
  /**
   * A trained per-tag bias added to every tag logit (initialised at 0), so the tag prior (frequent tags score
   * higher for every video) need not be a direction shared by every embedding. model2: false (raw dot products).
   */
  tagBias: boolean;
  /** Sampled softmax only: drop negatives that equal a positive (TensorFlow's default). model2: false (kept). */
  removeAccidentalHits: boolean;
  /**
   * Standardise each frame dimension, (x - mean) / std, with statistics fitted on the training videos and saved
   * with the model (state variables), before any layer sees the frames. model2: false.
   */
  frameNorm: boolean;
  /**
   * Subtract the mean embedding of the training videos (fitted after pointwise training, saved with the model)
   * from every embedding, so cosines compare what differs between videos. model2: false.
   */
  embeddingCentre: boolean;
  /**
   * With embeddingCentre: also whiten, x -> (x - mean) W with W W^T = S^-1 for the shrunk covariance
   * S = (1 - whitenShrinkage) cov + whitenShrinkage (tr cov / D) I of the training videos' embeddings, so no few
   * directions dominate the cosine. model2: false.
   */
  embeddingWhiten: boolean;
  /** The shrinkage of the whitening covariance towards isotropic: 0 full whitening, 1 none. */
  whitenShrinkage: number;
  /** Sampled negatives per example (1000) and the loss scale (1000). */
  numNegatives: number;
  lossScale: number;
  /** Classes of the sigmoid ablation: the most frequent tags. */
  sigmoidTopTags: number;
  /** tag_emb ~ U(-tagInit, tagInit) (Keras 'uniform'). 0.05. */
  tagInit: number;
  /** Seed for every initialiser; unset = random. */
  seed?: number;
}

const VLAD_1536: VladBranchConfig = { featureSize: 1536, clusterSize: 64, expansion: 2, outputSize: 1024, dropout: 0 };

/** run/40/model2.sh, with the data-dependent vocab sizes set to the full competition data (62,880 tags + 2). */
export const MODEL2: Readonly<FusionConfig> = Object.freeze({
  bert: chineseRobertaWwmExt,
  frameDim: 1536,
  visionVlad: VLAD_1536,
  mergeVlad: VLAD_1536,
  vladGroups: 4,
  maskPaddedAfterExpand: false,
  wordVocabSize: 100_000,
  wordDim: 400,
  tagVocabSize: 62_882,
  hiddenSize: 256,
  useWords: true,
  useMerge: true,
  mdrop: true,
  mdropExperts: 5,
  mdropRate: 0,
  activation: 'dice',
  diceEpsilon: 1e-7,
  diceMomentum: 0.99,
  useSe: false,
  seRatio: 8,
  layerNorm: true,
  layerNormEps: 1e-6,
  tagLoss: 'softmax',
  removeAccidentalHits: false,
  tagBias: false,
  frameNorm: false,
  embeddingCentre: false,
  embeddingWhiten: false,
  whitenShrinkage: 0.5,
  numNegatives: 1000,
  lossScale: 1000,
  sigmoidTopTags: 10_000,
  tagInit: 0.05,
});

/** The same structure at a size that trains on 2 cores: tiny BERT, few clusters, small expansion and widths. */
export const TINY: Readonly<FusionConfig> = Object.freeze({
  ...MODEL2,
  bert: tinyBert,
  visionVlad: { featureSize: 32, clusterSize: 8, expansion: 2, outputSize: 64, dropout: 0 },
  mergeVlad: { featureSize: 32, clusterSize: 8, expansion: 2, outputSize: 64, dropout: 0 },
  wordVocabSize: 2000,
  wordDim: 32,
  tagVocabSize: 1002,
  hiddenSize: 32,
  numNegatives: 100,
  sigmoidTopTags: 500,
});

export type FusionConfigOverrides = Partial<Omit<FusionConfig, 'bert' | 'visionVlad' | 'mergeVlad'>> & {
  bert?: Partial<BertConfig>;
  visionVlad?: Partial<VladBranchConfig>;
  mergeVlad?: Partial<VladBranchConfig>;
};

/** base (default MODEL2) + overrides, validated; unknown keys are errors. */
export function resolveFusionConfig(
  overrides: FusionConfigOverrides = {},
  base: Readonly<FusionConfig> = MODEL2,
): FusionConfig {
  for (const k of Object.keys(overrides)) {
    if (!(k in MODEL2) && k !== 'seed') bad(k, 'a FusionConfig field', k, 'unknown key');
  }
  const c: FusionConfig = {
    ...base,
    ...overrides,
    bert: resolveBertConfig(overrides.bert ?? {}, base.bert),
    visionVlad: { ...base.visionVlad, ...overrides.visionVlad },
    mergeVlad: { ...base.mergeVlad, ...overrides.mergeVlad },
  } as FusionConfig;
  for (const f of [
    'frameDim',
    'vladGroups',
    'wordVocabSize',
    'wordDim',
    'tagVocabSize',
    'hiddenSize',
    'mdropExperts',
    'seRatio',
    'numNegatives',
    'sigmoidTopTags',
  ] as const) {
    if (!Number.isInteger(c[f]) || c[f] <= 0) bad(f, 'a positive integer', c[f]);
  }
  for (const [name, v] of [
    ['visionVlad', c.visionVlad],
    ['mergeVlad', c.mergeVlad],
  ] as const) {
    for (const f of ['featureSize', 'clusterSize', 'expansion', 'outputSize'] as const) {
      if (!Number.isInteger(v[f]) || v[f] <= 0) bad(`${name}.${f}`, 'a positive integer', v[f]);
    }
    if ((v.featureSize * v.expansion) % c.vladGroups !== 0)
      bad('vladGroups', `a divisor of ${name}.featureSize*expansion = ${v.featureSize * v.expansion}`, c.vladGroups);
  }
  if (!(c.mdropRate >= 0 && c.mdropRate < 1)) bad('mdropRate', 'in [0, 1)', c.mdropRate);
  if (c.activation !== 'dice' && c.activation !== 'relu') bad('activation', "'dice' or 'relu'", c.activation);
  if (!['softmax', 'fullSoftmax', 'sigmoid'].includes(c.tagLoss))
    bad('tagLoss', "'softmax', 'fullSoftmax' or 'sigmoid'", c.tagLoss);
  for (const f of ['removeAccidentalHits', 'tagBias', 'frameNorm', 'embeddingCentre', 'embeddingWhiten'] as const)
    if (typeof c[f] !== 'boolean') bad(f, 'a boolean', c[f]);
  if (c.embeddingWhiten && !c.embeddingCentre)
    bad('embeddingWhiten', 'used with embeddingCentre (whitening needs the centre)', c.embeddingWhiten);
  if (!(c.whitenShrinkage >= 0 && c.whitenShrinkage <= 1)) bad('whitenShrinkage', 'in [0, 1]', c.whitenShrinkage);
  if (c.tagLoss === 'softmax' && c.numNegatives > c.tagVocabSize - 2)
    bad('numNegatives', `at most tagVocabSize-2 = ${c.tagVocabSize - 2}`, c.numNegatives);
  if (c.tagLoss === 'sigmoid' && c.sigmoidTopTags > c.tagVocabSize - 2)
    bad('sigmoidTopTags', `at most tagVocabSize-2 = ${c.tagVocabSize - 2}`, c.sigmoidTopTags);
  if (c.hiddenSize % c.seRatio !== 0) bad('seRatio', `a divisor of hiddenSize ${c.hiddenSize}`, c.seRatio);
  if (!(c.tagInit > 0)) bad('tagInit', '> 0', c.tagInit);
  return c;
}

function bad(field: string, rule: string, actual: unknown, what = 'Invalid option'): never {
  throw new FusionModelError(`${what} ${field}: must be ${rule}, got ${JSON.stringify(actual)}`, 'BAD_CONFIG', {
    field,
    actual,
  });
}
