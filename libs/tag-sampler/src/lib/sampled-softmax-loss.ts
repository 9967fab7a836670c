import { tf } from '@vidsim/tf-runtime';
import { TagSamplerError } from './errors';

export interface SampledSoftmaxOptions {
  /** Multiplies the loss (reference loss_scale). Default 1000. */
  lossScale?: number;
  /** Positive slots with an id below this are masked: PAD=0 and UNK=1. Default 2. */
  minValidId?: number;
  /**
   * Drop a sampled negative that equals one of the example's positives from that example's softmax, as TensorFlow's
   * sampled_softmax_loss does by default (remove_accidental_hits). Default false: the reference keeps them.
   */
  removeAccidentalHits?: boolean;
}

/**
 * Raw dot-product logits s = <emb_b, tagEmb[id]> (no temperature, no normalisation; model2.py:440-472).
 * emb [B, D], tagEmb [V, D], ids [B, N] int32 -> [B, N]; ids [N] (shared by the batch) -> [B, N].
 */
export function tagDotLogits(emb: tf.Tensor2D, tagEmb: tf.Tensor2D, ids: tf.Tensor1D | tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, D] = emb.shape;
    if (ids.rank === 1) return emb.matMul(tf.gather(tagEmb, ids), false, true) as tf.Tensor2D; // [B, D]x[N, D]^T -> [B, N]
    const rows = tf.gather(tagEmb as tf.Tensor, ids) as tf.Tensor3D; // [B, N, D]
    return tf.matMul(rows, emb.reshape([B, D, 1])).reshape([B, ids.shape[1]!]) as tf.Tensor2D; // [B, N, 1] -> [B, N]
  });
}

/**
 * The per-positive sampled softmax tag loss of reference-solution.md §3.1 (model2.py:507-575).
 * For each of the M positive slots i: loss_i = -s_pos_i + logsumexp(s_pos_i, s_neg_1..N) = softplus(lse(s_neg) - s_pos_i),
 * the same N negatives for every slot of an example; slots with id < minValidId (PAD, UNK) are masked; the sum is
 * divided by M (not by the number of real positives), averaged over the batch and multiplied by lossScale.
 * Accidental hits (a negative equal to a positive) are kept, as in the reference, unless removeAccidentalHits:
 * then such a negative's logit gets a large negative offset for that example, so it leaves the softmax.
 *
 * emb [B, D], tagEmb [V, D], positives [B, M] int32, negatives [B, N] or [N] int32 -> scalar.
 */
export function sampledSoftmaxTagLoss(
  emb: tf.Tensor2D,
  tagEmb: tf.Tensor2D,
  positives: tf.Tensor2D,
  negatives: tf.Tensor1D | tf.Tensor2D,
  options: SampledSoftmaxOptions = {},
): tf.Scalar {
  const { lossScale = 1000, minValidId = 2, removeAccidentalHits = false } = options;
  checkIds(emb, positives, 'positives', 2);
  checkIds(emb, negatives, 'negatives', negatives.rank === 1 ? 1 : 2);
  return tf.tidy(() => {
    const [B, D] = emb.shape;
    const M = positives.shape[1];
    const posRows = tf.gather(tagEmb as tf.Tensor, positives) as tf.Tensor3D; // [B, M, D]
    const sPos = posRows.mul(emb.reshape([B, 1, D])).sum(2); // [B, M]
    let sNeg = tagDotLogits(emb, tagEmb, negatives); // [B, N]
    if (removeAccidentalHits) sNeg = sNeg.add(accidentalHitPenalty(positives, negatives, minValidId)) as tf.Tensor2D;
    const lseNeg = tf.logSumExp(sNeg, 1, true); // [B, 1]
    const perSlot = tf.softplus(lseNeg.sub(sPos)); // [B, M]
    const mask = tf.greaterEqual(positives, minValidId).toFloat(); // from the input ids: no gradient needed
    const perVideo = perSlot.mul(mask).sum(1).div(M); // [B]
    return perVideo.mean().mul(lossScale) as tf.Scalar;
  });
}

/** TF's remove_accidental_hits: a large negative logit offset (TF uses -FLT_MAX-ish; 1e4 is enough for exp) where a negative equals a real positive of its row. */
function accidentalHitPenalty(
  positives: tf.Tensor2D,
  negatives: tf.Tensor1D | tf.Tensor2D,
  minValidId: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, M] = positives.shape;
    const neg =
      negatives.rank === 1
        ? negatives.reshape([1, negatives.shape[0], 1]).tile([B, 1, 1])
        : negatives.reshape([B, negatives.shape[1]!, 1]);
    const pos = tf
      .where(tf.greaterEqual(positives, minValidId), positives, tf.fill([B, M], -1, 'int32'))
      .reshape([B, 1, M]);
    const hit = tf.equal(neg, pos).any(2); // [B, N]
    return hit.toFloat().mul(-ACCIDENTAL_HIT_LOGIT) as tf.Tensor2D;
  });
}

const ACCIDENTAL_HIT_LOGIT = 1e4;

function checkIds(emb: tf.Tensor2D, ids: tf.Tensor, name: string, rank: number): void {
  if (emb.rank !== 2) {
    throw new TagSamplerError(`emb must have rank 2 [B, D], got shape ${JSON.stringify(emb.shape)}`, 'BAD_INPUT', {
      field: 'emb',
      actual: emb.shape,
    });
  }
  if (ids.dtype !== 'int32' || ids.rank !== rank || (rank === 2 && ids.shape[0] !== emb.shape[0])) {
    const want = rank === 2 ? `[${emb.shape[0]}, n]` : '[n]';
    throw new TagSamplerError(
      `${name} must be int32 with shape ${want}, got ${ids.dtype} ${JSON.stringify(ids.shape)}`,
      'BAD_INPUT',
      { field: name, actual: ids.shape, dtype: ids.dtype },
    );
  }
}
