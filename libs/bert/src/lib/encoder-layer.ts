import { tf } from '@vidsim/tf-runtime';
import type { BertConfig } from './config';
import { dense, gelu, layerNorm, maybeDropout } from './ops';
import type { WeightStore } from './weights';

/** Creates the weights of encoder layer `i` under its HF names (kernels [in, out]). */
export function addEncoderLayerWeights(store: WeightStore, c: BertConfig, i: number): void {
  const p = `encoder.layer.${i}`;
  const H = c.hiddenSize;
  for (const qkv of ['query', 'key', 'value']) {
    store.add(`${p}.attention.self.${qkv}.weight`, [H, H], 'normal');
    store.add(`${p}.attention.self.${qkv}.bias`, [H], 'zeros');
  }
  store.add(`${p}.attention.output.dense.weight`, [H, H], 'normal');
  store.add(`${p}.attention.output.dense.bias`, [H], 'zeros');
  store.add(`${p}.attention.output.LayerNorm.weight`, [H], 'ones');
  store.add(`${p}.attention.output.LayerNorm.bias`, [H], 'zeros');
  store.add(`${p}.intermediate.dense.weight`, [H, c.intermediateSize], 'normal');
  store.add(`${p}.intermediate.dense.bias`, [c.intermediateSize], 'zeros');
  store.add(`${p}.output.dense.weight`, [c.intermediateSize, H], 'normal');
  store.add(`${p}.output.dense.bias`, [H], 'zeros');
  store.add(`${p}.output.LayerNorm.weight`, [H], 'ones');
  store.add(`${p}.output.LayerNorm.bias`, [H], 'zeros');
}

/**
 * One post-LN transformer layer: multi-head self-attention, add & LayerNorm, GELU FFN, add & LayerNorm.
 * Input shape: x [B, T, H], additiveMask [B, 1, 1, T] (0 where attended, -10000 where masked).
 * Output shape: [B, T, H].
 */
export function encoderLayer(
  store: WeightStore,
  c: BertConfig,
  i: number,
  x: tf.Tensor3D,
  additiveMask: tf.Tensor4D,
  training: boolean,
): tf.Tensor3D {
  const p = `encoder.layer.${i}`;
  const w = (n: string) => store.get(`${p}.${n}.weight`) as tf.Tensor2D;
  const b = (n: string) => store.get(`${p}.${n}.bias`) as tf.Tensor1D;
  const gamma = (n: string) => store.get(`${p}.${n}.weight`) as tf.Tensor1D;
  const [B, T, H] = x.shape;
  const nh = c.numHeads;
  const d = H / nh;

  // Q, K, V as three dense layers: a fused [B,T,3,nh,d] would need a rank-5 transpose (slow on wasm).
  const heads = (n: string) =>
    tf.transpose(tf.reshape(dense(x, w(`attention.self.${n}`), b(`attention.self.${n}`)), [B, T, nh, d]), [0, 2, 1, 3]); // [B, nh, T, d]
  const q = heads('query');
  const k = heads('key');
  const v = heads('value');
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)), additiveMask); // [B, nh, T, T]
  const probs = maybeDropout(tf.softmax(scores, -1), c.attentionDropout, training);
  const context = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [B, T, H]); // [B, T, H]

  const attnOut = maybeDropout(
    dense(context, w('attention.output.dense'), b('attention.output.dense')),
    c.hiddenDropout,
    training,
  );
  const h1 = layerNorm(
    tf.add(attnOut, x),
    gamma('attention.output.LayerNorm'),
    b('attention.output.LayerNorm'),
    c.layerNormEps,
  );

  const inner = gelu(dense(h1, w('intermediate.dense'), b('intermediate.dense'))); // [B, T, I]
  const ffnOut = maybeDropout(dense(inner, w('output.dense'), b('output.dense')), c.hiddenDropout, training);
  return layerNorm(tf.add(ffnOut, h1), gamma('output.LayerNorm'), b('output.LayerNorm'), c.layerNormEps) as tf.Tensor3D;
}
