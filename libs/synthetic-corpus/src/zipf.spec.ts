import { realTagCountAt, tagProbabilities } from './zipf';

describe('tag frequency law', () => {
  it('hits the real counts at the anchor ranks (rank 1: 71992, rank 1000: 581, rank 62880: 1)', () => {
    expect(realTagCountAt(1)).toBeCloseTo(71992, 6);
    expect(realTagCountAt(1000)).toBeCloseTo(581, 6);
    expect(realTagCountAt(62880)).toBeCloseTo(1, 6);
  });

  it('full vocab: top 10k tags carry 95.8% of occurrences and the total is ~4.84M (../shared/data README facts)', () => {
    let total = 0;
    let top = 0;
    for (let r = 1; r <= 62880; r++) {
      const c = realTagCountAt(r);
      total += c;
      if (r <= 10000) top += c;
    }
    expect(top / total).toBeGreaterThan(0.948);
    expect(top / total).toBeLessThan(0.968);
    expect(total / 1e6).toBeGreaterThan(4.84 * 0.97);
    expect(total / 1e6).toBeLessThan(4.84 * 1.03);
  });

  it('a cut vocab is normalised and non-increasing', () => {
    const p = tagProbabilities(500);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeLessThanOrEqual(p[i - 1]);
    // the two top real tags are near-equal (71992 vs 71762)
    expect(p[1] / p[0]).toBeCloseTo(71762 / 71992, 6);
  });
});
