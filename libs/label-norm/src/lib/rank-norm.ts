import { LabelNormError, assertFinite } from './errors';

/**
 * 1-based average ranks (`scipy.stats.rankdata(x, 'average')`): tied values share the mean of the ranks they span.
 * A native Float64Array sort, one linear pass giving each run of ties its mean rank, then one binary search per
 * value: no comparator-driven index sort. (spearman-eval ranks with this too.)
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  assertFinite(values, 'values');
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  // runRank[p] = average rank of the tie run starting at sorted position p (only run starts are read).
  const runRank = new Float64Array(n);
  for (let p = 0; p < n; ) {
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

/**
 * The 1st place's target: average ranks min-max scaled to [0, 1] over the whole label set.
 * A constant input has no order to keep and is rejected.
 */
export function rankNorm(values: ArrayLike<number>): Float64Array {
  if (values.length === 0) throw new LabelNormError('rankNorm needs at least one value, got 0', 'EMPTY_INPUT');
  const r = averageRanks(values);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < r.length; i++) {
    if (r[i] < min) min = r[i];
    if (r[i] > max) max = r[i];
  }
  if (max === min) throw new LabelNormError(`rankNorm needs at least two distinct values, got all ${values[0]}`, 'CONSTANT_INPUT');
  const span = max - min;
  for (let i = 0; i < r.length; i++) r[i] = (r[i] - min) / span;
  return r;
}

/** The "no label strategy" baseline: the raw relevance, copied. */
export function identityNorm(values: ArrayLike<number>): Float64Array {
  assertFinite(values, 'values');
  return Float64Array.from(values);
}
