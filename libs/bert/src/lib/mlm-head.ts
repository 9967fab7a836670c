import { tf } from '@vidsim/tf-runtime';
import type { BertModel } from './bert-model';
import { BertError } from './errors';
import { dense, gelu, layerNorm } from './ops';
import { WeightStore } from './weights';

/**
 * The BERT masked-LM head: Dense(H) + GELU + LayerNorm, then a decoder tied to the encoder's word
 * embeddings (logits = h · E^T) plus its own output bias. Weight names are HF's `cls.predictions.*`.
 *
 * Input shape: [..., H]. Output shape: [..., V].
 */
export class BertMlmHead {
  static readonly className = 'BertMlmHead';
  readonly weights: WeightStore;

  constructor(
    readonly bert: BertModel,
    seed?: number,
  ) {
    const c = bert.config;
    this.weights = new WeightStore(`${bert.weights.scope}_mlm`, c.initializerRange, seed);
    this.weights.add('cls.predictions.transform.dense.weight', [c.hiddenSize, c.hiddenSize], 'normal');
    this.weights.add('cls.predictions.transform.dense.bias', [c.hiddenSize], 'zeros');
    this.weights.add('cls.predictions.transform.LayerNorm.weight', [c.hiddenSize], 'ones');
    this.weights.add('cls.predictions.transform.LayerNorm.bias', [c.hiddenSize], 'zeros');
    this.weights.add('cls.predictions.bias', [c.vocabSize], 'zeros');
  }

  /** The head's own variables (the tied decoder is the encoder's word embedding, not listed here). */
  get trainableVariables(): tf.Variable[] {
    return this.weights.entries().map(([, v]) => v);
  }

  /** hidden [..., H] -> logits [..., V]. */
  apply(hidden: tf.Tensor): tf.Tensor {
    const c = this.bert.config;
    return tf.tidy(() => {
      const g = (n: string) => this.weights.get(`cls.predictions.${n}`);
      const lead = hidden.shape.slice(0, -1);
      const t = gelu(
        dense(hidden, g('transform.dense.weight') as tf.Tensor2D, g('transform.dense.bias') as tf.Tensor1D),
      );
      const h = layerNorm(
        t,
        g('transform.LayerNorm.weight') as tf.Tensor1D,
        g('transform.LayerNorm.bias') as tf.Tensor1D,
        c.layerNormEps,
      );
      const logits = tf.add(
        tf.matMul(tf.reshape(h, [-1, c.hiddenSize]) as tf.Tensor2D, this.bert.wordEmbeddings, false, true),
        g('bias'),
      ); // [N, V]
      return tf.reshape(logits, [...lead, c.vocabSize]);
    });
  }

  dispose(): void {
    this.weights.dispose();
  }
}

/**
 * Mean cross-entropy over the labelled positions only (labels >= 0; HF's -100, or any negative, is
 * ignored): the reference's sum over masked tokens divided by their count (reference-solution.md §4).
 * Only labelled rows go through the head, so the [N, V] logits stay small. The labels are an input,
 * so reading them on the host puts no comparison op on the gradient tape.
 *
 * Input shape: sequence [B, T, H], labels [B, T] int32. Output: scalar.
 */
export function maskedLmLoss(head: BertMlmHead, sequence: tf.Tensor3D, labels: tf.Tensor2D): tf.Scalar {
  const [B, T, H] = sequence.shape;
  if (labels.shape.length !== 2 || labels.shape[0] !== B || labels.shape[1] !== T || labels.dtype !== 'int32') {
    throw new BertError(
      `labels must be int32 [${B},${T}], got ${labels.dtype} ${JSON.stringify(labels.shape)}`,
      'BAD_INPUT',
      {
        field: 'labels',
        actual: labels.shape,
      },
    );
  }
  const V = head.bert.config.vocabSize;
  const flat = labels.dataSync();
  const rows: number[] = [];
  const targets: number[] = [];
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] < 0) continue;
    if (flat[i] >= V)
      throw new BertError(`labels must be < vocabSize ${V}, got ${flat[i]} at flat index ${i}`, 'BAD_INPUT', {
        field: 'labels',
        index: i,
      });
    rows.push(i);
    targets.push(flat[i]);
  }
  if (rows.length === 0)
    throw new BertError('maskedLmLoss needs at least one label >= 0, got none', 'NO_MLM_LABELS', { field: 'labels' });
  return tf.tidy(() => {
    const picked = tf.gather(tf.reshape(sequence, [B * T, H]), tf.tensor1d(rows, 'int32')); // [N, H]
    const logp = tf.logSoftmax(head.apply(picked) as tf.Tensor2D); // [N, V]
    const onehot = tf.oneHot(tf.tensor1d(targets, 'int32'), V); // [N, V]
    return tf.neg(tf.div(tf.sum(tf.mul(logp, onehot)), rows.length)) as tf.Scalar;
  });
}
