import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Pair } from '@vidsim/data-prep';
import { initTf, tf } from '@vidsim/tf-runtime';
import { weightedCorrelation } from '@vidsim/fusion-model';
import { holdOut } from '../stages/pairwise';
import { anisotropy, meanEmbedding, recentTrainLoss } from './diagnostics';

describe('anisotropy', () => {
  it('±e1, ±e2 in 3-d: random-pair cosine -1/3, variance split evenly over two directions, mean vector 0', () => {
    const vs = [
      [1, 0, 0],
      [-1, 0, 0],
      [0, 2, 0],
      [0, -2, 0],
    ];
    const a = anisotropy(vs, { pairs: 20000 });
    // each vector has one opposite (-1) and two orthogonal (0) partners
    expect(a.meanRandomCosine).toBeCloseTo(-1 / 3, 1);
    // covariance diag(0.5, 2, 0): top-1 share 2/2.5, top-5 share 1
    expect(a.topVarianceShare.top1).toBeCloseTo(0.8, 6);
    expect(a.topVarianceShare.top5).toBeCloseTo(1, 6);
    expect(a.meanNormRatio).toBeCloseTo(0, 9);
  });

  it('a collapsed set (one direction plus small noise) reads as collapsed', () => {
    const vs = Array.from({ length: 50 }, (_, i) => [5 + 0.01 * Math.sin(i), 5 + 0.01 * Math.cos(i), 0.01 * (i % 3)]);
    const a = anisotropy(vs);
    expect(a.meanRandomCosine).toBeGreaterThan(0.999);
    expect(a.meanNormRatio).toBeGreaterThan(0.999);
  });

  it('meanEmbedding is the per-dimension mean', () => {
    expect(
      Array.from(
        meanEmbedding([
          [1, 2],
          [3, -2],
        ]),
      ),
    ).toEqual([2, 0]);
  });
});

describe('recentTrainLoss', () => {
  it('averages the last n logged step losses, skipping eval records', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diag-'));
    const lines = [
      { step: 1, loss: 10 },
      { step: 2, loss: 6 },
      { step: 2, eval: { x: 1 } },
      { step: 3, loss: 2 },
    ];
    fs.writeFileSync(path.join(dir, 'metrics.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(recentTrainLoss(dir, 2)).toBe(4);
    expect(recentTrainLoss(dir, 10)).toBe(6);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('pairwise holdOut', () => {
  const pairs: Pair[] = Array.from({ length: 3000 }, (_, i) => ({
    query: String(2n ** 60n + BigInt(i % 600)),
    candidate: String(i),
    relevance: (i % 21) / 20,
  }));

  it('holds out whole queries, about the asked share, the same way every time', () => {
    const { fit, holdout } = holdOut(pairs, 0.2);
    expect(fit.length + holdout.length).toBe(pairs.length);
    expect(holdout.length / pairs.length).toBeGreaterThan(0.14);
    expect(holdout.length / pairs.length).toBeLessThan(0.26);
    const heldQueries = new Set(holdout.map((p) => p.query));
    expect(fit.some((p) => heldQueries.has(p.query))).toBe(false);
    expect(holdOut(pairs, 0.2).holdout).toEqual(holdout);
  });

  it('share 0 holds nothing out', () => {
    expect(holdOut(pairs, 0)).toEqual({ fit: pairs, holdout: [] });
  });
});

describe('pairwise weightedCorrelation', () => {
  beforeAll(async () => {
    await initTf({ backend: 'cpu' });
  });

  it('hand cases: Pearson 0.5 for [1,2,3] vs [1,3,2]; a zero weight drops a pair; blind to offset and scale', () => {
    const corr = (x: number[], y: number[], w: number[]) =>
      weightedCorrelation(tf.tensor1d(x), tf.tensor1d(y), tf.tensor1d(w)).dataSync()[0];
    expect(corr([1, 2, 3], [1, 3, 2], [1, 1, 1])).toBeCloseTo(0.5, 5);
    expect(corr([1, 2, 3], [1, 3, 2], [1, 1, 0])).toBeCloseTo(1, 5);
    expect(corr([10, 20, 30], [1, 3, 2], [2, 2, 2])).toBeCloseTo(0.5, 5);
    // weights 2,1,1 on x=[0,1,2], y=[0,2,1]: means 0.75 / 0.75; cov 0.4375, var 0.6875 each -> 0.636...
    expect(corr([0, 1, 2], [0, 2, 1], [2, 1, 1])).toBeCloseTo(0.4375 / 0.6875, 5);
  });

  it('a batch with equal labels scores 0 with a finite gradient (no NaN reaches the weights)', () => {
    const g = tf.grad((x: tf.Tensor) =>
      weightedCorrelation(x as tf.Tensor1D, tf.tensor1d([0.5, 0.5, 0.5]), tf.tensor1d([1, 2, 1])),
    )(tf.tensor1d([0.1, 0.4, 0.3]));
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    expect(
      weightedCorrelation(
        tf.tensor1d([0.1, 0.4, 0.3]),
        tf.tensor1d([0.5, 0.5, 0.5]),
        tf.tensor1d([1, 2, 1]),
      ).dataSync()[0],
    ).toBe(0);
  });
});
