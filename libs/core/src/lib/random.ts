import { VidsimError } from './errors';

/**
 * The one seeded PRNG of the workspace. `Rng` runs one of three small generators, chosen at construction, behind
 * the same methods, so every caller draws through one class while each keeps the exact stream it was tuned and
 * tested on:
 * - `sfc32` (default): Chris Doty-Humphrey's Small Fast Counter, 128-bit state: training shuffles, tf op seeds, the
 *   synthetic corpus;
 * - `mulberry32`: 32-bit state, the cheapest: store shuffles, MLM masking, word2vec sampling, fixtures;
 * - `xoshiro128**` (Blackman & Vigna): the tag sampler, whose 53-bit `double()` mirrors TF's `RandDouble`.
 * Seeds are numbers or strings (hashed with FNV-1a); sfc32 and xoshiro expand them through splitmix32.
 * Deterministic across platforms; not for anything cryptographic.
 */
export type RngAlgorithm = 'sfc32' | 'mulberry32' | 'xoshiro128';

const ALGORITHMS: readonly RngAlgorithm[] = ['sfc32', 'mulberry32', 'xoshiro128'];

export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(
    seed: number | string = 1024,
    readonly algorithm: RngAlgorithm = 'sfc32',
  ) {
    if (!ALGORITHMS.includes(algorithm))
      throw new VidsimError(`unknown Rng algorithm '${algorithm}'`, 'BAD_ARGUMENT', { field: 'algorithm' });
    const s = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    if (algorithm === 'mulberry32') {
      this.a = s;
      return;
    }
    const next = splitmix32(s);
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    if (this.algorithm === 'sfc32') {
      const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
      this.d = (this.d + 1) >>> 0;
      this.a = (this.b ^ (this.b >>> 9)) >>> 0;
      this.b = (this.c + (this.c << 3)) >>> 0;
      this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
      this.c = (this.c + t) >>> 0;
      return t;
    }
    if (this.algorithm === 'mulberry32') {
      let t = (this.a = (this.a + 0x6d2b79f5) >>> 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    }
    // xoshiro128**
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [0, 1) with 53 random bits (two draws). */
  double(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller, one value per two draws). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): typeof items {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** The full generator state, to checkpoint and later resume the exact same stream. */
  getState(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4 || !state.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)) {
      throw new VidsimError(`Rng state must be four uint32 values, got [${state}]`, 'BAD_ARGUMENT', { field: 'state' });
    }
    [this.a, this.b, this.c, this.d] = state;
  }

  /** An independent generator derived from this one's state and a label (stable across code changes elsewhere). */
  fork(label: string): Rng {
    return new Rng(`${this.a}:${this.b}:${label}`, this.algorithm);
  }
}

/** A float stream in [0, 1) (mulberry32), for code that only needs `() => number`. */
export function mulberry32(seed: number): () => number {
  const rng = new Rng(seed, 'mulberry32');
  return () => rng.next();
}

/** splitmix32: expands one 32-bit seed into a stream of well-mixed words (state initialisation). */
export function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a over UTF-16 code units. */
function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
