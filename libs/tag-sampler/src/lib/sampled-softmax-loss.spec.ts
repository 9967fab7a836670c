import { initTf, tf } from '@vidsim/tf-runtime';
import { multiLabelSigmoidLoss } from './multi-label-loss';
import { sampledSoftmaxTagLoss, tagDotLogits } from './sampled-softmax-loss';

beforeAll(async () => {
  await initTf({ backend: 'cpu' });
});

// ids: 0 PAD, 1 UNK, 2..5 tags
const TAGS = [
  [0, 0],
  [9, 9],
  [1, 0],
  [0, 1],
  [1, 1],
  [-1, 0],
];
const lse = (xs: number[]) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));

describe('sampledSoftmaxTagLoss', () => {
  it('hand case: emb (1,2), positives [2,3,PAD], negatives [4,5] -> 1000*(loss(1)+loss(2))/3', () => {
    // s_pos = <(1,2),(1,0)> = 1 and <(1,2),(0,1)> = 2; s_neg = 3 and -1; the PAD slot is masked but still counted in M=3.
    const l1 = -1 + lse([1, 3, -1]),
      l2 = -2 + lse([2, 3, -1]);
    const loss = sampledSoftmaxTagLoss(
      tf.tensor2d([[1, 2]]),
      tf.tensor2d(TAGS),
      tf.tensor2d([[2, 3, 0]], undefined, 'int32'),
      tf.tensor2d([[4, 5]], undefined, 'int32'),
    );
    expect(loss.dataSync()[0]).toBeCloseTo((1000 * (l1 + l2)) / 3, 2);
    // python: l1 = 2.1429316284998996, l2 = 1.3265626412674707, 1000*(l1+l2)/3 = 1156.4980899224568
    expect(loss.dataSync()[0]).toBeCloseTo(1156.498, 1);
  });

  it('UNK slots are masked, batch mean, lossScale 1, negatives shared by the batch ([N] ids) equal per-example ones', () => {
    const emb = tf.tensor2d([
      [1, 2],
      [0.5, -1],
    ]);
    const pos = tf.tensor2d(
      [
        [2, 1],
        [5, 4],
      ],
      undefined,
      'int32',
    );
    const negIds = [3, 5];
    const shared = sampledSoftmaxTagLoss(emb, tf.tensor2d(TAGS), pos, tf.tensor1d(negIds, 'int32'), {
      lossScale: 1,
    }).dataSync()[0];
    const perEx = sampledSoftmaxTagLoss(
      emb,
      tf.tensor2d(TAGS),
      pos,
      tf.tensor2d([negIds, negIds], undefined, 'int32'),
      { lossScale: 1 },
    ).dataSync()[0];
    // video 0: slot id2 (s=1) vs negs s=2 (id3), -1 (id5); UNK masked -> /2.
    // video 1: emb (0.5,-1): id5 s=-0.5, id4 s=-0.5; negs id3 s=-1, id5 s=-0.5
    const v0 = (-1 + lse([1, 2, -1])) / 2;
    const v1 = (-(-0.5) + lse([-0.5, -1, -0.5]) + (-(-0.5) + lse([-0.5, -1, -0.5]))) / 2;
    expect(shared).toBeCloseTo((v0 + v1) / 2, 5);
    expect(perEx).toBeCloseTo((v0 + v1) / 2, 5);
  });

  it('gradients w.r.t. emb and tagEmb match central differences of a float64 loop implementation', () => {
    const emb = tf.randomNormal([2, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const tags = tf.randomNormal([7, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const pos = [
        [2, 4, 0],
        [6, 1, 3],
      ],
      neg = [
        [3, 5, 6, 2],
        [2, 4, 5, 6],
      ];
    const [gE, gT] = tf.grads((e: tf.Tensor, t: tf.Tensor) =>
      sampledSoftmaxTagLoss(
        e as tf.Tensor2D,
        t as tf.Tensor2D,
        tf.tensor2d(pos, undefined, 'int32'),
        tf.tensor2d(neg, undefined, 'int32'),
        { lossScale: 10 },
      ),
    )([emb, tags]);
    const E = emb.arraySync(),
      T = tags.arraySync();
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
    const ref = () => {
      let total = 0;
      E.forEach((e, b) => {
        const sn = neg[b].map((id) => dot(e, T[id]));
        pos[b].forEach((id) => {
          if (id > 1) {
            const sp = dot(e, T[id]);
            total += -sp + lse([sp, ...sn]);
          }
        });
      });
      return (10 * total) / 3 / 2;
    };
    const h = 1e-5;
    for (const [arr, g] of [
      [E, gE.arraySync() as number[][]],
      [T, gT.arraySync() as number[][]],
    ] as const) {
      arr.forEach((row, i) =>
        row.forEach((v, j) => {
          row[j] = v + h;
          const lp = ref();
          row[j] = v - h;
          const lm = ref();
          row[j] = v;
          const fd = (lp - lm) / (2 * h);
          expect(Math.abs(g[i][j] - fd)).toBeLessThan(1e-4 + 1e-3 * Math.abs(fd));
        }),
      );
    }
  });

  it('tagDotLogits: [B,N] ids and [N] ids give <emb, tagEmb[id]>', () => {
    const emb = tf.tensor2d([[1, 2]]);
    expect(
      Array.from(tagDotLogits(emb, tf.tensor2d(TAGS), tf.tensor2d([[4, 5, 2]], undefined, 'int32')).dataSync()),
    ).toEqual([3, -1, 1]);
    expect(Array.from(tagDotLogits(emb, tf.tensor2d(TAGS), tf.tensor1d([4, 5, 2], 'int32')).dataSync())).toEqual([
      3, -1, 1,
    ]);
  });

  it('rejects float ids and a batch mismatch with BAD_INPUT', () => {
    const emb = tf.tensor2d([[1, 2]]);
    expect(() => sampledSoftmaxTagLoss(emb, tf.tensor2d(TAGS), tf.tensor2d([[2]]), tf.tensor1d([3], 'int32'))).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
    expect(() =>
      sampledSoftmaxTagLoss(
        emb,
        tf.tensor2d(TAGS),
        tf.tensor2d([[2], [3]], undefined, 'int32'),
        tf.tensor1d([3], 'int32'),
      ),
    ).toThrow(/positives must be int32 with shape \[1, n\]/);
  });
});

describe('multiLabelSigmoidLoss', () => {
  it('hand case: K=3 (ids 2,3,4), logits 1,2,3, positives [2, 9 (outside top K), PAD] -> 1000*mean(sp(-1), sp(2), sp(3))', () => {
    const sp = (x: number) => Math.log1p(Math.exp(x));
    const want = (1000 * (sp(-1) + sp(2) + sp(3))) / 3;
    const tags = tf.tensor2d([...TAGS, [0, 0], [0, 0], [0, 0], [0, 0]]); // 10 rows so id 9 exists
    const got = multiLabelSigmoidLoss(tf.tensor2d([[1, 2]]), tags, tf.tensor2d([[2, 9, 0]], undefined, 'int32'), {
      numClasses: 3,
    });
    expect(got.dataSync()[0]).toBeCloseTo(want, 2);
    const sum = multiLabelSigmoidLoss(tf.tensor2d([[1, 2]]), tags, tf.tensor2d([[2, 2, 0]], undefined, 'int32'), {
      numClasses: 3,
      reduction: 'sum',
      lossScale: 1,
    });
    expect(sum.dataSync()[0]).toBeCloseTo(sp(-1) + sp(2) + sp(3), 5);
  });

  it('rejects numClasses beyond the vocab', () => {
    expect(() =>
      multiLabelSigmoidLoss(tf.tensor2d([[1, 2]]), tf.tensor2d(TAGS), tf.tensor2d([[2]], undefined, 'int32'), {
        numClasses: 5,
      }),
    ).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
  });
});
