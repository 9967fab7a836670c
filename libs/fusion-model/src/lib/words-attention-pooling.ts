import { sequenceMask } from '@vidsim/nextvlad';
import { tf, tfl } from '@vidsim/tf-runtime';
import { FusionModelError } from './errors';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Shape = (number | null)[];

export interface WordsAttentionPoolingArgs extends LayerArgs {
  /** Width of the hidden ReLU Dense; default = the embedding dim (the reference's Dense(400) for 400-d words). */
  hiddenUnits?: number;
  seed?: number;
}

/** Additive mask of melt's masked_softmax: logit·mask − 2^15·(1 − mask). */
export const MASKED_SOFTMAX_PENALTY = 32768;

/**
 * melt's AttentionPooling 'att' (layers.py:244-289): h = ReLU(Dense(e)), logit = Dense(1)(h), α = softmax over the
 * first `len` positions, out = Σ α·e.
 *
 * Input: [emb [B, W, C], lengths [B]]. Output: [B, C].
 * Weights: hidden/kernel [C, U], hidden/bias [U], logit/kernel [U, 1], logit/bias [1].
 */
export class WordsAttentionPooling extends tfl.layers.Layer {
  static className = 'WordsAttentionPooling';
  readonly hiddenUnits?: number;
  readonly seed?: number;
  private w?: tfl.LayerVariable[];

  constructor(args: WordsAttentionPoolingArgs = {}) {
    super(args);
    this.hiddenUnits = args.hiddenUnits;
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const C = s[2];
    if (s.length !== 3 || C === null)
      throw new FusionModelError(
        `word embeddings must be [B, W, C] with C known, got ${JSON.stringify(s)}`,
        'BAD_INPUT',
        { layer: this.name, actual: s },
      );
    const U = this.hiddenUnits ?? C;
    const seed = (i: number) => (this.seed === undefined ? undefined : this.seed + i);
    this.w = [
      this.addWeight('hidden/kernel', [C, U], 'float32', tfl.initializers.glorotUniform({ seed: seed(0) })),
      this.addWeight('hidden/bias', [U], 'float32', tfl.initializers.zeros()),
      this.addWeight('logit/kernel', [U, 1], 'float32', tfl.initializers.glorotUniform({ seed: seed(1) })),
      this.addWeight('logit/bias', [1], 'float32', tfl.initializers.zeros()),
    ];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [s[0], s[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const [emb, lengths] = inputs as tf.Tensor[];
      if (!lengths || emb.rank !== 3)
        throw new FusionModelError(
          `WordsAttentionPooling needs [emb [B,W,C], lengths [B]], got ${JSON.stringify((inputs as tf.Tensor[]).map?.((t) => t.shape))}`,
          'BAD_INPUT',
          { layer: this.name },
        );
      const [hk, hb, lk, lb] = this.w!.map((v) => v.read());
      return attentionPool(emb as tf.Tensor3D, lengths as tf.Tensor1D, hk, hb, lk, lb);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const base = super.getConfig();
    return this.hiddenUnits === undefined ? base : { ...base, hiddenUnits: this.hiddenUnits };
  }
}
tf.serialization.registerClass(WordsAttentionPooling);

/** emb [B, W, C], lengths [B] -> [B, C] */
export function attentionPool(
  emb: tf.Tensor3D,
  lengths: tf.Tensor1D,
  hk: tf.Tensor,
  hb: tf.Tensor,
  lk: tf.Tensor,
  lb: tf.Tensor,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, W, C] = emb.shape;
    const rows = emb.reshape([B * W, C]); // [B*W, C]
    const h = tf.relu(rows.matMul(hk).add(hb)); // [B*W, U]
    const logit = h.matMul(lk).add(lb).reshape([B, W]); // [B, W]
    const mask = sequenceMask(lengths, W); // [B, W]
    const masked = logit.mul(mask).sub(tf.sub(1, mask).mul(MASKED_SOFTMAX_PENALTY));
    const alpha = tf.softmax(masked, -1).reshape([B, 1, W]); // [B, 1, W]
    return tf.matMul(alpha, emb).reshape([B, C]) as tf.Tensor2D; // [B, 1, C] -> [B, C]
  });
}
