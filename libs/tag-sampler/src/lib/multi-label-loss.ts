import { tf } from '@vidsim/tf-runtime';
import { TagSamplerError } from './errors';

export interface MultiLabelOptions {
  /** K: the classes are the K most frequent tags, ids offset .. offset+K-1 of the frequency-sorted vocab. */
  numClasses: number;
  /** First real tag id (PAD=0, UNK=1 before it). Default 2. */
  offset?: number;
  /** Multiplies the loss (reference loss_scale). Default 1000. */
  lossScale?: number;
  /** 'mean' over the K classes (Keras BinaryCrossentropy) or 'sum'. Default 'mean'. */
  reduction?: 'mean' | 'sum';
}

/**
 * The `--loss_fn=binary` ablation: sigmoid cross-entropy over the top-K tags with the same dot-product head.
 * Targets are multi-hot from the positive ids; ids outside the top K (and PAD/UNK) contribute no positive.
 * The spec does not record model.py's reduction; 'mean' over classes then batch, times lossScale, is assumed.
 *
 * emb [B, D], tagEmb [V, D] with V >= offset+K, positives [B, M] int32 -> scalar.
 */
export function multiLabelSigmoidLoss(
  emb: tf.Tensor2D,
  tagEmb: tf.Tensor2D,
  positives: tf.Tensor2D,
  options: MultiLabelOptions,
): tf.Scalar {
  const { numClasses: K, offset = 2, lossScale = 1000, reduction = 'mean' } = options;
  if (!Number.isInteger(K) || K < 1 || offset + K > tagEmb.shape[0]) {
    throw new TagSamplerError(
      `Invalid option numClasses: must be a positive integer with offset+numClasses <= ${tagEmb.shape[0]} tag rows, got ${JSON.stringify(K)}`,
      'BAD_CONFIG',
      { field: 'numClasses', actual: K, offset, vocab: tagEmb.shape[0] },
    );
  }
  if (positives.dtype !== 'int32' || positives.rank !== 2 || positives.shape[0] !== emb.shape[0]) {
    throw new TagSamplerError(
      `positives must be int32 [${emb.shape[0]}, M], got ${positives.dtype} ${JSON.stringify(positives.shape)}`,
      'BAD_INPUT',
      { field: 'positives', actual: positives.shape },
    );
  }
  return tf.tidy(() => {
    const D = emb.shape[1];
    const classes = tagEmb.slice([offset, 0], [K, D]); // [K, D]
    const logits = emb.matMul(classes, false, true); // [B, K]
    // oneHot gives an all-zero row for indices outside [0, K): PAD, UNK and tags beyond the top K.
    const targets = tf
      .oneHot(positives.sub(tf.scalar(offset, 'int32')), K)
      .sum(1)
      .minimum(1)
      .toFloat(); // [B, M, K] -> [B, K]
    // stable BCE with logits: max(x, 0) - x*y + log(1 + exp(-|x|))
    const bce = tf
      .relu(logits)
      .sub(logits.mul(targets))
      .add(tf.softplus(tf.neg(tf.abs(logits)))); // [B, K]
    const perVideo = reduction === 'mean' ? bce.mean(1) : bce.sum(1); // [B]
    return perVideo.mean().mul(lossScale) as tf.Scalar;
  });
}
