import { tf } from '@vidsim/tf-runtime';

/** x / max(||x||, 1e-12) per row, as tf.nn.l2_normalize. [B, D] -> [B, D] */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))) as tf.Tensor2D;
}

/**
 * The pairwise fine-tuning loss (reference-solution.md §5.3): the weighted mean of (cos(q, d) - target)^2 over the
 * batch, with the cosine of the two L2-normalised embeddings. query, candidate [B, D]; target, weight [B] -> scalar.
 */
export function pairLoss(
  query: tf.Tensor2D,
  candidate: tf.Tensor2D,
  target: tf.Tensor1D,
  weight: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const cos = tf.sum(tf.mul(l2Normalize(query), l2Normalize(candidate)), 1); // [B]
    return tf.mean(tf.mul(weight, tf.square(tf.sub(cos, target)))) as tf.Scalar;
  });
}

/** Weighted Pearson correlation of x and y [B] with weights w [B] (a scalar tensor; 0 when either is constant). */
export function weightedCorrelation(x: tf.Tensor1D, y: tf.Tensor1D, w: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const p = w.div(w.sum());
    const xc = x.sub(x.mul(p).sum());
    const yc = y.sub(y.mul(p).sum());
    const cov = xc.mul(yc).mul(p).sum();
    const sx = xc.square().mul(p).sum();
    const sy = yc.square().mul(p).sum();
    // eps inside the root: a batch whose labels (or cosines) are all equal gives 0, with a finite gradient (sqrt'(0) is not)
    return cov.div(sx.mul(sy).add(1e-12).sqrt()) as tf.Scalar;
  });
}

/**
 * The 'correlation' pairwise loss: 1 - the weighted Pearson correlation of the pairs' cosines with their targets over
 * the batch. Blind to the cosines' offset and scale, so a few thousand pairs spend their steps on ranking rather than on
 * re-calibrating cosines (libs/pipeline/RECIPE.md).
 */
export function pairCorrelationLoss(
  query: tf.Tensor2D,
  candidate: tf.Tensor2D,
  target: tf.Tensor1D,
  weight: tf.Tensor1D,
): tf.Scalar {
  return tf.tidy(() => {
    const cos = tf.sum(tf.mul(l2Normalize(query), l2Normalize(candidate)), 1) as tf.Tensor1D;
    return tf.sub(1, weightedCorrelation(cos, target, weight)) as tf.Scalar;
  });
}
