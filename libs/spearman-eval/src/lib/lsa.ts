import { orthonormalizeColumns, seededNormal, symmetricEigen } from './linalg';
import type { SparseVector } from './tfidf';

/**
 * Randomized truncated SVD of sparse rows (Halko, Martinsson & Tropp 2011, algorithm 4.4 with power iterations):
 * the LSA features of the linear-probe baseline.
 */

/** The top-k right singular vectors of sparse rows, and a projection of any row onto them (LSA). */
export interface TruncatedSvd {
  k: number;
  singularValues: Float64Array;
  /** Right singular vectors [features, k]. */
  components: Float64Array;
  /** x V: the k coordinates of a sparse row (for a fitted row, U Σ). */
  project(x: SparseVector): Float64Array;
}

/** Randomized truncated SVD of `rows` (sparse, `features` wide): k components, `oversample` extra, `powerIters` passes. */
export function truncatedSvd(
  rows: SparseVector[],
  features: number,
  k: number,
  opts: { oversample?: number; powerIters?: number; seed?: number } = {},
): TruncatedSvd {
  const n = rows.length;
  const l = Math.min(k + (opts.oversample ?? 10), features, n);
  const normal = seededNormal(opts.seed ?? 1);
  // Y = X Ω [n, l]
  const times = (right: Float64Array): Float64Array => {
    const y = new Float64Array(n * l);
    rows.forEach((r, i) => {
      for (let p = 0; p < r.indices.length; p++) {
        const f = r.indices[p] * l;
        const v = r.values[p];
        for (let c = 0; c < l; c++) y[i * l + c] += v * right[f + c];
      }
    });
    return y;
  };
  // Z = Xᵀ Y [features, l]
  const transposeTimes = (y: Float64Array): Float64Array => {
    const z = new Float64Array(features * l);
    rows.forEach((r, i) => {
      for (let p = 0; p < r.indices.length; p++) {
        const f = r.indices[p] * l;
        const v = r.values[p];
        for (let c = 0; c < l; c++) z[f + c] += v * y[i * l + c];
      }
    });
    return z;
  };
  const omega = Float64Array.from({ length: features * l }, normal);
  let y = times(omega);
  orthonormalizeColumns(y, n, l);
  for (let it = 0; it < (opts.powerIters ?? 2); it++) {
    const z = transposeTimes(y);
    orthonormalizeColumns(z, features, l);
    y = times(z);
    orthonormalizeColumns(y, n, l);
  }
  // B = Qᵀ X, kept as Bᵀ = Xᵀ Q [features, l]; B Bᵀ [l, l] = its eigen-decomposition gives Σ² and U_B
  const bt = transposeTimes(y);
  const bbt = new Float64Array(l * l);
  for (let f = 0; f < features; f++) {
    const row = f * l;
    for (let a = 0; a < l; a++) {
      const va = bt[row + a];
      if (va === 0) continue;
      for (let b = a; b < l; b++) bbt[a * l + b] += va * bt[row + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) bbt[a * l + b] = bbt[b * l + a];
  const eig = symmetricEigen(bbt, l);
  const kk = Math.min(k, l);
  const singularValues = Float64Array.from({ length: kk }, (_, j) => Math.sqrt(Math.max(0, eig.values[j])));
  // V = Bᵀ U_B Σ⁻¹ [features, kk]
  const components = new Float64Array(features * kk);
  for (let f = 0; f < features; f++) {
    for (let j = 0; j < kk; j++) {
      if (singularValues[j] <= 1e-12) continue;
      let s = 0;
      for (let a = 0; a < l; a++) s += bt[f * l + a] * eig.vectors[a * l + j];
      components[f * kk + j] = s / singularValues[j];
    }
  }
  return {
    k: kk,
    singularValues,
    components,
    project(x: SparseVector): Float64Array {
      const out = new Float64Array(kk);
      for (let p = 0; p < x.indices.length; p++) {
        const f = x.indices[p] * kk;
        const v = x.values[p];
        for (let j = 0; j < kk; j++) out[j] += v * components[f + j];
      }
      return out;
    },
  };
}
