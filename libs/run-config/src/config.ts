import type { FusionConfigOverrides } from '@vidsim/fusion-model';

/** Where the videos come from: the built-in synthetic corpus, or the official challenge files. */
export type CorpusConfig =
  | {
      source: 'synthetic';
      preset: 'tiny' | 'demo' | 'full';
      seed: number;
      /** 'realistic' (re-uploads, uploader nuisances, unseen test content, labelled test pairs) or the first 'classic' generator. */
      style: 'realistic' | 'classic';
    }
  | { source: 'official'; /** folder with pointwise/, pairwise/ (+ label.tsv), test_a/, test_b/ */ dir: string };

export interface PrepareConfig {
  /** Official-baseline uniform frame sub-sampling instead of the first 32 frames (reference: false). */
  subsample: boolean;
  /** Which fold builder the pairwise stage uses (reference: 'strict', pair hash into 20 groups). */
  foldScheme: 'strict' | 'component' | 'idmod';
  /** Folds per scheme (reference: 5); the pairwise stages are pairwise-0 .. pairwise-(numFolds-1). */
  numFolds: number;
  /** Count and skip bad records and label lines (listed in prepare/summary.json) instead of stopping at the first. */
  skipBad: boolean;
  /** Videos per Arrow file. */
  shardRows: number;
}

export interface FeaturesConfig {
  /** BERT title ids: 40 = first 30 + last 10 ([SEP] included). */
  titleLength: number;
  titleTail: number;
  /** Title word ids: 26 = first 16 + last 10, 101/102 markers. */
  wordLength: number;
  wordTail: number;
  /** Tag slots per video (max_tags 29). */
  maxTags: number;
  /** word2vec skip-gram (window 32, min count 1, 10 epochs, 400-d in the reference); dim must equal model.wordDim. */
  w2vEpochs: number;
  w2vWindow: number;
  w2vNegative: number;
}

export interface PretrainConfig {
  /** false: the pointwise stage starts from `init` directly (ablation "no MLM continue pretrain"). */
  enabled: boolean;
  /** 'scratch' or the folder of a Hugging Face BERT checkpoint (config.json + model.safetensors). */
  init: string;
  epochs: number;
  batchSize: number;
  lr: number;
  endLr: number;
  warmupProportion: number;
  maskProbability: number;
  checkpointEvery: number;
}

export interface PointwiseConfig {
  epochs: number;
  batchSize: number;
  lrHead: number;
  lrBert: number;
  /** Decay span in epochs: 1 gives the reference's per-epoch sawtooth; 0 one linear decay over the run. */
  decayEpochs: number;
  warmupProportion: number;
  endLr: number;
  clipNorm: number;
  checkpointEvery: number;
  /**
   * Dimensions of the linear probe fitted after the tower (ridge from mean frames and title/ASR TF-IDF to the tags,
   * reduced to this many directions; libs/linear-probe), for `pairwise.stackProbe`. 0: no probe (reference).
   */
  probeDims: number;
  /**
   * Also train the tower and the probe on the pairwise set's videos and tags (never its labels), as the 1st place
   * trained on pointwise + pairwise and the reference README's online variant did. The pairwise set's re-uploads and
   * related videos show which input differences do not change the tags. A tenth of the pointwise videos is then held
   * out of training for the tag diagnostics. false: the pointwise set only (reference).
   */
  withPairwiseVideos: boolean;
}

export interface PairwiseConfig {
  /** Validation folds to train (0 .. prepare.numFolds-1), each from the pointwise weights. */
  folds: number[];
  /** Also train on every pair for the submission (the online model). */
  trainAll: boolean;
  epochs: number;
  /** Pairs per batch (256 in the reference). */
  batchSize: number;
  lrHead: number;
  lrBert: number;
  warmupProportion: number;
  endLr: number;
  clipNorm: number;
  /** Training target: 'bin' (quantile, relevance2), 'rank' (1st place), 'thres' (the in-competition THRES label), 'identity'. */
  labelNorm: 'bin' | 'rank' | 'thres' | 'identity';
  /** Weight each pair by ln(100·THRES[k] + 2). */
  sampleWeights: boolean;
  /**
   * 'mse': weighted MSE between the cosine and the normalised label (reference). 'correlation': 1 - the batch's
   * weighted Pearson correlation between them, blind to the cosines' offset and scale, so a few thousand pairs
   * train the ranking instead of first re-calibrating every cosine.
   */
  loss: 'mse' | 'correlation';
  /**
   * Share of the training pairs (whole queries, by a hash of the query id) held out to pick the epoch: after each
   * epoch the tower is scored on them, and the best state (the pointwise start included) is kept. 0: train every
   * pair, keep the last epoch (reference).
   */
  holdoutShare: number;
  checkpointEvery: number;
  /**
   * Stack the pointwise stage's linear probe with the tower: the embedding becomes [√w·tower, √(1-w)·probe] (unit
   * parts), w fitted on the held-out training pairs (all training pairs when there are none). Needs
   * `pointwise.probeDims` > 0. false: the tower alone (reference).
   */
  stackProbe: boolean;
}

/** The eval step: store-based baselines and every model score with a bootstrap interval. */
export interface EvalConfig {
  /** Bootstrap replicates per interval (pairs resampled with replacement). */
  resamples: number;
  /** Compute the simple baselines (mean-frame, title TF-IDF, shared tags, linear probe). */
  baselines: boolean;
  /** Training videos (strided from pointwise) for idf, centring, the SVD and the probe. */
  maxTrainVideos: number;
  /** Tags the linear probe predicts (the most frequent). */
  probeTags: number;
}

export interface SubmitConfig {
  /** Test sets to embed (each becomes its own result zip). */
  sets: string[];
}

export interface RunConfig {
  /** The run's name: artifacts go to artifacts/<name>/<stage>/. */
  name: string;
  /** Preset this config was built from. */
  preset: PresetName;
  seed: number;
  corpus: CorpusConfig;
  prepare: PrepareConfig;
  features: FeaturesConfig;
  /** Model preset plus overrides; vocab sizes are filled in from the prepared data. */
  model: { preset: 'model2' | 'tiny'; overrides: FusionConfigOverrides };
  pretrain: PretrainConfig;
  pointwise: PointwiseConfig;
  pairwise: PairwiseConfig;
  submit: SubmitConfig;
  eval: EvalConfig;
}

export type PresetName = 'reference' | 'demo' | 'tiny';
