import { Rng } from '@vidsim/core';

/**
 * The corpus's generator: core's sfc32 `Rng`, seeded from a list of integers (world seed, purpose, index) and
 * drawing normals by Marsaglia's polar method, so a seed fixes the corpus exactly as before core existed. Adds the
 * draws the corpus needs: pick, weighted, poisson.
 */
export class CorpusRng extends Rng {
  private spare: number | null = null;

  constructor(...seeds: number[]) {
    super(0, 'sfc32');
    const h = mixSeeds(seeds);
    this.setState([h[0], h[1], h[2], 1]);
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Standard normal (Marsaglia polar method). */
  override normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Index drawn with probability proportional to `weights` (need not sum to 1). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Poisson(lambda) by inversion; fine for the small means used here. */
  poisson(lambda: number): number {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > l) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** murmur3-style finaliser over a list of integers -> three 32-bit state words. */
function mixSeeds(seeds: number[]): [number, number, number] {
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  let h3 = 0xc2b2ae35;
  for (const s of seeds) {
    const lo = s >>> 0;
    const hi = Math.floor(s / 4294967296) >>> 0;
    for (const w of [lo, hi]) {
      h1 = fmix(h1 ^ w);
      h2 = fmix(h2 ^ h1 ^ 0x27d4eb2f);
      h3 = fmix(h3 ^ h2 ^ 0x165667b1);
    }
  }
  return [h1, h2, h3];
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
