import {
  bootstrapSpearman,
  bootstrapSpearmanGain,
  formatInterval,
  percentile,
  resampledSpearman,
  tieGroups,
} from './bootstrap';
import { spearman } from '@vidsim/core';
import { truncatedSvd } from './lsa';
import { cholesky, choleskySolve, predictRow, ridgeFit } from './ridge';
import { CharTfidf, jaccard, sparseCosine, sparseDot } from './tfidf';

describe('CharTfidf (sklearn TfidfVectorizer(analyzer="char", ngram_range=(1,1)) convention)', () => {
  // docs: "ab", "ac", "aab". n = 3; df(a) = 3, df(b) = 2, df(c) = 1
  // idf = ln((1+n)/(1+df)) + 1: a = ln(4/4)+1 = 1, b = ln(4/3)+1, c = ln(4/2)+1
  const idfB = Math.log(4 / 3) + 1;
  const idfC = Math.log(2) + 1;
  const t = CharTfidf.fit(['ab', 'ac', 'aab'], { ngrams: [1, 1] });

  it('vocabulary in alphabetical order and the smoothed idf', () => {
    expect([...t.vocabulary.entries()]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    expect(t.idf[0]).toBeCloseTo(1, 12);
    expect(t.idf[1]).toBeCloseTo(idfB, 12);
    expect(t.idf[2]).toBeCloseTo(idfC, 12);
  });

  it('"aab" -> (2*1, 1*idf_b) / norm; cosine("ab", "ac") = 1 / (|ab| |ac|)', () => {
    const v = t.transform('aab');
    const norm = Math.sqrt(4 + idfB * idfB);
    expect(Array.from(v.indices)).toEqual([0, 1]);
    expect(v.values[0]).toBeCloseTo(2 / norm, 12);
    expect(v.values[1]).toBeCloseTo(idfB / norm, 12);
    const cos = sparseCosine(t.transform('ab'), t.transform('ac'));
    expect(cos).toBeCloseTo(1 / (Math.sqrt(1 + idfB * idfB) * Math.sqrt(1 + idfC * idfC)), 12);
    expect(sparseDot(t.transform('ab'), t.transform('ab'))).toBeCloseTo(1, 12);
  });

  it('bigrams count code points (CJK), unknown n-grams are dropped, an empty text has no entries', () => {
    const z = CharTfidf.fit(['猫狗', '猫猫'], { ngrams: [1, 2] });
    expect([...z.vocabulary.keys()]).toEqual(['狗', '猫', '猫狗', '猫猫']);
    expect(z.transform('鱼').indices.length).toBe(0);
    expect(sparseCosine(z.transform(''), z.transform('猫'))).toBe(0);
  });

  it('round-trips through toState / fromState, and refuses a broken state naming the field', () => {
    const z = CharTfidf.fit(['猫狗跑了', '猫猫', '今天天气不错'], { ngrams: [1, 2] });
    const again = CharTfidf.fromState(JSON.parse(JSON.stringify(z.toState())));
    for (const doc of ['猫狗', '天气', '鱼']) expect(again.transform(doc)).toEqual(z.transform(doc));
    const state = z.toState();
    expect(() => CharTfidf.fromState({ ...state, ngrams: [2, 1] })).toThrow(/ngrams must be \[lo, hi\]/);
    expect(() => CharTfidf.fromState({ ...state, idf: state.idf.slice(1) })).toThrow(/grams and idf must be arrays/);
    expect(() => CharTfidf.fromState({ ...state, grams: state.grams.map(() => '猫') })).toThrow(
      /grams\[1\] must be a distinct/,
    );
    expect(() => CharTfidf.fromState({ ...state, idf: state.idf.map(() => -1) })).toThrow(
      /idf\[0\] must be a positive/,
    );
  });

  it('jaccard of tag sets', () => {
    expect(jaccard([1, 2, 3], [2, 3, 4])).toBeCloseTo(2 / 4, 12);
    expect(jaccard([], [])).toBe(0);
  });
});

describe('ridge regression', () => {
  it('X = [[1,0],[0,1],[1,1]], y = [1,0,1], lambda 1: W = [[3,1],[1,3]]^-1 [2,1] = [5/8, 1/8]', () => {
    const x = Float64Array.from([1, 0, 0, 1, 1, 1]);
    const w = ridgeFit(x, 3, 2, { dense: Float64Array.from([1, 0, 1]) }, 1, 1);
    expect(w[0]).toBeCloseTo(5 / 8, 12);
    expect(w[1]).toBeCloseTo(1 / 8, 12);
    // the same targets as multi-hot column indices
    const hot = ridgeFit(x, 3, 2, { hot: [[0], [], [0]] }, 1, 1);
    expect(Array.from(hot)).toEqual(Array.from(w));
    expect(predictRow([1, 1], w, 2, 1)[0]).toBeCloseTo(6 / 8, 12);
  });

  it('one feature: w = sum(xy) / (sum(x^2) + lambda)', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    const y = Float64Array.from([2, 3, 7, 8]);
    const w = ridgeFit(x, 4, 1, { dense: y }, 1, 0.5);
    expect(w[0]).toBeCloseTo((2 + 6 + 21 + 32) / (30 + 0.5), 12);
  });

  it('cholesky solve of [[4,2],[2,3]] w = [2, 1]: w = [0.5, 0]', () => {
    const l = cholesky(Float64Array.from([4, 2, 2, 3]), 2);
    const w = choleskySolve(l, 2, Float64Array.from([2, 1]), 1);
    expect(w[0]).toBeCloseTo(0.5, 12);
    expect(w[1]).toBeCloseTo(0, 12);
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});

describe('truncated SVD of sparse rows', () => {
  it('singular values of [[3,0,0],[0,2,0],[0,0,1],[0,0,0]] are 3, 2; projections are U Sigma up to sign', () => {
    const rows = [
      { indices: Int32Array.from([0]), values: Float64Array.from([3]) },
      { indices: Int32Array.from([1]), values: Float64Array.from([2]) },
      { indices: Int32Array.from([2]), values: Float64Array.from([1]) },
      { indices: new Int32Array(0), values: new Float64Array(0) },
    ];
    const svd = truncatedSvd(rows, 3, 2, { oversample: 1 });
    expect(svd.singularValues[0]).toBeCloseTo(3, 8);
    expect(svd.singularValues[1]).toBeCloseTo(2, 8);
    expect(Math.abs(svd.project(rows[0])[0])).toBeCloseTo(3, 8);
    expect(Math.abs(svd.project(rows[1])[1])).toBeCloseTo(2, 8);
    expect(Math.abs(svd.project(rows[2])[0]) + Math.abs(svd.project(rows[2])[1])).toBeCloseTo(0, 8);
  });
});

/** Bivariate normal pairs with correlation rho, from a fixed LCG (independent of the code under test). */
function correlated(n: number, rho: number, seed: number): { x: number[]; y: number[] } {
  let s = seed;
  const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const g = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = g();
    x.push(a);
    y.push(rho * a + Math.sqrt(1 - rho * rho) * g());
  }
  return { x, y };
}

describe('bootstrap intervals', () => {
  it('percentile interpolates as numpy: percentile([1,2,3,4], 0.25) = 1.75', () => {
    expect(percentile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  });

  it('the O(n) resample Spearman equals scipy-style spearman of the expanded resample (ties included)', () => {
    const x = [0.3, 0.1, 0.3, 0.9, 0.5, 0.1];
    const y = [0, 0.5, 0.5, 1, 0, 0.05];
    const counts = Int32Array.from([2, 0, 1, 3, 0, 1]);
    const ex: number[] = [];
    const ey: number[] = [];
    counts.forEach((c, j) => {
      for (let k = 0; k < c; k++) {
        ex.push(x[j]);
        ey.push(y[j]);
      }
    });
    expect(resampledSpearman(tieGroups(x), tieGroups(y), counts)).toBeCloseTo(spearman(ex, ey), 12);
  });

  it('its standard error matches the Fieller-Hartley-Pearson approximation sd(atanh r_s) ~ sqrt(1.06 / (n - 3))', () => {
    const { x, y } = correlated(800, 0.6, 7);
    const r = bootstrapSpearman(x, y, { resamples: 1000, seed: 3 });
    expect(r.spearman).toBeCloseTo(spearman(x, y), 12);
    const expected = (1 - r.spearman * r.spearman) * Math.sqrt(1.06 / (800 - 3));
    expect(r.se / expected).toBeGreaterThan(0.75);
    expect(r.se / expected).toBeLessThan(1.3);
    expect(r.low).toBeLessThan(r.spearman);
    expect(r.high).toBeGreaterThan(r.spearman);
    expect(bootstrapSpearman(x, y, { resamples: 1000, seed: 3 })).toEqual(r); // seeded
  });

  it('a perfect ranking has the interval [1, 1]; a score against itself gains exactly 0', () => {
    const y = [0, 0.2, 0.5, 0.5, 1];
    const r = bootstrapSpearman([1, 2, 3, 3, 9], y, { resamples: 50 });
    expect([r.low, r.high]).toEqual([1, 1]);
    const g = bootstrapSpearmanGain(y, y, y, { resamples: 50 });
    expect([g.spearman, g.low, g.high]).toEqual([0, 0, 0]);
  });

  it('a real gain of a better score excludes 0; formatInterval prints value [low, high]', () => {
    const { x, y } = correlated(600, 0.7, 11);
    const noisy = x.map((v, i) => v + 1.5 * correlated(600, 0, 99).x[i]);
    const g = bootstrapSpearmanGain(x, noisy, y, { resamples: 300 });
    expect(g.low).toBeGreaterThan(0);
    expect(formatInterval({ spearman: 0.5, low: 0.41, high: 0.6 }, 2)).toBe('0.50 [0.41, 0.60]');
  });
});
