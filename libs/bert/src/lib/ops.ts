import { layerNorm as fusedLayerNorm, nextTfSeed, tf } from '@vidsim/tf-runtime';

/** x [..., I] · kernel [I, O] + bias [O] -> [..., O]; folded to 2-D so every backend takes its fast path. */
export function dense(x: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor {
  const [inDim, outDim] = kernel.shape;
  const lead = x.shape.slice(0, -1);
  const y = tf.add(tf.matMul(tf.reshape(x, [-1, inDim]) as tf.Tensor2D, kernel), bias); // [N, O]
  return tf.reshape(y, [...lead, outDim]);
}

/** LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor {
  return fusedLayerNorm(x, gamma, beta, eps); // one kernel each way on wasm; tfjs ops elsewhere
}

/** The exact (erf) GELU of BERT: 0.5 x (1 + erf(x / sqrt 2)). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** Inverted dropout, active only while training. */
export function maybeDropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  // seeded from the global stream so a run (and a resumed run) repeats exactly
  return training && rate > 0 ? tf.dropout(x, rate, undefined, nextTfSeed()) : x;
}
