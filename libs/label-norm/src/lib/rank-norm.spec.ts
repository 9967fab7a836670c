import { averageRanks } from '@vidsim/core';
import { identityNorm, rankNorm } from './rank-norm';

describe('averageRanks / rankNorm', () => {
  it('ties share their average rank (scipy.stats.rankdata, method="average")', () => {
    // scipy 1.10.1: rankdata([3,1,4,1,5,9,2,6,5,3,5]).tolist()
    expect(Array.from(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))).toEqual([
      4.5, 1.5, 6.0, 1.5, 8.0, 11.0, 3.0, 10.0, 8.0, 4.5, 8.0,
    ]);
  });

  it('rankNorm min-max scales average ranks to [0, 1] (hand-computed)', () => {
    // ranks of [0, 0, 0.5, 1] are [1.5, 1.5, 3, 4]: (r - 1.5) / 2.5 = [0, 0, 0.6, 1].
    const r = rankNorm([0, 0, 0.5, 1]);
    expect(r[0]).toBe(0);
    expect(r[1]).toBe(0);
    expect(r[2]).toBeCloseTo(0.6, 15);
    expect(r[3]).toBe(1);
  });

  it('rejects empty and constant input', () => {
    expect(() => rankNorm([])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => rankNorm([0.3, 0.3])).toThrow(expect.objectContaining({ code: 'CONSTANT_INPUT' }));
  });

  it('identityNorm copies the raw labels', () => {
    const raw = [0, 0.35, 1];
    const out = identityNorm(raw);
    expect(Array.from(out)).toEqual(raw);
    expect(out).not.toBe(raw);
  });
});
