import { BertModel } from '@vidsim/bert';
import { NeXtVLAD, sequenceMask } from '@vidsim/nextvlad';
import { fullSoftmaxTagLoss, multiLabelSigmoidLoss, sampledSoftmaxTagLoss } from '@vidsim/tag-sampler';
import { tf, tfl } from '@vidsim/tf-runtime';
import { resolveFusionConfig, type FusionConfig, type FusionConfigOverrides, type VladBranchConfig } from './config';
import { FusionModelError } from './errors';
import { MultiDropout } from './multi-dropout';
import { visionTokenInputs } from './vision-tokens';
import { WordsAttentionPooling } from './words-attention-pooling';

type Layer = tfl.layers.Layer;

/** One batch of videos. B batch, T frames, F frame dim, L title tokens, W words. */
export interface TowerBatch {
  /** [B, T, F] float32 (padding = copies of the last frame). */ frames: tf.Tensor3D;
  /** [B] int32 valid frames. */ numFrames: tf.Tensor1D;
  /** [B, L] int32 BERT ids with [CLS]..[SEP]. */ titleIds: tf.Tensor2D;
  /** [B, L] 1 = token, 0 = pad. */ titleMask: tf.Tensor2D;
  /** [B, W] int32 title word ids (0 = pad); required when useWords. */ wordIds?: tf.Tensor2D;
}

/** Tag targets: positives [B, M] int32 (PAD 0 / UNK 1 masked); negatives [B, N] int32 for the softmax loss. */
export interface TagTargets {
  positives: tf.Tensor2D;
  negatives?: tf.Tensor2D | tf.Tensor1D;
}

export interface FusionTowerOptions {
  /** Pretrained word vectors [wordVocabSize, wordDim] (w2v); rows are L2-normalised. Default U(-0.05, 0.05) rows. */
  wordVectors?: Float32Array;
  /** Use this BERT (e.g. loaded from a checkpoint) instead of a freshly initialised one. */
  bert?: BertModel;
}

/**
 * The model2 tower (reference-solution.md §2.2): vision NeXtVLAD, words attention pooling, BERT over
 * [title tokens; Dense(frames)] with token type 1 on the frames, the merge NeXtVLAD over the BERT sequence,
 * concat [vision, words, cls, merge], MultiDropout (shared Dice), optional SE, LayerNorm; plus the tag head.
 */
export class FusionTower {
  readonly config: FusionConfig;
  readonly bert: BertModel;
  readonly visionVlad: NeXtVLAD;
  readonly mergeVlad?: NeXtVLAD;
  readonly visionDense: Layer;
  readonly wordEmb?: tf.Variable<tf.Rank.R2>;
  readonly wordPool?: WordsAttentionPooling;
  readonly fusion: MultiDropout;
  readonly se?: [Layer, Layer];
  readonly layerNorm?: Layer;
  readonly tagEmb: tf.Variable<tf.Rank.R2>;
  /** tagBias: one trained logit offset per tag [tagVocabSize, 1]. */
  readonly tagBiasVar?: tf.Variable<tf.Rank.R2>;
  /** frameNorm: per-dimension frame mean [F] and 1/std [F]; identity until setFrameNorm. Not trained. */
  readonly frameMean?: tf.Variable<tf.Rank.R1>;
  readonly frameScale?: tf.Variable<tf.Rank.R1>;
  /** embeddingCentre: the training videos' mean embedding [hiddenSize]; zero until setEmbeddingCentre. Not trained. */
  readonly embeddingMean?: tf.Variable<tf.Rank.R1>;
  /** embeddingWhiten: W [hiddenSize, hiddenSize] applied after the centre; identity until setEmbeddingCentre. Not trained. */
  readonly embeddingWhitening?: tf.Variable<tf.Rank.R2>;

