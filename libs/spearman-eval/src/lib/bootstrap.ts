import { mulberry32, spearman } from '@vidsim/core';
import { SpearmanEvalError } from './errors';

/** A Spearman value with its bootstrap percentile interval. */
export interface SpearmanInterval {
  /** Spearman on the pairs as given (not the bootstrap mean). */
  spearman: number;
  low: number;
  high: number;
  /** Standard deviation of the bootstrap replicates: the standard error. */
  se: number;
  pairs: number;
  resamples: number;
  level: number;
}

export interface BootstrapOptions {
  /** Bootstrap replicates (default 1000). */
  resamples?: number;
  /** Two-sided coverage of the interval (default 0.95). */
  level?: number;
  /** Fixes the resampling (default 1). */
  seed?: number;
}

function check(
  n: number,
  lengths: number[],
  opts: BootstrapOptions,
): { resamples: number; level: number; seed: number } {
  for (const m of lengths) {
    if (m !== n)
      throw new SpearmanEvalError(
        `bootstrap: score and label arrays must have the same length, got ${lengths.join(', ')} and ${n}`,
        'LENGTH_MISMATCH',
        { lengths },
      );
  }
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 10)
    throw new SpearmanEvalError(`bootstrap: resamples must be an integer >= 10, got ${resamples}`, 'BAD_OPTION', {
      field: 'resamples',
    });
  if (!(level > 0 && level < 1))
    throw new SpearmanEvalError(`bootstrap: level must be in (0, 1), got ${level}`, 'BAD_OPTION', { field: 'level' });
  return { resamples, level, seed: opts.seed ?? 1 };
}

/** Percentile of sorted finite values, linear between order statistics (numpy's default). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Tie groups of `v` in ascending order: `order` sorted by value, `starts` where each group of equal values begins. */
interface TieGroups {
  order: Int32Array;
  starts: Int32Array; // group g spans order[starts[g] .. starts[g + 1])
}

function tieGroups(v: ArrayLike<number>): TieGroups {
  const order = Int32Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const starts: number[] = [];
  for (let i = 0; i < order.length; i++) if (i === 0 || v[order[i]] !== v[order[i - 1]]) starts.push(i);
  starts.push(order.length);
  return { order, starts: Int32Array.from(starts) };
}

/** Average ranks (1-based, ties averaged) of each original item in a resample where item j occurs counts[j] times. */
function resampleRanks(g: TieGroups, counts: Int32Array, out: Float64Array): void {
  let below = 0;
  for (let k = 0; k + 1 < g.starts.length; k++) {
    let w = 0;
    for (let i = g.starts[k]; i < g.starts[k + 1]; i++) w += counts[g.order[i]];
    const rank = below + (w + 1) / 2;
    for (let i = g.starts[k]; i < g.starts[k + 1]; i++) out[g.order[i]] = rank;
    below += w;
  }
}

/** Pearson of x and y over items weighted by their counts. NaN when either side is constant. */
function weightedPearson(x: Float64Array, y: Float64Array, counts: Int32Array): number {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j];
    if (c === 0) continue;
    n += c;
    mx += c * x[j];
    my += c * y[j];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j];
    if (c === 0) continue;
    const dx = x[j] - mx;
    const dy = y[j] - my;
    sxy += c * dx * dy;
    sxx += c * dx * dx;
    syy += c * dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/**
 * Spearman of the resample in which item j occurs counts[j] times, in O(n) from the tie groups of the full arrays:
 * equal to `spearman` of the expanded arrays (a repeated item is a tie with itself), without sorting per resample.
 */
export function resampledSpearman(
  xg: TieGroups,
  yg: TieGroups,
  counts: Int32Array,
  rx = new Float64Array(counts.length),
  ry = new Float64Array(counts.length),
): number {
  resampleRanks(xg, counts, rx);
  resampleRanks(yg, counts, ry);
  return weightedPearson(rx, ry, counts);
}

export { tieGroups };

function drawCounts(next: () => number, counts: Int32Array): void {
  counts.fill(0);
  const n = counts.length;
  for (let i = 0; i < n; i++) counts[Math.floor(next() * n)]++;
}

function summarise(value: number, reps: number[], pairs: number, resamples: number, level: number): SpearmanInterval {
  const finite = reps.filter(Number.isFinite).sort((a, b) => a - b);
  let m = 0;
  for (const r of finite) m += r;
  m /= Math.max(1, finite.length);
  let v = 0;
  for (const r of finite) v += (r - m) * (r - m);
  const alpha = (1 - level) / 2;
  return {
    spearman: value,
    low: percentile(finite, alpha),
    high: percentile(finite, 1 - alpha),
    se: Math.sqrt(v / Math.max(1, finite.length - 1)),
    pairs,
    resamples,
    level,
  };
}

/**
 * Percentile bootstrap interval of Spearman(scores, labels): `resamples` times, draw n pairs with replacement
 * (each pair an independent unit; pairs sharing a video are treated as independent, which makes the interval
 * somewhat narrow when a few hub videos carry many pairs), compute Spearman on the draw (average ranks for ties),
 * and take the (1-level)/2 and (1+level)/2 percentiles of the replicates. Constant draws (NaN) are dropped.
 */
export function bootstrapSpearman(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: BootstrapOptions = {},
): SpearmanInterval {
  const n = labels.length;
  const { resamples, level, seed } = check(n, [scores.length], opts);
  const value = spearman(scores, labels);
  const next = mulberry32(seed); // every resample is reproducible from `seed`
  const xg = tieGroups(scores);
  const yg = tieGroups(labels);
  const counts = new Int32Array(n);
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  const reps: number[] = [];
  for (let b = 0; b < resamples && n > 1; b++) {
    drawCounts(next, counts);
    reps.push(resampledSpearman(xg, yg, counts, rx, ry));
  }
  return summarise(value, reps, n, resamples, level);
}

/**
 * Paired bootstrap of a gain: Spearman(a, labels) - Spearman(b, labels), both computed on the same resampled pairs
 * each time, so the interval reflects the difference and not the two scores' separate noise. An interval above 0
 * means `a` beats `b` on these pairs at that level.
 */
export function bootstrapSpearmanGain(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: BootstrapOptions = {},
): SpearmanInterval {
  const n = labels.length;
  const { resamples, level, seed } = check(n, [a.length, b.length], opts);
  const value = spearman(a, labels) - spearman(b, labels);
  const next = mulberry32(seed); // every resample is reproducible from `seed`
  const ag = tieGroups(a);
  const bg = tieGroups(b);
  const yg = tieGroups(labels);
  const counts = new Int32Array(n);
  const r1 = new Float64Array(n);
  const r2 = new Float64Array(n);
  const reps: number[] = [];
  for (let r = 0; r < resamples && n > 1; r++) {
    drawCounts(next, counts);
    const sa = resampledSpearman(ag, yg, counts, r1, r2);
    reps.push(sa - resampledSpearman(bg, yg, counts, r1, r2));
  }
  return summarise(value, reps, n, resamples, level);
}

/** `0.512 [0.47, 0.55]`: a value and its interval, for tables. */
export function formatInterval(
  s: Pick<SpearmanInterval, 'spearman' | 'low' | 'high'> | null | undefined,
  digits = 3,
): string {
  if (!s || !Number.isFinite(s.spearman)) return '-';
  return `${s.spearman.toFixed(digits)} [${s.low.toFixed(digits)}, ${s.high.toFixed(digits)}]`;
}
