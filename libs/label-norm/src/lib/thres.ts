import { LabelNormError } from './errors';

/**
 * The in-competition label table (reference `config.py:260-281`), indexed by k = 20 * relevance (0..20).
 * It is derived from the label histogram (cumulative bin midpoints, pairwise-averaged a second time); the spec
 * checks that derivation, but the constants themselves are what the reference used.
 */
export const THRES: readonly number[] = Object.freeze([
  0.28652, 0.41454, 0.45501, 0.48458, 0.5057, 0.52245, 0.54045, 0.562, 0.58443, 0.61766, 0.66466, 0.70412, 0.73377,
  0.76002, 0.77883, 0.79221, 0.80627, 0.82389, 0.84274, 0.89118, 0.9652,
]);

/** Labels live on a 0.05 grid; anything further than this from it is a data error, not a rounding artefact. */
const GRID_TOLERANCE = 1e-6;

/**
 * The relevance level k in 0..20. The reference uses `int(20 * rel)`, exact on the grid in float64; values off the
 * grid are rejected rather than silently truncated or rounded.
 */
export function relevanceLevel(rel: number): number {
  const scaled = rel * 20;
  const k = Math.round(scaled);
  if (!Number.isFinite(rel) || k < 0 || k > 20 || Math.abs(scaled - k) > GRID_TOLERANCE * 20) {
    throw new LabelNormError(`relevance must be one of 0, 0.05, ..., 1, got ${rel}`, 'OFF_GRID', { value: rel });
  }
  return k;
}

/** THRES[k(rel)]: the in-competition target. */
export function thresLabel(rel: number): number {
  return THRES[relevanceLevel(rel)];
}

/** The reference's pairwise sample weight `ln(100 * THRES[k] + 2) ^ power` (`weight_power` = 1). */
export function sampleWeight(rel: number, power = 1): number {
  return Math.log(100 * thresLabel(rel) + 2) ** power;
}

export function thresLabels(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = thresLabel(values[i]);
  return out;
}

export function sampleWeights(values: ArrayLike<number>, power = 1): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = sampleWeight(values[i], power);
  return out;
}
