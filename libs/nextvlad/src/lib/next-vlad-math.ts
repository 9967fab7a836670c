import { nextTfSeed, tf } from '@vidsim/tf-runtime';
import { groupFeatureSize, type NextVladConfig } from './config';
import { sequenceMask } from './sequence-mask';

/** The NeXtVLAD weights in Keras layout ([in, out] kernels), with the letters of config.ts. */
export interface NextVladWeights {
  /** [D, E·F] */ expandKernel: tf.Tensor;
  /** [E·F] */ expandBias: tf.Tensor;
  /** [E·F, G] */ gateKernel: tf.Tensor;
  /** [G] */ gateBias: tf.Tensor;
  /** [E·F, G·K], no bias */ clusterKernel: tf.Tensor;
  /** [1, F', K]: cluster_weights2, the centre term */ clusterCentres: tf.Tensor;
  /** [F'·K, O] */ outKernel: tf.Tensor;
  /** [O] */ outBias: tf.Tensor;
}

/**
 * The NeXtVLAD forward of reference-solution.md §2.3 (model2.py:19-101) as a pure function.
 * x: [B, T, D], lengths: [B] valid rows per item or null (no masking) -> [B, O].
 */
export function nextVladForward(
  x: tf.Tensor3D,
  lengths: tf.Tensor1D | null,
  w: NextVladWeights,
  c: NextVladConfig,
  training = false,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T, D] = x.shape;
    const G = c.groups,
      K = c.clusterSize,
      Fp = groupFeatureSize(c);
    const mask = lengths ? sequenceMask(lengths, T).reshape([B * T, 1]) : null; // [B*T, 1]
    let rows = x.reshape([B * T, D]); // [B*T, D]
    // Reference: padded rows are zeroed before the expansion, so they leave it as the bias vector.
    if (mask) rows = rows.mul(mask);
    const e = rows.matMul(w.expandKernel).add(w.expandBias); // [B*T, E·F]
    let gate = tf.sigmoid(e.matMul(w.gateKernel).add(w.gateBias)); // [B*T, G]
    if (mask && c.maskPaddedAfterExpand) gate = gate.mul(mask);
    const gates = gate.reshape([B, T * G, 1]); // [B, T*G, 1]
    const logits = e.matMul(w.clusterKernel).reshape([B, T * G, K]); // [B*T, G*K] -> [B, T*G, K]
    const act = tf.softmax(logits, -1).mul(gates); // [B, T*G, K]
    const aSum = act.sum(1, true); // [B, 1, K]
    const centres = aSum.mul(w.clusterCentres); // [B, F', K]
    const groups = e.reshape([B, T * G, Fp]); // [B, T, E·F] -> [B, T*G, F']: consecutive chunks of each row
    const vlad = tf.matMul(act, groups, true, false); // [B, K, F']
    const resid = vlad.transpose([0, 2, 1]).sub(centres); // [B, F', K]
    // tf.nn.l2_normalize(v, 1): x * rsqrt(max(sum x^2, 1e-12)) over F' for each cluster
    const norm = tf.rsqrt(tf.maximum(resid.square().sum(1, true), 1e-12)); // [B, 1, K]
    let flat = resid.mul(norm).reshape([B, Fp * K]) as tf.Tensor2D; // [B, F'*K], row-major from [F', K]
    if (training && c.dropout > 0) flat = tf.dropout(flat, c.dropout, undefined, nextTfSeed()) as tf.Tensor2D;
    return flat.matMul(w.outKernel).add(w.outBias) as tf.Tensor2D; // [B, O]
  });
}
