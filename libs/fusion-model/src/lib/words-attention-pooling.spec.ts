import { initTf, tf } from '@vidsim/tf-runtime';
import { attentionPool, MASKED_SOFTMAX_PENALTY, WordsAttentionPooling } from './words-attention-pooling';

beforeAll(async () => {
  await initTf({ backend: 'cpu' });
});

/** float64 attention pooling: emb [B][W][C], lens [B] */
function refPool(
  emb: number[][][],
  lens: number[],
  hk: number[][],
  hb: number[],
  lk: number[][],
  lb: number[],
): number[][] {
  return emb.map((rows, b) => {
    const logits = rows.map((e, t) => {
      const h = hb.map((bias, u) => Math.max(0, bias + e.reduce((s, v, i) => s + v * hk[i][u], 0)));
      const l = lb[0] + h.reduce((s, v, u) => s + v * lk[u][0], 0);
      return t < lens[b] ? l : -MASKED_SOFTMAX_PENALTY;
    });
    const m = Math.max(...logits),
      ex = logits.map((l) => Math.exp(l - m)),
      z = ex.reduce((s, v) => s + v, 0);
    return rows[0].map((_, c) => rows.reduce((s, e, t) => s + (ex[t] / z) * e[c], 0));
  });
}

describe('WordsAttentionPooling', () => {
  it('hand case: zero logit weights give the mean of the first len rows ([1,2],[3,4] of 3 rows, len 2 -> [2,3])', () => {
    const emb = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [100, 100],
      ],
    ]);
    const y = attentionPool(
      emb,
      tf.tensor1d([2], 'int32'),
      tf.zeros([2, 2]),
      tf.zeros([2]),
      tf.zeros([2, 1]),
      tf.zeros([1]),
    ).dataSync();
    expect(Array.from(y)).toEqual([2, 3]);
  });

  it('layer: output [B, C], weight shapes, values match the float64 oracle, gradients match central differences', () => {
    const layer = new WordsAttentionPooling({ hiddenUnits: 3, seed: 1 });
    const emb = tf.randomNormal([2, 4, 2], 0, 1, 'float32', 5) as tf.Tensor3D;
    const lens = [4, 2];
    const y = layer.apply([emb, tf.tensor1d(lens, 'int32')]) as tf.Tensor;
    expect(y.shape).toEqual([2, 2]);
    expect(layer.weights.map((w) => w.shape)).toEqual([[2, 3], [3], [3, 1], [1]]);
    const W = layer.weights.map((w) => w.read());
    const [hk, hb, lk, lb] = W.map((t) => t.arraySync()) as [number[][], number[], number[][], number[]];
    const hbv = tf.tensor1d([0.1, -0.2, 0.3]),
      lbv = tf.tensor1d([0.05]);
    const E = emb.arraySync();
    expect(Array.from(y.dataSync()).map((v) => +v.toFixed(5))).toEqual(
      refPool(E, lens, hk, hb, lk, lb)
        .flat()
        .map((v) => +v.toFixed(5)),
    );
    // gradients with non-zero biases
    const R = tf.tensor2d([
      [0.7, -1.1],
      [0.4, 0.9],
    ]);
    const grads = tf.grads((e: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
      attentionPool(e as tf.Tensor3D, tf.tensor1d(lens, 'int32'), a, b, c, d)
        .mul(R)
        .sum(),
    )([emb, W[0], hbv, W[2], lbv]);
    const params: number[][] = [
      E.flat(2),
      hk.flat(),
      Array.from(hbv.dataSync()),
      lk.flat(),
      Array.from(lbv.dataSync()),
    ];
    const unflat = () =>
      [
        [0, 1].map((b) => [0, 1, 2, 3].map((t) => [0, 1].map((c) => params[0][b * 8 + t * 2 + c]))),
        [0, 1].map((i) => [0, 1, 2].map((u) => params[1][i * 3 + u])),
        params[2],
        [0, 1, 2].map((u) => [params[3][u]]),
        params[4],
      ] as const;
    const Rv = R.arraySync();
    const loss = () => {
      const [e, a, b, c, d] = unflat();
      return refPool(e, lens, a, b, c, d).reduce((s, r, i) => s + r[0] * Rv[i][0] + r[1] * Rv[i][1], 0);
    };
    const h = 1e-6;
    params.forEach((p, k) => {
      const g = Array.from(grads[k].dataSync());
      p.forEach((v, j) => {
        p[j] = v + h;
        const lp = loss();
        p[j] = v - h;
        const lm = loss();
        p[j] = v;
        const fd = (lp - lm) / (2 * h);
        if (Math.abs(g[j] - fd) > 2e-4 + 1e-3 * Math.abs(fd))
          throw new Error(`param ${k}[${j}]: autodiff ${g[j]} vs fd ${fd}`);
      });
    });
  });
});
