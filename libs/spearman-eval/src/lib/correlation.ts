import { averageRanks } from '@vidsim/label-norm';
import { SpearmanEvalError } from './errors';

export { averageRanks };

function checkLengths(x: ArrayLike<number>, y: ArrayLike<number>, what: string): void {
  if (x.length !== y.length) {
    throw new SpearmanEvalError(`${what}: x and y must have the same length, got ${x.length} and ${y.length}`, 'LENGTH_MISMATCH', { x: x.length, y: y.length });
  }
}

function hasNaN(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) return true;
  return false;
}

/**
 * Pearson correlation (two-pass, float64). As numpy/scipy: NaN when an input holds NaN, is constant or has fewer
 * than 2 values; the result is clipped to [-1, 1].
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLengths(x, y, 'pearson');
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Spearman rank correlation with average ranks for ties: `scipy.stats.spearmanr(x, y).correlation`, the official
 * metric. NaN inputs give NaN (scipy's default nan_policy='propagate'); so does a constant input.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkLengths(x, y, 'spearman');
  if (hasNaN(x) || hasNaN(y)) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}