  constructor(config: FusionConfigOverrides | FusionConfig = {}, options: FusionTowerOptions = {}) {
    const c = (this.config = resolveFusionConfig(config as FusionConfigOverrides));
    const seed = (i: number) => (c.seed === undefined ? undefined : c.seed * 100 + i);
    const H = c.bert.hiddenSize;
    this.bert = options.bert ?? new BertModel({ config: c.bert, seed: seed(0) });
    if (this.bert.config.hiddenSize !== H)
      throw new FusionModelError(
        `bert hiddenSize ${this.bert.config.hiddenSize} differs from config.bert.hiddenSize ${H}`,
        'BAD_CONFIG',
        { field: 'bert' },
      );
    const vlad = (v: VladBranchConfig, inputSize: number, s: number, maskAfter: boolean) => {
      const layer = new NeXtVLAD({
        ...v,
        inputSize,
        groups: c.vladGroups,
        maskPaddedAfterExpand: maskAfter,
        seed: seed(s),
      });
      layer.build([null, null, inputSize]);
      return layer;
    };
    this.visionVlad = vlad(c.visionVlad, c.frameDim, 1, c.maskPaddedAfterExpand);
    // model2's merge mask (72 + n) is a no-op, so the flag cannot change it; it is applied to the vision branch only.
    if (c.useMerge) this.mergeVlad = vlad(c.mergeVlad, H, 2, false);
    this.visionDense = built(
      tfl.layers.dense({ units: H, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed(3) }) }),
      [null, c.frameDim],
    );
    if (c.useWords) {
      this.wordEmb = tf.variable(
        initWordTable(c.wordVocabSize, c.wordDim, options.wordVectors, seed(4)),
        true,
        `word_emb_${uid()}`,
      );
      this.wordPool = built(new WordsAttentionPooling({ seed: seed(5) }), [
        null,
        null,
        c.wordDim,
      ]) as WordsAttentionPooling;
    }
    const fusionIn =
      c.visionVlad.outputSize + (c.useWords ? c.wordDim : 0) + H + (c.useMerge ? c.mergeVlad.outputSize : 0);
    this.fusion = new MultiDropout(fusionIn, c.hiddenSize, c.mdrop ? c.mdropExperts : 1, c.mdropRate, c.activation, {
      epsilon: c.diceEpsilon,
      momentum: c.diceMomentum,
      seed: seed(10),
    });
    if (c.useSe) {
      const he = (i: number) => tfl.initializers.heNormal({ seed: seed(i) });
      this.se = [
        built(
          tfl.layers.dense({
            units: c.hiddenSize / c.seRatio,
            useBias: false,
            activation: 'relu',
            kernelInitializer: he(20),
          }),
          [null, c.hiddenSize],
        ),
        built(
          tfl.layers.dense({ units: c.hiddenSize, useBias: false, activation: 'sigmoid', kernelInitializer: he(21) }),
          [null, c.hiddenSize / c.seRatio],
        ),
      ];
    }
    if (c.layerNorm)
      this.layerNorm = built(tfl.layers.layerNormalization({ epsilon: c.layerNormEps }), [null, c.hiddenSize]);
    this.tagEmb = tf.variable(
      tf.randomUniform([c.tagVocabSize, c.hiddenSize], -c.tagInit, c.tagInit, 'float32', seed(30)),
      true,
      `tag_emb_${uid()}`,
    ) as tf.Variable<tf.Rank.R2>;
    if (c.tagBias)
      this.tagBiasVar = tf.variable(
        tf.zeros([c.tagVocabSize, 1]),
        true,
        `tag_bias_${uid()}`,
      ) as tf.Variable<tf.Rank.R2>;
    if (c.frameNorm) {
      this.frameMean = tf.variable(tf.zeros([c.frameDim]), false, `frame_mean_${uid()}`) as tf.Variable<tf.Rank.R1>;
      this.frameScale = tf.variable(tf.ones([c.frameDim]), false, `frame_scale_${uid()}`) as tf.Variable<tf.Rank.R1>;
    }
    if (c.embeddingCentre)
      this.embeddingMean = tf.variable(
        tf.zeros([c.hiddenSize]),
        false,
        `embedding_mean_${uid()}`,
      ) as tf.Variable<tf.Rank.R1>;
    if (c.embeddingWhiten)
      this.embeddingWhitening = tf.variable(
        tf.eye(c.hiddenSize),
        false,
        `embedding_whitening_${uid()}`,
      ) as tf.Variable<tf.Rank.R2>;
  }

  /** Sets the frame standardisation (frameNorm): mean [F] and std [F] of the training frames; std is floored at 1e-6. */
  setFrameNorm(mean: Float32Array, std: Float32Array): void {
    if (!this.frameMean || !this.frameScale)
      throw new FusionModelError('setFrameNorm needs config.frameNorm', 'BAD_CONFIG', { field: 'frameNorm' });
    const F = this.config.frameDim;
    if (mean.length !== F || std.length !== F)
      throw new FusionModelError(
        `frame statistics must hold frameDim = ${F} values, got ${mean.length} and ${std.length}`,
        'BAD_INPUT',
        { field: 'frameNorm', expected: F },
      );
    this.frameMean.assign(tf.tensor1d(mean));
    this.frameScale.assign(tf.tensor1d(Float32Array.from(std, (s) => 1 / Math.max(s, 1e-6))));
  }

  /**
   * Fits the embedding centre (embeddingCentre) and, under embeddingWhiten, the whitening, from embeddings of
   * training videos as this tower returns them before any centre: rows of [n, hiddenSize].
   */
  fitEmbeddingCentre(embeddings: readonly ArrayLike<number>[]): void {
    if (!this.embeddingMean)
      throw new FusionModelError('fitEmbeddingCentre needs config.embeddingCentre', 'BAD_CONFIG', {
        field: 'embeddingCentre',
      });
    const D = this.config.hiddenSize,
      n = embeddings.length;
    if (n < 2 || embeddings.some((e) => e.length !== D))
      throw new FusionModelError(
        `the embedding centre needs at least 2 embeddings of hiddenSize = ${D} values`,
        'BAD_INPUT',
        { field: 'embeddingCentre', n },
      );
    const mean = new Float64Array(D);
    for (const e of embeddings) for (let d = 0; d < D; d++) mean[d] += e[d] / n;
    this.embeddingMean.assign(tf.tensor1d(Float32Array.from(mean)));
    if (!this.embeddingWhitening) return;
    const a = this.config.whitenShrinkage;
    const cov = new Float64Array(D * D);
    for (const e of embeddings) {
      for (let i = 0; i < D; i++) {
        const xi = e[i] - mean[i];
        for (let j = 0; j <= i; j++) cov[i * D + j] += (xi * (e[j] - mean[j])) / n;
      }
    }
    let trace = 0;
    for (let i = 0; i < D; i++) trace += cov[i * D + i];
    for (let i = 0; i < D; i++)
      for (let j = 0; j <= i; j++)
        cov[i * D + j] = (1 - a) * cov[i * D + j] + (i === j ? (a * trace) / D + 1e-9 * (trace / D + 1) : 0);
    this.embeddingWhitening.assign(tf.tensor2d(whiteningFromCovariance(cov, D), [D, D]));
  }

  /** The fitted, untrained state saved with the model (frame statistics, embedding centre), by stable name. */
  stateVariables(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    if (this.frameMean && this.frameScale)
      Object.assign(out, { frame_mean: this.frameMean, frame_scale: this.frameScale });
    if (this.embeddingMean) out.embedding_mean = this.embeddingMean;
    if (this.embeddingWhitening) out.embedding_whitening = this.embeddingWhitening;
    return out;
  }

  /** The video embedding [B, hiddenSize] (LayerNorm output, minus the fitted centre under embeddingCentre; not L2-normalised). */
  embed(batch: TowerBatch, options: { training?: boolean } = {}): tf.Tensor2D {
    const training = options.training ?? false;
    const c = this.config;
    checkBatch(batch, c);
    return tf.tidy(() => {
      const { numFrames, titleIds, titleMask } = batch;
      const frames =
        this.frameMean && this.frameScale
          ? (batch.frames.sub(this.frameMean).mul(this.frameScale) as tf.Tensor3D)
          : batch.frames;
      const [B, T] = frames.shape;
      const L = titleIds.shape[1];
      const feats: tf.Tensor2D[] = [];
      // (1) vision NeXtVLAD, zeroed for videos without frames
      const hasFrames = tf.greater(numFrames, 0).toFloat().reshape([B, 1]);
      feats.push((this.visionVlad.apply([frames, numFrames], { training }) as tf.Tensor2D).mul(hasFrames));
      // (2) words: attention pooling over the first #nonzero(W) positions
      if (this.wordEmb && this.wordPool) {
        const wordIds = batch.wordIds!;
        const emb = tf.gather(this.wordEmb as tf.Tensor, wordIds) as tf.Tensor3D; // [B, W, wordDim]
        const lens = tf.notEqual(wordIds, 0).toInt().sum(1); // [B]
        feats.push(this.wordPool.apply([emb, lens]) as tf.Tensor2D);
      }
      // (3) BERT over [title word embeddings; Dense(frames)], token type 1 on the frames, padded frames masked
      const bertInputs = visionTokenInputs(
        this.bert,
        this.visionDense,
        titleIds,
        titleMask,
        frames,
        sequenceMask(numFrames, T),
      );
      const { sequence, cls } = this.bert.apply(bertInputs, { training });
      feats.push(cls);
      // (4) merge NeXtVLAD over all L+T rows: its mask length L+n >= L+T makes the mask a no-op, as in model2
      if (this.mergeVlad)
        feats.push(this.mergeVlad.apply([sequence, numFrames.toInt().add(L)], { training }) as tf.Tensor2D);
      // (5) concat in the reference's add() order, (6) fusion
      let x = this.fusion.apply(tf.concat(feats, 1) as tf.Tensor2D, training);
      if (this.se) x = x.mul(this.se[1].apply(this.se[0].apply(x)) as tf.Tensor2D);
      if (this.layerNorm) x = this.layerNorm.apply(x) as tf.Tensor2D;
      if (this.embeddingMean) x = x.sub(this.embeddingMean) as tf.Tensor2D;
      if (this.embeddingWhitening) x = x.matMul(this.embeddingWhitening) as tf.Tensor2D;
      return x;
    });
  }

  /** The pointwise tag loss of the configured kind on an embedding [B, hiddenSize]; `bias: false` leaves the tag bias out. */
  tagLoss(embedding: tf.Tensor2D, targets: TagTargets, options: { bias?: boolean } = {}): tf.Scalar {
    return tf.tidy(() => {
      // with a tag bias, logit = <[emb, 1], [tag_emb, bias]>: every loss kind takes it unchanged
      if (!this.tagBiasVar || options.bias === false) return this.tagLossOf(embedding, this.tagEmb, targets);
      const ones = tf.ones([embedding.shape[0], 1]);
      return this.tagLossOf(
        tf.concat([embedding, ones], 1) as tf.Tensor2D,
        tf.concat([this.tagEmb, this.tagBiasVar], 1) as tf.Tensor2D,
        targets,
      );
    });
  }

  /** Tag scores [B, tagVocabSize] of embeddings [B, hiddenSize] (dot products, plus the bias under tagBias). */
  tagScores(embedding: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const s = embedding.matMul(this.tagEmb, false, true) as tf.Tensor2D;
      return this.tagBiasVar ? (s.add(this.tagBiasVar.reshape([1, -1])) as tf.Tensor2D) : s;
    });
  }

  private tagLossOf(embedding: tf.Tensor2D, tagEmb: tf.Tensor2D, targets: TagTargets): tf.Scalar {
    const c = this.config;
    if (c.tagLoss === 'sigmoid') {
      return multiLabelSigmoidLoss(embedding, tagEmb, targets.positives, {
        numClasses: c.sigmoidTopTags,
        lossScale: c.lossScale,
      });
    }
    if (c.tagLoss === 'fullSoftmax')
      return fullSoftmaxTagLoss(embedding, tagEmb, targets.positives, { lossScale: c.lossScale });
    if (!targets.negatives)
      throw new FusionModelError(
        'the softmax tag loss needs negatives [B, N] int32 (LogUniformSampler.sampleBatch)',
        'BAD_INPUT',
        { field: 'negatives' },
      );
    return sampledSoftmaxTagLoss(embedding, tagEmb, targets.positives, targets.negatives, {
      lossScale: c.lossScale,
      removeAccidentalHits: c.removeAccidentalHits,
    });
  }

  /** embed + tagLoss; the function to differentiate in a pointwise training step. */
  loss(batch: TowerBatch, targets: TagTargets, options: { training?: boolean } = { training: true }): tf.Scalar {
    return tf.tidy(() => this.tagLoss(this.embed(batch, options), targets));
  }

  /** The two optimiser groups of model2.py:257-261: BERT at 3e-5, everything else (tag_emb included) at 5e-4. */
  trainableVariables(): { bert: tf.Variable[]; head: tf.Variable[] } {
    const read = (l: Layer) => l.trainableWeights.map((w) => w.read() as tf.Variable);
    const head: tf.Variable[] = [
      ...read(this.visionVlad),
      ...(this.wordEmb ? [this.wordEmb as tf.Variable] : []),
      ...(this.wordPool ? read(this.wordPool) : []),
      ...read(this.visionDense),
      ...(this.mergeVlad ? read(this.mergeVlad) : []),
      ...this.fusion.trainableVariables,
      ...(this.se ? this.se.flatMap(read) : []),
      ...(this.layerNorm ? read(this.layerNorm) : []),
      this.tagEmb as tf.Variable,
      ...(this.tagBiasVar ? [this.tagBiasVar as tf.Variable] : []),
    ];
    return { bert: this.bert.trainableVariables, head };
  }

  /** Number of trainable scalars per group. */
  countParams(): { bert: number; head: number } {
    const n = (vs: tf.Variable[]) => vs.reduce((s, v) => s + v.size, 0);
    const g = this.trainableVariables();
    return { bert: n(g.bert), head: n(g.head) };
  }

  dispose(): void {
    const layers: Layer[] = [
      this.visionVlad,
      this.visionDense,
      ...(this.mergeVlad ? [this.mergeVlad] : []),
      ...(this.wordPool ? [this.wordPool] : []),
      ...(this.se ?? []),
      ...(this.layerNorm ? [this.layerNorm] : []),
    ];
    for (const l of layers) l.weights.forEach((w) => w.dispose());
    this.fusion.dispose();
    this.wordEmb?.dispose();
    this.tagEmb.dispose();
    this.tagBiasVar?.dispose();
    for (const v of Object.values(this.stateVariables())) v.dispose();
    this.bert.dispose();
  }
}

