import { TagSamplerError } from './errors';
import { LogUniformSampler } from './log-uniform-sampler';
import { Rng } from '@vidsim/core';

/** Upper 0.999 quantile of chi-square(df) by the Wilson-Hilferty approximation (z = 3.0902). */
function chiSquareCritical999(df: number): number {
  const a = 2 / (9 * df);
  return df * Math.pow(1 - a + 3.0902 * Math.sqrt(a), 3);
}

/** Pearson statistic with consecutive classes merged until each bin expects >= minExpected draws. */
function chiSquare(
  counts: Float64Array,
  probs: (k: number) => number,
  n: number,
  minExpected = 50,
): { stat: number; df: number } {
  let stat = 0,
    bins = 0,
    obs = 0,
    exp = 0;
  for (let k = 0; k < counts.length; k++) {
    obs += counts[k];
    exp += n * probs(k);
    if (exp >= minExpected || k === counts.length - 1) {
      stat += ((obs - exp) * (obs - exp)) / exp;
      bins++;
      obs = 0;
      exp = 0;
    }
  }
  return { stat, df: bins - 1 };
}

describe('LogUniformSampler', () => {
  it('P(k) for range 3 by hand: ln2/ln4 = 0.5, ln1.5/ln4 = 0.29248, ln(4/3)/ln4 = 0.20752; sums to 1 for range 62880', () => {
    const s = new LogUniformSampler({ rangeMax: 3 });
    expect(s.probability(0)).toBeCloseTo(0.5, 12);
    expect(s.probability(1)).toBeCloseTo(0.2924812504, 9);
    expect(s.probability(2)).toBeCloseTo(0.2075187496, 9);
    expect(s.probability(3)).toBe(0);
    const big = new LogUniformSampler({ rangeMax: 62880 });
    let sum = 0;
    for (let k = 0; k < 62880; k++) sum += big.probability(k);
    expect(sum).toBeCloseTo(1, 10);
  });

  for (const rangeMax of [20, 62880]) {
    it(`1e6 draws, range ${rangeMax}: chi-square against ln((k+2)/(k+1))/ln(range+1) below the 0.999 quantile; uniform is rejected`, () => {
      const s = new LogUniformSampler({ rangeMax, unique: false, offset: 0, seed: 7 });
      const n = 1_000_000;
      const ids = s.sample(n).ids;
      const counts = new Float64Array(rangeMax);
      for (let i = 0; i < n; i++) counts[ids[i]]++;
      const fit = chiSquare(counts, (k) => s.probability(k), n);
      expect(fit.df).toBeGreaterThan(rangeMax === 20 ? 15 : 1000);
      expect(fit.stat).toBeLessThan(chiSquareCritical999(fit.df));
      const uniform = chiSquare(counts, () => 1 / rangeMax, n);
      expect(uniform.stat).toBeGreaterThan(100 * chiSquareCritical999(uniform.df));
    });
  }

  it('unique draws are the first distinct values of the same stream (TF rejection semantics), offset 2 applied', () => {
    const raw = new LogUniformSampler({ rangeMax: 500, unique: false, offset: 2, seed: 99 }).sample(20000).ids;
    const { ids, numTries } = new LogUniformSampler({ rangeMax: 500, offset: 2, seed: 99 }).sample(300);
    const seen = new Set<number>(),
      expected: number[] = [];
    let tries = 0;
    for (const v of raw) {
      if (expected.length === 300) break;
      tries++;
      if (!seen.has(v)) {
        seen.add(v);
        expected.push(v);
      }
    }
    expect(Array.from(ids)).toEqual(expected);
    expect(numTries).toBe(tries);
    expect(numTries).toBeGreaterThan(300);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...ids)).toBeLessThan(502);
  });

  it('batch 512 x 1000 unique over 62880 tags: every row distinct, a fresh draw per row, reproducible by seed', () => {
    const a = new LogUniformSampler({ rangeMax: 62880, seed: 1024 }).sampleBatch(512, 1000);
    const b = new LogUniformSampler({ rangeMax: 62880, seed: 1024 }).sampleBatch(512, 1000);
    expect(a.every((v, i) => v === b[i])).toBe(true);
    let distinctRows = 0;
    for (let r = 0; r < 512; r++) if (new Set(a.subarray(r * 1000, (r + 1) * 1000)).size === 1000) distinctRows++;
    expect(distinctRows).toBe(512);
    expect(Array.from(a.subarray(0, 1000))).not.toEqual(Array.from(a.subarray(1000, 2000)));
  });

  it('numSampled = rangeMax with unique returns a permutation of all classes', () => {
    const { ids } = new LogUniformSampler({ rangeMax: 50, offset: 0, seed: 3 }).sample(50);
    expect(Array.from(ids).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('expectedCount: unique 1-(1-p)^tries (k=0, R=3, 4 tries: 1-0.5^4 = 0.9375); non-unique n*p', () => {
    expect(new LogUniformSampler({ rangeMax: 3 }).expectedCount(0, 2, 4)).toBeCloseTo(0.9375, 12);
    expect(new LogUniformSampler({ rangeMax: 3, unique: false }).expectedCount(0, 2, 2)).toBeCloseTo(1, 12);
  });

  it('rejects bad options with TagSamplerError BAD_CONFIG and the value', () => {
    expect(() => new LogUniformSampler({ rangeMax: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_CONFIG', context: { field: 'rangeMax', actual: 0 } }),
    );
    expect(() => new LogUniformSampler({ rangeMax: 10 }).sample(11)).toThrow(
      /numSampled: must be at most rangeMax=10 when unique, got 11/,
    );
    expect(() => new LogUniformSampler({ rangeMax: 10, offset: -1 })).toThrow(TagSamplerError);
  });
});

describe("Rng xoshiro128 (the sampler's generator)", () => {
  it('is deterministic per seed and uniform on [0,1): mean 0.5 +- 0.002, variance 1/12 +- 0.002 over 1e5', () => {
    const a = new Rng(5, 'xoshiro128'),
      b = new Rng(5, 'xoshiro128'),
      c = new Rng(6, 'xoshiro128');
    expect(a.uint32()).toBe(b.uint32());
    expect(a.uint32()).not.toBe(c.uint32());
    let s = 0,
      s2 = 0,
      outside = 0;
    for (let i = 0; i < 100000; i++) {
      const u = a.double();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / 1e5 - 0.5)).toBeLessThan(0.002);
    expect(Math.abs(s2 / 1e5 - (s / 1e5) ** 2 - 1 / 12)).toBeLessThan(0.002);
  });
});
