import { averageRanks } from '@vidsim/core';
import { LabelNormError, assertFinite } from './errors';

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
  if (max === min)
    throw new LabelNormError(`rankNorm needs at least two distinct values, got all ${values[0]}`, 'CONSTANT_INPUT');
  const span = max - min;
  for (let i = 0; i < r.length; i++) r[i] = (r[i] - min) / span;
  return r;
}

/** The "no label strategy" baseline: the raw relevance, copied. */
export function identityNorm(values: ArrayLike<number>): Float64Array {
  assertFinite(values, 'values');
  return Float64Array.from(values);
}
