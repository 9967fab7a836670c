import { tf } from '@vidsim/tf-runtime';

/** x / max(||x||, 1e-12) per row, as tf.nn.l2_normalize. [B, D] -> [B, D] */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))) as tf.Tensor2D;
}

/**
 * The pairwise fine-tuning loss (reference-solution.md §5.3): the weighted mean of (cos(q, d) - target)^2 over the
 * batch, with the cosine of the two L2-normalised embeddings. query, candidate [B, D]; target, weight [B] -> scalar.
 */
export function pairLoss(query: tf.Tensor2D, candidate: tf.Tensor2D, target: tf.Tensor1D, weight: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const cos = tf.sum(tf.mul(l2Normalize(query), l2Normalize(candidate)), 1); // [B]
    return tf.mean(tf.mul(weight, tf.square(tf.sub(cos, target)))) as tf.Scalar;
  });
}
