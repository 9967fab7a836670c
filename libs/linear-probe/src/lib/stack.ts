import { spearman } from '@vidsim/core';
import { LinearProbeError } from './errors';

export interface MixWeight {
  /** Weight of the first (tower) cosine; the probe gets 1 - weight. */
  weight: number;
  /** Spearman of the mixed cosines with the labels at that weight. */
  spearman: number;
  /** Every weight tried, with its Spearman. */
  curve: Array<{ weight: number; spearman: number }>;
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (a.length !== b.length || a.length !== labels.length)
    throw new LinearProbeError(
      `stacking: ${a.length} tower cosines, ${b.length} probe cosines and ${labels.length} labels must match`,
      'BAD_INPUT',
    );
  if (a.length < 3)
    throw new LinearProbeError(`stacking: needs at least 3 labelled pairs, got ${a.length}`, 'EMPTY_INPUT');
}

/**
 * The weight w in [0, 1] (steps of `step`) whose mix w·a + (1 - w)·b of two cosines ranks the labelled pairs best
 * (Spearman); ties keep the smaller w. One number fitted on the pairs: a few hundred pairs pin it down.
 */
export function fitMixWeight(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  labels: ArrayLike<number>,
  step = 0.05,
): MixWeight {
  checkLengths(a, b, labels);
  if (!(step > 0 && step <= 1))
    throw new LinearProbeError(`stacking: step must be in (0, 1], got ${step}`, 'BAD_OPTION', { field: 'step' });
  const y = Array.from(labels);
  const curve: MixWeight['curve'] = [];
  const steps = Math.round(1 / step);
  for (let i = 0; i <= steps; i++) {
    const w = Math.min(1, i * step);
    const mixed = Array.from({ length: a.length }, (_, k) => w * a[k] + (1 - w) * b[k]);
    curve.push({ weight: w, spearman: spearman(mixed, y) });
  }
  const best = curve.reduce((p, c) => (c.spearman > p.spearman ? c : p));
  return { weight: best.weight, spearman: best.spearman, curve };
}

/**
 * Out-of-fold mixed cosines: each pair's mix uses the weight fitted on the pairs of every other group (`groups[i]`
 * is pair i's fold), so no pair's score used its own label. Returns the mixed cosines and each group's weight.
 */
export function crossFittedMix(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  labels: ArrayLike<number>,
  groups: ArrayLike<number>,
  step = 0.05,
): { mixed: Float64Array; weights: Map<number, number> } {
  checkLengths(a, b, labels);
  if (groups.length !== a.length)
    throw new LinearProbeError(`stacking: ${groups.length} groups for ${a.length} pairs`, 'BAD_INPUT');
  const mixed = new Float64Array(a.length);
  const weights = new Map<number, number>();
  for (const g of new Set(Array.from(groups))) {
    const train = Array.from({ length: a.length }, (_, i) => i).filter((i) => groups[i] !== g);
    const pick = (v: ArrayLike<number>) => train.map((i) => v[i]);
    const { weight } = fitMixWeight(pick(a), pick(b), pick(labels), step);
    weights.set(g, weight);
    for (let i = 0; i < a.length; i++) if (groups[i] === g) mixed[i] = weight * a[i] + (1 - weight) * b[i];
  }
  return { mixed, weights };
}

/**
 * The stacked embedding [√w · t/|t|, √(1-w) · p/|p|]: unit length, and the cosine of two stacked embeddings is
 * exactly w·cos(t) + (1 - w)·cos(p). A zero part stays zero.
 */
export function stackEmbeddings(tower: ArrayLike<number>, probe: ArrayLike<number>, weight: number): Float32Array {
  if (!(weight >= 0 && weight <= 1))
    throw new LinearProbeError(`stacking: weight must be in [0, 1], got ${weight}`, 'BAD_OPTION', { field: 'weight' });
  const out = new Float32Array(tower.length + probe.length);
  const put = (v: ArrayLike<number>, scale: number, at: number) => {
    let n = 0;
    for (let i = 0; i < v.length; i++) n += v[i] * v[i];
    const f = n > 0 ? scale / Math.sqrt(n) : 0;
    for (let i = 0; i < v.length; i++) out[at + i] = v[i] * f;
  };
  put(tower, Math.sqrt(weight), 0);
  put(probe, Math.sqrt(1 - weight), tower.length);
  return out;
}
