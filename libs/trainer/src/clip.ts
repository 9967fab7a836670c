import { tf } from '@vidsim/tf-runtime';

/**
 * Scales a group of gradients so that their global L2 norm is at most `clipNorm`, as
 * `tf.clip_by_global_norm`: g · clipNorm / max(norm, clipNorm). Returns the new tensors and the norm before
 * clipping. The caller owns (and disposes) both the inputs and the outputs.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], clipNorm: number): { clipped: tf.Tensor[]; norm: number } {
  return tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(squares.length ? tf.addN(squares) : tf.scalar(0));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    const clipped = grads.map((g) => tf.keep(tf.mul(g, scale)));
    return { clipped, norm: norm.dataSync()[0] };
  });
}
