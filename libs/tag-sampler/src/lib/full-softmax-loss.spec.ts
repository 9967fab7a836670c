import { initTf, tf } from '@vidsim/tf-runtime';
import { fullSoftmaxTagLoss } from './full-softmax-loss';
import { sampledSoftmaxTagLoss } from './sampled-softmax-loss';

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

describe('fullSoftmaxTagLoss', () => {
  it('hand case: emb (1,2), positives [2,3,PAD]: softmax over tags 2..5 only (PAD/UNK rows left out), /M, x1000', () => {
    // scores of tags 2..5: 1, 2, 3, -1; the UNK row (9,9) would dominate if it were in the softmax
    const z = lse([1, 2, 3, -1]);
    const loss = fullSoftmaxTagLoss(
      tf.tensor2d([[1, 2]]),
      tf.tensor2d(TAGS),
      tf.tensor2d([[2, 3, 0]], undefined, 'int32'),
    );
    // python: z = 3.4197166463153392; ((z-1)+(z-2))*1000/3 = 1279.8110975435595
    expect(loss.dataSync()[0]).toBeCloseTo((1000 * (z - 1 + (z - 2))) / 3, 1);
    expect(loss.dataSync()[0]).toBeCloseTo(1279.811, 1);
  });

  it('an all-zero embedding sits at chance ln(V-2) per real positive', () => {
    const loss = fullSoftmaxTagLoss(
      tf.zeros([2, 2]) as tf.Tensor2D,
      tf.tensor2d(TAGS),
      tf.tensor2d(
        [
          [2, 3],
          [4, 1],
        ],
        undefined,
        'int32',
      ),
      { lossScale: 1 },
    );
    // video 0: 2 real of M=2 -> ln4; video 1: 1 real of 2 -> ln4/2
    expect(loss.dataSync()[0]).toBeCloseTo((Math.log(4) + Math.log(4) / 2) / 2, 5);
  });

  it('equals the sampled softmax whose negatives are every other tag, with accidental hits removed', () => {
    const emb = tf.tensor2d([[0.3, -0.7]]);
    const pos = tf.tensor2d([[4]], undefined, 'int32');
    const full = fullSoftmaxTagLoss(emb, tf.tensor2d(TAGS), pos, { lossScale: 1 }).dataSync()[0];
    const sampled = sampledSoftmaxTagLoss(
      emb,
      tf.tensor2d(TAGS),
      pos,
      tf.tensor2d([[2, 3, 4, 5]], undefined, 'int32'),
      { lossScale: 1, removeAccidentalHits: true },
    ).dataSync()[0];
    expect(sampled).toBeCloseTo(full, 5);
  });

  it('rejects positives of the wrong shape, naming the field', () => {
    expect(() =>
      fullSoftmaxTagLoss(tf.zeros([2, 2]) as tf.Tensor2D, tf.tensor2d(TAGS), tf.tensor2d([[2, 3]], undefined, 'int32')),
    ).toThrow(/positives must be int32 \[2, M\]/);
  });
});

describe('sampledSoftmaxTagLoss removeAccidentalHits', () => {
  it('a negative equal to a positive leaves that example softmax (hand case), and only when asked', () => {
    // emb (1,2): positive id3 s=2; negatives id3 (the accidental hit, s=2) and id4 (s=3)
    const args = [
      tf.tensor2d([[1, 2]]),
      tf.tensor2d(TAGS),
      tf.tensor2d([[3]], undefined, 'int32'),
      tf.tensor2d([[3, 4]], undefined, 'int32'),
    ] as const;
    const kept = sampledSoftmaxTagLoss(...args, { lossScale: 1 }).dataSync()[0];
    const removed = sampledSoftmaxTagLoss(...args, { lossScale: 1, removeAccidentalHits: true }).dataSync()[0];
    expect(kept).toBeCloseTo(-2 + lse([2, 2, 3]), 5);
    expect(removed).toBeCloseTo(-2 + lse([2, 3]), 5);
  });
});
