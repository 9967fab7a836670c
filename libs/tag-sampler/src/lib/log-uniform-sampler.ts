import { TagSamplerError } from './errors';
import { Rng } from '@vidsim/core';

export interface LogUniformSamplerOptions {
  /** Number of sampleable classes: k in [0, rangeMax). The reference uses tag_vocab.size() - 2. */
  rangeMax: number;
  /** Added to every draw: the reserved ids in front of the frequency-sorted vocab (PAD=0, UNK=1). Default 2. */
  offset?: number;
  /** Reject duplicates within one draw (TF unique=True). Default true. */
  unique?: boolean;
  /** PRNG seed. Default 1024 (the reference's seed). */
  seed?: number;
}

export interface SampleResult {
  /** [numSampled] class ids, offset applied. */
  ids: Int32Array;
  /** Raw draws needed (>= numSampled; equal when unique is false). TF's num_tries. */
  numTries: number;
}

/**
 * TF's `log_uniform_candidate_sampler` (LogUniformSampler, range_sampler.cc): k = floor(exp(u·ln(R+1))) - 1, so
 * P(k) = ln((k+2)/(k+1)) / ln(R+1) over k in [0, R), a Zipfian law over a frequency-sorted vocab.
 * With `unique`, draws repeat until `numSampled` distinct values are found (duplicates are rejected, not
 * replaced); hits on the true classes are NOT removed, as in the reference.
 */
export class LogUniformSampler {
  readonly rangeMax: number;
  readonly offset: number;
  readonly unique: boolean;
  private readonly logRange: number;
  private readonly rng: Rng;
  private readonly stamps: Int32Array;
  private stamp = 0;

  constructor(options: LogUniformSamplerOptions) {
    const { rangeMax, offset = 2, unique = true, seed = 1024 } = options;
    if (!Number.isInteger(rangeMax) || rangeMax < 1) badConfig('rangeMax', 'a positive integer', rangeMax);
    if (!Number.isInteger(offset) || offset < 0) badConfig('offset', 'a non-negative integer', offset);
    if (!Number.isInteger(seed)) badConfig('seed', 'an integer', seed);
    this.rangeMax = rangeMax;
    this.offset = offset;
    this.unique = unique;
    this.logRange = Math.log(rangeMax + 1);
    this.rng = new Rng(seed, 'xoshiro128');
    this.stamps = new Int32Array(unique ? rangeMax : 0);
  }

  /** P(k) for a class k in [0, rangeMax) (without the offset). */
  probability(k: number): number {
    return k < 0 || k >= this.rangeMax ? 0 : Math.log((k + 2) / (k + 1)) / this.logRange;
  }

  /** TF's expected count of class k in a draw: with unique, 1 - (1 - P(k))^numTries; else numSampled·P(k). */
  expectedCount(k: number, numSampled: number, numTries: number): number {
    const p = this.probability(k);
    return this.unique ? -Math.expm1(numTries * Math.log1p(-p)) : numSampled * p;
  }

  /** One draw of `numSampled` ids (offset applied) into `out` starting at `at`; returns the number of tries. */
  sampleInto(out: Int32Array, at: number, numSampled: number): number {
    this.checkCount(numSampled);
    const offset = this.offset;
    if (!this.unique) {
      for (let i = 0; i < numSampled; i++) out[at + i] = this.draw() + offset;
      return numSampled;
    }
    // A stamp per call instead of a Set: O(1) membership with no allocation.
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const stamps = this.stamps,
      stamp = this.stamp;
    let picks = 0,
      tries = 0;
    while (picks < numSampled) {
      tries++;
      const k = this.draw();
      if (stamps[k] !== stamp) {
        stamps[k] = stamp;
        out[at + picks++] = k + offset;
      }
    }
    return tries;
  }

  sample(numSampled: number): SampleResult {
    const ids = new Int32Array(numSampled);
    return { ids, numTries: this.sampleInto(ids, 0, numSampled) };
  }

  /** A fresh draw per example, as the reference does per example and epoch: row-major [batch, numSampled]. */
  sampleBatch(batch: number, numSampled: number): Int32Array {
    if (!Number.isInteger(batch) || batch < 0) badConfig('batch', 'a non-negative integer', batch);
    const out = new Int32Array(batch * numSampled);
    for (let b = 0; b < batch; b++) this.sampleInto(out, b * numSampled, numSampled);
    return out;
  }

  /** k in [0, rangeMax); the clamp only guards a last-ulp rounding of exp(log(R+1)). */
  private draw(): number {
    const k = Math.floor(Math.exp(this.rng.double() * this.logRange)) - 1;
    return k < this.rangeMax ? k : this.rangeMax - 1;
  }

  private checkCount(numSampled: number): void {
    if (!Number.isInteger(numSampled) || numSampled < 0) badConfig('numSampled', 'a non-negative integer', numSampled);
    if (this.unique && numSampled > this.rangeMax) {
      badConfig('numSampled', `at most rangeMax=${this.rangeMax} when unique`, numSampled);
    }
  }
}

function badConfig(field: string, rule: string, actual: unknown): never {
  throw new TagSamplerError(`Invalid option ${field}: must be ${rule}, got ${JSON.stringify(actual)}`, 'BAD_CONFIG', {
    field,
    actual,
  });
}
