import { tf } from '@vidsim/tf-runtime';

/**
 * `tf.sequence_mask(lengths, maxLen)` as float32: row b is 1 at positions t < lengths[b], else 0.
 * Built from an input tensor with a comparison, so it must never depend on a variable (no gradient exists
 * for comparisons); lengths above maxLen select every position.
 * lengths: [B] (int32 or float32) -> [B, T]
 */
export function sequenceMask(lengths: tf.Tensor1D, maxLen: number): tf.Tensor2D {
  return tf.tidy(() => {
    const positions = tf.range(0, maxLen, 1, 'int32').reshape([1, maxLen]); // [1, T]
    const lens = lengths.toInt().reshape([-1, 1]); // [B, 1]
    return tf.less(positions, lens).toFloat() as tf.Tensor2D; // [B, T]
  });
}
