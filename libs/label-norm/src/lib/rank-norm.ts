import { LabelNormError, assertFinite } from './errors';

/**
 * 1-based average ranks (`scipy.stats.rankdata(x, 'average')`): tied values share the mean of the ranks they span.
 * Sorting a copy natively and binary-searching each value avoids an index sort with a JS comparator.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  assertFinite(values, 'values');
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // below = #(x < v), upTo = #(x <= v): v occupies ranks below+1 .. upTo.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const below = lo;
    hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = (below + 1 + lo) / 2;
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
