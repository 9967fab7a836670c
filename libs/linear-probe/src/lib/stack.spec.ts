import { cosine, mulberry32 } from '@vidsim/core';
import { crossFittedMix, fitMixWeight, stackEmbeddings } from './stack';

const u = mulberry32(9);
const randn = (n: number) => Array.from({ length: n }, () => u() - 0.5);

describe('stackEmbeddings', () => {
  it('gives unit vectors whose cosine is exactly w·cos(towers) + (1-w)·cos(probes)', () => {
    for (const w of [0, 0.3, 0.45, 1]) {
      const [t1, t2, p1, p2] = [randn(128), randn(128), randn(128), randn(128)];
      const a = stackEmbeddings(t1, p1, w);
      const b = stackEmbeddings(t2, p2, w);
      expect(a).toHaveLength(256);
      expect(Math.hypot(...a)).toBeCloseTo(1, 6);
      expect(cosine(a, b)).toBeCloseTo(w * cosine(t1, t2) + (1 - w) * cosine(p1, p2), 6);
    }
  });

  it('keeps a zero part at zero and refuses a weight outside [0, 1]', () => {
    const s = stackEmbeddings([0, 0], [3, 4], 0.5);
    expect(Array.from(s)).toEqual([0, 0, 0.6 * Math.SQRT1_2, 0.8 * Math.SQRT1_2].map(Math.fround));
    expect(() => stackEmbeddings([1], [1], 1.5)).toThrow(/weight must be in \[0, 1\], got 1.5/);
  });
});

describe('fitMixWeight', () => {
  it('picks 1 when the first score is the label, 0 when the second is, and the middle for a sum', () => {
    const y = randn(200);
    const noise = randn(200);
    expect(fitMixWeight(y, noise, y).weight).toBe(1);
    expect(fitMixWeight(noise, y, y).weight).toBe(0);
    // label = a + b with a and b independent and on one scale: the equal mix ranks it exactly
    const a = randn(300);
    const b = randn(300);
    const fit = fitMixWeight(
      a,
      b,
      a.map((x, i) => x + b[i]),
    );
    expect(fit.weight).toBeCloseTo(0.5, 10);
    expect(fit.spearman).toBeCloseTo(1, 10);
    expect(fit.curve).toHaveLength(21);
  });

  it('refuses mismatched lengths and too few pairs', () => {
    expect(() => fitMixWeight([1, 2, 3], [1, 2], [1, 2, 3])).toThrow(/3 tower cosines, 2 probe cosines and 3 labels/);
    expect(() => fitMixWeight([1, 2], [1, 2], [1, 2])).toThrow(/at least 3 labelled pairs, got 2/);
  });
});

describe('crossFittedMix', () => {
  it("scores each group with the weight fitted on the other groups' pairs only", () => {
    // group 0: the label follows a; groups 1 and 2: it follows b. Group 0's weight comes from 1 and 2 (so 0), and
    // groups 1 and 2 see group 0's pairs, which pull their weight up from 0.
    const n = 300;
    const a = randn(n);
    const b = randn(n);
    const groups = Array.from({ length: n }, (_, i) => i % 3);
    const y = a.map((x, i) => (groups[i] === 0 ? x : b[i]));
    const { mixed, weights } = crossFittedMix(a, b, y, groups);
    expect(weights.get(0)).toBe(0);
    expect(weights.get(1)).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const w = weights.get(groups[i])!;
      expect(mixed[i]).toBeCloseTo(w * a[i] + (1 - w) * b[i], 12);
    }
  });
});
