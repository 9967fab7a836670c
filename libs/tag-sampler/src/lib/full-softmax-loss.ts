import { tf } from '@vidsim/tf-runtime';
import { TagSamplerError } from './errors';

export interface FullSoftmaxOptions {
  /** Multiplies the loss (reference loss_scale). Default 1000. */
  lossScale?: number;
  /** Ids below this are PAD/UNK: masked as positives and left out of the softmax. Default 2. */
  minValidId?: number;
}

/**
 * The per-positive tag softmax over the whole tag vocabulary, for vocabularies small enough to score every tag
 * (the demo's few thousand): loss_i = lse_j(s_j) - s_pos_i over the real tags j >= minValidId. Reduced as the
 * sampled softmax is (sum over the M slots / M, batch mean, times lossScale), so the two read on one scale; a
 * model that scores every tag alike sits at chance ln(V - minValidId) per real positive.
 *
 * emb [B, D], tagEmb [V, D], positives [B, M] int32 -> scalar.
 */
export function fullSoftmaxTagLoss(
  emb: tf.Tensor2D,
  tagEmb: tf.Tensor2D,
  positives: tf.Tensor2D,
  options: FullSoftmaxOptions = {},
): tf.Scalar {
  const { lossScale = 1000, minValidId = 2 } = options;
  if (emb.rank !== 2)
    throw new TagSamplerError(`emb must have rank 2 [B, D], got shape ${JSON.stringify(emb.shape)}`, 'BAD_INPUT', {
      field: 'emb',
      actual: emb.shape,
    });
  if (positives.dtype !== 'int32' || positives.rank !== 2 || positives.shape[0] !== emb.shape[0]) {
    throw new TagSamplerError(
      `positives must be int32 [${emb.shape[0]}, M], got ${positives.dtype} ${JSON.stringify(positives.shape)}`,
      'BAD_INPUT',
      { field: 'positives', actual: positives.shape },
    );
  }
  const V = tagEmb.shape[0];
  if (V <= minValidId)
    throw new TagSamplerError(`tagEmb has ${V} rows: no real tag at or above id ${minValidId}`, 'BAD_CONFIG', {
      field: 'tagEmb',
      actual: V,
    });
  return tf.tidy(() => {
    const [B, D] = emb.shape;
    const M = positives.shape[1];
    const real = tagEmb.slice([minValidId, 0], [V - minValidId, D]); // [V', D]
    const lse = tf.logSumExp(emb.matMul(real, false, true), 1, true); // [B, 1]
    const posRows = tf.gather(tagEmb as tf.Tensor, positives) as tf.Tensor3D; // [B, M, D]
    const sPos = posRows.mul(emb.reshape([B, 1, D])).sum(2); // [B, M]
    const mask = tf.greaterEqual(positives, minValidId).toFloat();
    return lse.sub(sPos).mul(mask).sum(1).div(M).mean().mul(lossScale) as tf.Scalar;
  });
}
