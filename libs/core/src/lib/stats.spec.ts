import { averageRanks, cosine, pearson, spearman } from './stats';
import { VidsimError } from './errors';

// Expected values: scipy 1.17.1 / numpy 2.4.6, run offline:
//   scipy.stats.spearmanr(x, y).correlation   and   scipy.stats.pearsonr(x, y)[0]
// with the x, y written here (the 67,899-pair case is regenerated from the same integer formulas in numpy).

describe('spearman (scipy.stats.spearmanr semantics)', () => {
  it('16 pairs, heavy ties on both sides (labels on the 0.05 grid): 0.5737942409468912 to 1e-12', () => {
    const x = [0, 0, 0, 0, 0.05, 0.05, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 0.2, 0.2];
    const y = [0.1, 0.1, 0.3, 0.3, 0.3, 0.2, 0.9, 0.9, 0.1, 0.7, 0.7, 0.7, 0.8, 0.2, 0.5, 0.5];
    expect(Math.abs(spearman(x, y) - 0.5737942409468912)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(pearson(x, y) - 0.574105110795631)).toBeLessThanOrEqual(1e-12);
  });

  it('40 pairs, 5 x 6 distinct values: 0.0957338469408904 to 1e-12', () => {
    const a = Array.from({ length: 40 }, (_, i) => (i * 7) % 5);
    const b = Array.from({ length: 40 }, (_, i) => (i * i) % 6);
    expect(Math.abs(spearman(a, b) - 0.0957338469408904)).toBeLessThanOrEqual(1e-12);
  });

  it('ties on one side, decreasing other side: -0.9534625892455922 to 1e-12', () => {
    expect(
      Math.abs(spearman([1, 2, 2, 3, 3, 3, 4, 4, 4, 4], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]) + 0.9534625892455922),
    ).toBeLessThanOrEqual(1e-12);
  });

  it('67,899 pairs, x with 13 levels, y with ~1300 levels: 0.3453747769596025 to 1e-12', () => {
    const n = 67899;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = (i * i * 31 + 7 * i) % 13;
      y[i] = ((i * i * 17 + 3 * i) % 1001) + (x[i] > 6 ? 300 : 0);
    }
    expect(Math.abs(spearman(x, y) - 0.3453747769596025)).toBeLessThanOrEqual(1e-12);
  });

  it('NaN or constant input gives NaN, as scipy; length mismatch throws with a code', () => {
    expect(spearman([1, NaN, 3], [1, 2, 3])).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH', context: { x: 2, y: 1 } }),
    );
  });
});

describe('pearson / averageRanks', () => {
  it('pearson([1..5], [2,1,4,3,7]) = 0.8241633836921339 (scipy.stats.pearsonr)', () => {
    expect(Math.abs(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 7]) - 0.8241633836921339)).toBeLessThanOrEqual(1e-12);
  });

  it('averageRanks([3,1,4,1,5,9,2,6,5,3,5]) = scipy rankdata', () => {
    expect(Array.from(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))).toEqual([
      4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8,
    ]);
  });
});

describe('cosine (sklearn cosine_similarity semantics)', () => {
  it('hand-computed: cos([1,0],[1,1]) = 1/sqrt(2); a zero vector gives 0; lengths must match', () => {
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(cosine([1, 2, 0], [2, 1, 1])).toBeCloseTo(4 / Math.sqrt(30), 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1, 2], [1])).toThrow(expect.objectContaining({ code: 'DIM_MISMATCH' }));
  });

  it('averageRanks rejects a non-finite value with a VidsimError naming the index', () => {
    expect(() => averageRanks([1, NaN])).toThrow(VidsimError);
    expect(() => averageRanks([1, NaN])).toThrow(/index 1/);
  });
});
