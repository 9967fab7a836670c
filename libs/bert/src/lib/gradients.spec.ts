import { initTf, tf } from '@vidsim/tf-runtime';
import { BertModel } from './bert-model';
import { encoderLayer } from './encoder-layer';
import { BertMlmHead, maskedLmLoss } from './mlm-head';

// Central finite differences in float32: step 1e-2 keeps rounding noise (~1e-7/1e-2) far below the
// truncation error of the O(1) losses used here; entries are compared with an absolute + relative bound.
const EPS = 1e-2;

function fdCheck(loss: () => tf.Scalar, vars: tf.Variable[], entries = 4): { checked: number; worst: number } {
  const { grads } = tf.variableGrads(loss, vars);
  let checked = 0;
  let worst = 0;
  let nonzero = 0;
  for (const v of vars) {
    const g = grads[v.name].dataSync();
    const base = v.dataSync().slice();
    const picks = [...new Set(Array.from({ length: entries }, (_, i) => (i * 7919 + v.id * 13) % base.length))];
    for (const idx of picks) {
      const at = (delta: number) => {
        const p = base.slice();
        p[idx] += delta;
        v.assign(tf.tensor(p, v.shape));
        return tf.tidy(() => loss().dataSync()[0]);
      };
      const fd = (at(EPS) - at(-EPS)) / (2 * EPS);
      v.assign(tf.tensor(base, v.shape));
      const err = Math.abs(fd - g[idx]) / (2e-3 + 2e-2 * Math.abs(fd));
      if (err > 1) console.warn(`${v.name}[${idx}]: fd ${fd} vs grad ${g[idx]}`);
      worst = Math.max(worst, err);
      checked++;
      if (Math.abs(g[idx]) > 1e-3) nonzero++;
    }
  }
  tf.dispose(grads);
  if (process.env.BERT_FD_VERBOSE)
    console.log(`checked ${checked} entries (${nonzero} with |grad| > 1e-3), worst error/bound ${worst.toFixed(3)}`);
  return { checked, worst };
}

describe('finite-difference gradients', () => {
  beforeAll(() => initTf({ backend: 'cpu' }));

  it('attention + GELU FFN layer (every weight and the input), with a padded key', () => {
    const bert = new BertModel({
      config: {
        vocabSize: 10,
        hiddenSize: 8,
        numLayers: 1,
        numHeads: 2,
        intermediateSize: 16,
        maxPositions: 4,
        initializerRange: 0.5,
      },
      seed: 11,
    });
    // Non-trivial LayerNorm and bias values so their gradients are exercised off the identity.
    for (const [k, v] of bert.weights.entries())
      if (!k.endsWith('.weight') || v.rank === 1) v.assign(tf.randomNormal(v.shape, 0.5, 0.3, 'float32', 5));
    const x = tf.variable(tf.randomNormal([2, 3, 8], 0, 1, 'float32', 7), true, 'fd_x');
    const mask = tf.tensor4d([0, 0, -10000, 0, 0, 0], [2, 1, 1, 3]);
    const probe = tf.randomNormal([2, 3, 8], 0, 1, 'float32', 9);
    const loss = () =>
      tf.sum(
        tf.mul(encoderLayer(bert.weights, bert.config, 0, x as unknown as tf.Tensor3D, mask, false), probe),
      ) as tf.Scalar;
    const layerVars = bert.weights
      .entries()
      .filter(([k]) => k.startsWith('encoder.'))
      .map(([, v]) => v);
    expect(layerVars).toHaveLength(16);
    const r = fdCheck(loss, [x, ...layerVars]);
    expect(r.checked).toBeGreaterThan(50);
    expect(r.worst).toBeLessThan(1);
    x.dispose();
    bert.dispose();
  });

  it('embeddings + MLM head through the tied decoder (word embeddings get both paths)', () => {
    const bert = new BertModel({
      config: {
        vocabSize: 10,
        hiddenSize: 8,
        numLayers: 1,
        numHeads: 2,
        intermediateSize: 16,
        maxPositions: 4,
        initializerRange: 0.5,
      },
      seed: 21,
    });
    const head = new BertMlmHead(bert, 22);
    const ids = tf.tensor2d(
      [
        [2, 5, 1],
        [3, 3, 7],
      ],
      undefined,
      'int32',
    );
    const types = tf.tensor2d(
      [
        [0, 0, 1],
        [0, 1, 1],
      ],
      undefined,
      'int32',
    );
    const labels = tf.tensor2d(
      [
        [-100, 6, -100],
        [9, -100, 5],
      ],
      undefined,
      'int32',
    );
    const loss = () => maskedLmLoss(head, bert.apply({ inputIds: ids, tokenTypeIds: types }).sequence, labels);
    const vars = [
      bert.wordEmbeddings,
      bert.weights.get('embeddings.token_type_embeddings.weight'),
      bert.weights.get('embeddings.position_embeddings.weight'),
      ...head.trainableVariables,
    ];
    const r = fdCheck(loss, vars, 6);
    expect(r.worst).toBeLessThan(1);
    head.dispose();
    bert.dispose();
  });
});
