import { tf } from '@vidsim/tf-runtime';
import { resolveBertConfig, type BertConfig } from './config';
import { addEncoderLayerWeights, encoderLayer } from './encoder-layer';
import { BertError } from './errors';
import { layerNorm, maybeDropout } from './ops';
import { WeightStore } from './weights';

/** Inputs of BertModel.apply: exactly one of inputIds / inputsEmbeds. */
export interface BertInputs {
  /** Token ids [B, T] int32. */
  inputIds?: tf.Tensor2D;
  /** Ready word embeddings [B, T, H] float32 (e.g. title lookups followed by projected frames). */
  inputsEmbeds?: tf.Tensor3D;
  /** [B, T], 1 = attend, 0 = padding (any numeric dtype). Default: all ones. */
  attentionMask?: tf.Tensor2D;
  /** [B, T] int32 segment ids < typeVocabSize. Default: all zeros. */
  tokenTypeIds?: tf.Tensor2D;
}

export interface BertOutputs {
  /** Last hidden states [B, T, H]. */
  sequence: tf.Tensor3D;
  /** The state of the first ([CLS]) token [B, H] (the reference pools this, not the tanh pooler). */
  cls: tf.Tensor2D;
}

export interface BertModelArgs {
  /** Architecture; missing fields come from chineseRobertaWwmExt. */
  config?: Partial<BertConfig>;
  /** Prefix of the tf.Variable names (made unique per instance). Default 'bert'. */
  name?: string;
  /** Seed for the initial weights (reproducible tests). */
  seed?: number;
}

export interface ApplyOptions {
  /** Enables dropout. Default false. */
  training?: boolean;
}

// HF's TF BERT (the reference's TFBertMainLayer) adds -10000 to masked logits.
const MASKED_LOGIT = -10000;

/**
 * A BERT encoder (embeddings + N post-LN transformer layers) as a plain class owning named tf.Variables.
 * Plain variables rather than tfjs-layers: the encoder takes optional, alternative inputs and a training
 * flag, and trains with `tf.variableGrads` / `optimizer.minimize` with no Model wrapper in between.
 *
 * Input shape: inputIds [B, T] or inputsEmbeds [B, T, H]; attentionMask, tokenTypeIds [B, T].
 * Output shape: sequence [B, T, H], cls [B, H].
 *
 * @example
 *   const bert = new BertModel({ config: tiny });
 *   const { sequence, cls } = bert.apply({ inputIds, attentionMask }, { training: true });
 */
export class BertModel {
  static readonly className = 'BertModel';
  readonly config: BertConfig;
  readonly weights: WeightStore;

  constructor(args: BertModelArgs = {}) {
    this.config = resolveBertConfig(args.config ?? {});
    const c = this.config;
    this.weights = new WeightStore(args.name ?? 'bert', c.initializerRange, args.seed);
    this.weights.add('embeddings.word_embeddings.weight', [c.vocabSize, c.hiddenSize], 'normal');
    this.weights.add('embeddings.position_embeddings.weight', [c.maxPositions, c.hiddenSize], 'normal');
    this.weights.add('embeddings.token_type_embeddings.weight', [c.typeVocabSize, c.hiddenSize], 'normal');
    this.weights.add('embeddings.LayerNorm.weight', [c.hiddenSize], 'ones');
    this.weights.add('embeddings.LayerNorm.bias', [c.hiddenSize], 'zeros');
    for (let i = 0; i < c.numLayers; i++) addEncoderLayerWeights(this.weights, c, i);
  }

  /** The word embedding table [V, H] (also the tied MLM decoder). */
  get wordEmbeddings(): tf.Variable<tf.Rank.R2> {
    return this.weights.get('embeddings.word_embeddings.weight') as tf.Variable<tf.Rank.R2>;
  }

  get trainableVariables(): tf.Variable[] {
    return this.weights.entries().map(([, v]) => v);
  }

  getConfig(): BertConfig {
    return { ...this.config };
  }

  static fromConfig(config: BertConfig): BertModel {
    return new BertModel({ config });
  }

