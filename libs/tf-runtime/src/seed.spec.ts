import { Rng } from '@vidsim/core';
import { globalRng, nextTfSeed, setGlobalSeed } from './seed';

describe('Rng', () => {
  it('repeats for one seed and differs across seeds', () => {
    const seq = (s: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.uint32()
        )(new Rng(s)),
      );
    expect(seq(1024)).toEqual(seq(1024));
    expect(seq(1024)).not.toEqual(seq(1025));
  });

  it('draws uniform values with the right moments', () => {
    const r = new Rng(7);
    const n = 200_000;
    let sum = 0,
      sq = 0,
      nsum = 0,
      nsq = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      sum += u;
      sq += u * u;
      const z = r.normal();
      nsum += z;
      nsq += z * z;
    }
    // U(0,1): mean 1/2, E[u^2] 1/3; N(0,1): mean 0, E[z^2] 1. Bounds are ~6 standard errors.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(6 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - 1 / 3)).toBeLessThan(0.005);
    expect(Math.abs(nsum / n)).toBeLessThan(6 / Math.sqrt(n));
    expect(Math.abs(nsq / n - 1)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation and forks independent streams', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = new Rng(3).shuffle([...items]);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    const base = new Rng(3);
    expect(base.fork('a').uint32()).not.toBe(base.fork('b').uint32());
  });

  it('resumes the same stream from a saved state', () => {
    const r = new Rng(5);
    r.uint32();
    const state = r.getState();
    const expected = [r.uint32(), r.uint32()];
    const resumed = new Rng(0);
    resumed.setState(state);
    expect([resumed.uint32(), resumed.uint32()]).toEqual(expected);
    expect(() => resumed.setState([1, 2])).toThrow('Rng state must be four uint32 values');
  });

  it('makes the global tf seeds repeatable', () => {
    setGlobalSeed(42);
    const first = [nextTfSeed(), nextTfSeed(), globalRng().next()];
    setGlobalSeed(42);
    expect([nextTfSeed(), nextTfSeed(), globalRng().next()]).toEqual(first);
  });
});
