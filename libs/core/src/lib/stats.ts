import { VidsimError } from './errors';

/**
 * 1-based average ranks (`scipy.stats.rankdata(x, 'average')`): tied values share the mean of the ranks they span.
 * A native Float64Array sort, one linear pass giving each run of ties its mean rank, then one binary search per
 * value: no comparator-driven index sort. Non-finite values are rejected (NON_FINITE names the first).
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  assertFinite(values, 'values');
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  // runRank[p] = average rank of the tie run starting at sorted position p (only run starts are read).
  const runRank = new Float64Array(n);
  for (let p = 0; p < n;) {
    let q = p + 1;
    while (q < n && sorted[q] === sorted[p]) q++;
    runRank[p] = (p + 1 + q) / 2; // positions p..q-1 hold ranks p+1..q
    p = q;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = runRank[lo]; // lo = first position equal to v = its run start
  }
  return out;
}

/** Throws NON_FINITE naming the first bad index. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new VidsimError(`${what} must be finite, got ${values[i]} at index ${i}`, 'NON_FINITE', {
        field: what,
        index: i,
        value: values[i],
      });
    }
  }
}

function checkLengths(x: ArrayLike<number>, y: ArrayLike<number>, what: string): void {
  if (x.length !== y.length) {
    throw new VidsimError(
      `${what}: x and y must have the same length, got ${x.length} and ${y.length}`,
      'LENGTH_MISMATCH',
      { x: x.length, y: y.length },
    );
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

/**
 * Cosine similarity as `sklearn.metrics.pairwise.cosine_similarity`: a zero vector is left at zero by its
 * normalisation, so its cosine with anything is 0 (not NaN).
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new VidsimError(
      `cosine: vectors must have the same length, got ${a.length} and ${b.length}`,
      'DIM_MISMATCH',
      { a: a.length, b: b.length },
    );
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return 0;
  return dot / (Math.sqrt(na) * Math.sqrt(nb));
}