/**
 * W = L^-T for the Cholesky factor S = L L^T (lower triangle of `cov` read, row-major): then W W^T = S^-1, so
 * (x W)·(y W) = x^T S^-1 y, the whitened inner product, for row vectors x W.
 */
export function whiteningFromCovariance(cov: Float64Array, D: number): Float32Array {
  const L = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i * D + j];
      for (let k = 0; k < j; k++) s -= L[i * D + k] * L[j * D + k];
      if (i === j) {
        if (!(s > 0))
          throw new FusionModelError(`embedding covariance is not positive definite at dimension ${i}`, 'BAD_INPUT', {
            field: 'embeddingWhiten',
            dimension: i,
          });
        L[i * D + i] = Math.sqrt(s);
      } else L[i * D + j] = s / L[j * D + j];
    }
  }
  // Linv = L^-1 (lower triangular) by forward substitution, column by column
  const Linv = new Float64Array(D * D);
  for (let c = 0; c < D; c++) {
    for (let i = c; i < D; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= L[i * D + k] * Linv[k * D + c];
      Linv[i * D + c] = s / L[i * D + i];
    }
  }
  // W = Linv^T
  const W = new Float32Array(D * D);
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) W[i * D + j] = Linv[j * D + i];
  return W;
}

let counter = 0;
const uid = () => ++counter;