  apply(inputs: BertInputs, options: ApplyOptions = {}): BertOutputs {
    const training = options.training ?? false;
    const c = this.config;
    const [B, T] = this.checkInputs(inputs);
    return tf.tidy(() => {
      const g = (n: string) => this.weights.get(n);
      const words = inputs.inputIds
        ? (tf.reshape(tf.gather(g('embeddings.word_embeddings.weight'), tf.reshape(inputs.inputIds, [-1])), [
            B,
            T,
            c.hiddenSize,
          ]) as tf.Tensor3D)
        : inputs.inputsEmbeds!;
      const positions = tf.slice(g('embeddings.position_embeddings.weight'), [0, 0], [T, c.hiddenSize]); // [T, H]
      const typeIds = inputs.tokenTypeIds ?? tf.zeros([B, T], 'int32');
      const types = tf.reshape(tf.gather(g('embeddings.token_type_embeddings.weight'), tf.reshape(typeIds, [-1])), [
        B,
        T,
        c.hiddenSize,
      ]);
      let x = layerNorm(
        tf.add(tf.add(words, positions), types),
        g('embeddings.LayerNorm.weight') as tf.Tensor1D,
        g('embeddings.LayerNorm.bias') as tf.Tensor1D,
        c.layerNormEps,
      );
      x = maybeDropout(x, c.hiddenDropout, training);

      const mask = inputs.attentionMask ? tf.cast(inputs.attentionMask, 'float32') : tf.ones([B, T]);
      const additiveMask = tf.reshape(tf.mul(tf.sub(1, mask), MASKED_LOGIT), [B, 1, 1, T]) as tf.Tensor4D;
      let h = x as tf.Tensor3D;
      for (let i = 0; i < c.numLayers; i++) h = encoderLayer(this.weights, c, i, h, additiveMask, training);
      const cls = tf.reshape(tf.slice(h, [0, 0, 0], [B, 1, c.hiddenSize]), [B, c.hiddenSize]) as tf.Tensor2D;
      return { sequence: h, cls };
    });
  }

  dispose(): void {
    this.weights.dispose();
  }

  /** Returns [B, T] after checking every input's rank, dtype and shape. */
  private checkInputs(inputs: BertInputs): [number, number] {
    const c = this.config;
    const fail = (msg: string, field: string, actual: unknown): never => {
      throw new BertError(msg, 'BAD_INPUT', { layer: 'BertModel', field, actual });
    };
    if ((inputs.inputIds === undefined) === (inputs.inputsEmbeds === undefined)) {
      fail(
        'BertModel.apply needs exactly one of inputIds [B,T] and inputsEmbeds [B,T,H]',
        'inputIds|inputsEmbeds',
        Object.keys(inputs),
      );
    }
    let B: number, T: number;
    if (inputs.inputIds) {
      const s = inputs.inputIds.shape;
      if (s.length !== 2) fail(`inputIds must have rank 2 [B,T], got shape ${JSON.stringify(s)}`, 'inputIds', s);
      if (inputs.inputIds.dtype !== 'int32')
        fail(`inputIds must be int32, got ${inputs.inputIds.dtype}`, 'inputIds', inputs.inputIds.dtype);
      [B, T] = s;
    } else {
      const s = inputs.inputsEmbeds!.shape;
      if (s.length !== 3 || s[2] !== c.hiddenSize)
        fail(`inputsEmbeds must have shape [B,T,${c.hiddenSize}], got ${JSON.stringify(s)}`, 'inputsEmbeds', s);
      if (inputs.inputsEmbeds!.dtype !== 'float32')
        fail(
          `inputsEmbeds must be float32, got ${inputs.inputsEmbeds!.dtype}`,
          'inputsEmbeds',
          inputs.inputsEmbeds!.dtype,
        );
      [B, T] = s;
    }
    if (T > c.maxPositions) fail(`sequence length must be <= maxPositions ${c.maxPositions}, got ${T}`, 'T', T);
    for (const f of ['attentionMask', 'tokenTypeIds'] as const) {
      const t = inputs[f];
      if (t && (t.shape.length !== 2 || t.shape[0] !== B || t.shape[1] !== T))
        fail(`${f} must have shape [${B},${T}], got ${JSON.stringify(t.shape)}`, f, t.shape);
    }
    if (inputs.tokenTypeIds && inputs.tokenTypeIds.dtype !== 'int32')
      fail(`tokenTypeIds must be int32, got ${inputs.tokenTypeIds.dtype}`, 'tokenTypeIds', inputs.tokenTypeIds.dtype);
    return [B, T];
  }
}
