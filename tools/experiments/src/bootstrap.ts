import { spearman } from '@vidsim/spearman-eval';
import { Rng } from '@vidsim/tf-runtime';

export interface Interval { estimate: number; lo: number; hi: number }

/** Percentile bootstrap (resampling pairs) of Spearman(score, label); 95 % by default. */
export function bootstrapSpearman(score: ArrayLike<number>, label: ArrayLike<number>, options: { resamples?: number; seed?: number } = {}): Interval {
  return bootstrap(score.length, (idx) => spearman(pick(score, idx), pick(label, idx)), spearman(score, label), options);
}

/**
 * Paired bootstrap of Spearman(a, label) - Spearman(b, label) over the same resampled pairs: an interval that
 * excludes zero says the two scorers differ beyond pair-sampling noise.
 */
export function bootstrapSpearmanDifference(a: ArrayLike<number>, b: ArrayLike<number>, label: ArrayLike<number>, options: { resamples?: number; seed?: number } = {}): Interval {
  const diff = (idx: Int32Array) => { const l = pick(label, idx); return spearman(pick(a, idx), l) - spearman(pick(b, idx), l); };
  return bootstrap(a.length, diff, spearman(a, label) - spearman(b, label), options);
}

function bootstrap(n: number, stat: (idx: Int32Array) => number, estimate: number, options: { resamples?: number; seed?: number }): Interval {
  const { resamples = 1000, seed = 17 } = options;
  const rng = new Rng(seed);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    values.push(stat(idx));
  }
  values.sort((x, y) => x - y);
  return { estimate, lo: values[Math.floor(0.025 * resamples)], hi: values[Math.ceil(0.975 * resamples) - 1] };
}

function pick(xs: ArrayLike<number>, idx: Int32Array): Float64Array {
  return Float64Array.from(idx, (i) => xs[i]);
}
