import { RunReportError } from './errors';

/** A 2-component PCA of row vectors by power iteration on the centred data (no covariance matrix formed). */

export interface Pca2Result {
  /** [N, 2] row-major projections onto the two principal axes. */
  coords: Float64Array;
  /** [2, D] row-major unit principal axes (largest |entry| made positive, for a stable sign). */
  components: Float64Array;
  /** Share of the total variance along each axis. */
  explained: [number, number];
}

/**
 * `rows`: N vectors of dimension D (at least 2 rows). Each axis is found by iterating v <- X^T X v on the centred
 * X with earlier axes projected out (deflation for a symmetric operator), until v moves less than `tol` (Euclidean).
 */
export function pca2(rows: ArrayLike<number>[], { iterations = 1000, tol = 1e-10 } = {}): Pca2Result {
  const n = rows.length;
  const d = n > 0 ? rows[0].length : 0;
  if (n < 2 || d < 1)
    throw new RunReportError(`pca2 needs at least 2 rows of dimension >= 1, got ${n} x ${d}`, 'BAD_INPUT');
  const x = new Float64Array(n * d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== d)
      throw new RunReportError(`pca2: row ${i} has ${rows[i].length} values, expected ${d}`, 'BAD_INPUT');
    for (let j = 0; j < d; j++) mean[j] += rows[i][j] / n;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = rows[i][j] - mean[j];
      x[i * d + j] = v;
      total += v * v;
    }
  }
  const components = new Float64Array(2 * d);
  const explained: [number, number] = [0, 0];
  const xv = new Float64Array(n);
  for (let k = 0; k < Math.min(2, d); k++) {
    let v = new Float64Array(d);
    // A fixed, non-degenerate start (not orthogonal to any axis in general).
    for (let j = 0; j < d; j++) v[j] = 1 + ((j * 7919 + k * 104729) % 97) / 97;
    orthonormalize(v, components, k, d);
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += x[i * d + j] * v[j];
        xv[i] = s;
      }
      for (let i = 0; i < n; i++) {
        const s = xv[i];
        if (s !== 0) for (let j = 0; j < d; j++) w[j] += x[i * d + j] * s;
      }
      const norm = orthonormalize(w, components, k, d);
      if (norm === 0) {
        v = w;
        lambda = 0;
        break;
      }
      let dot = 0;
      for (let j = 0; j < d; j++) dot += w[j] * v[j];
      // Distance between successive unit vectors (up to sign); 1 - |dot| would only see its square.
      let moved = 0;
      for (let j = 0; j < d; j++) moved += (w[j] - Math.sign(dot) * v[j]) ** 2;
      v = w;
      lambda = norm;
      if (Math.sqrt(moved) < tol) break;
    }
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j;
    const sign = v[big] < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[k * d + j] = sign * v[j];
    explained[k] = total > 0 ? lambda / total : 0;
  }
  const coords = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 2; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * components[k * d + j];
      coords[i * 2 + k] = s;
    }
  }
  return { coords, components, explained };
}

/** Projects out the first `k` rows of `basis` from `v` (in place), normalises it, returns its norm before. */
function orthonormalize(v: Float64Array, basis: Float64Array, k: number, d: number): number {
  for (let c = 0; c < k; c++) {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += v[j] * basis[c * d + j];
    for (let j = 0; j < d; j++) v[j] -= dot * basis[c * d + j];
  }
  let norm = 0;
  for (let j = 0; j < d; j++) norm += v[j] * v[j];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < d; j++) v[j] /= norm;
  return norm;
}