function built<L extends Layer>(layer: L, shape: (number | null)[]): L {
  layer.build(shape);
  layer.built = true;
  return layer;
}

/** w2v rows (or U(-0.05, 0.05) rows, w2v.py's fallback), each L2-normalised as gezi.normalize does (model2.py:215-225). */
function initWordTable(V: number, D: number, vectors: Float32Array | undefined, seed: number | undefined): tf.Tensor2D {
  return tf.tidy(() => {
    if (vectors && vectors.length !== V * D) {
      throw new FusionModelError(
        `wordVectors must hold wordVocabSize*wordDim = ${V * D} floats, got ${vectors.length}`,
        'BAD_INPUT',
        { field: 'wordVectors', expected: V * D, actual: vectors.length },
      );
    }
    const raw = vectors ? tf.tensor2d(vectors, [V, D]) : tf.randomUniform([V, D], -0.05, 0.05, 'float32', seed);
    const norm = raw.square().sum(1, true).sqrt(); // sklearn normalize: zero rows stay zero
    return raw.div(tf.where(tf.equal(norm, 0), tf.onesLike(norm), norm)) as tf.Tensor2D;
  });
}

function checkBatch(b: TowerBatch, c: FusionConfig): void {
  const fail = (field: string, want: string, actual: unknown): never => {
    throw new FusionModelError(`${field} must be ${want}, got ${JSON.stringify(actual)}`, 'BAD_INPUT', {
      field,
      actual,
    });
  };
  if (b.frames.rank !== 3 || b.frames.shape[2] !== c.frameDim) fail('frames', `[B, T, ${c.frameDim}]`, b.frames.shape);
  const B = b.frames.shape[0];
  if (b.numFrames.rank !== 1 || b.numFrames.shape[0] !== B) fail('numFrames', `[${B}]`, b.numFrames.shape);
  if (b.titleIds.dtype !== 'int32' || b.titleIds.rank !== 2 || b.titleIds.shape[0] !== B)
    fail('titleIds', `int32 [${B}, L]`, b.titleIds.shape);
  if (b.titleMask.rank !== 2 || b.titleMask.shape[0] !== B || b.titleMask.shape[1] !== b.titleIds.shape[1])
    fail('titleMask', `[${B}, ${b.titleIds.shape[1]}]`, b.titleMask.shape);
  if (c.useWords && (!b.wordIds || b.wordIds.dtype !== 'int32' || b.wordIds.rank !== 2 || b.wordIds.shape[0] !== B))
    fail('wordIds', `int32 [${B}, W] (useWords is on)`, b.wordIds?.shape ?? null);
}
