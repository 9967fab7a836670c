import { bootstrapSpearman, bootstrapSpearmanDifference } from './bootstrap';
import { cosineT, fitTransform } from './whitening';

describe('bootstrap intervals', () => {
  const label = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
  const noisy = label.map((v, i) => v + 60 * Math.sin(i * 12.9898));

  it('a monotone score gives exactly 1 in every resample; a noisy one an interval around its estimate', () => {
    expect(bootstrapSpearman(label.map((v) => 2 * v + 1), label)).toEqual({ estimate: 1, lo: 1, hi: 1 });
    const iv = bootstrapSpearman(noisy, label);
    expect(iv.lo).toBeLessThan(iv.estimate);
    expect(iv.hi).toBeGreaterThan(iv.estimate);
    expect(iv.hi - iv.lo).toBeLessThan(0.4);
  });

  it('the paired difference of a scorer with itself is exactly 0; a perfect scorer beats a noisy one', () => {
    expect(bootstrapSpearmanDifference(noisy, noisy, label)).toEqual({ estimate: 0, lo: 0, hi: 0 });
    expect(bootstrapSpearmanDifference(label, noisy, label).lo).toBeGreaterThan(0);
  });
});

describe('post-hoc whitening', () => {
  it('centring and full whitening on a hand case: cov diag(4, 1) makes (2,1) and (2,-1) orthogonal', () => {
    const fit = [[2, 1], [-2, -1], [2, -1], [-2, 1]];
    expect(cosineT(fitTransform(fit, null), [2, 1], [2, -1])).toBeCloseTo(0.6, 9);
    expect(cosineT(fitTransform(fit, 0), [2, 1], [2, -1])).toBeCloseTo(0, 6);
  });
});
