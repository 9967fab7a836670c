import { seededNormal, symmetricEigen } from '@vidsim/spearman-eval';

/**
 * The top-k eigenvectors [t, k] (columns, largest eigenvalue first) and eigenvalues of a symmetric positive
 * semi-definite matrix c [t, t], by subspace iteration with Rayleigh-Ritz (k + 10 vectors, `iters` passes).
 */
export function topEigen(
  c: Float64Array,
  t: number,
  k: number,
  iters = 12,
  seed = 11,
): { vectors: Float64Array; values: Float64Array } {
  const l = Math.min(t, k + 10);
  const normal = seededNormal(seed);
  let q: Float64Array = Float64Array.from({ length: t * l }, normal);
  orthonormalize(q, t, l, normal);
  const times = (x: Float64Array): Float64Array => {
    const y = new Float64Array(t * l);
    for (let i = 0; i < t; i++) {
      const row = i * t;
      for (let j = 0; j < t; j++) {
        const cij = c[row + j];
        if (cij === 0) continue;
        const xr = j * l;
        const yr = i * l;
        for (let a = 0; a < l; a++) y[yr + a] += cij * x[xr + a];
      }
    }
    return y;
  };
  for (let it = 0; it < iters; it++) {
    q = times(q);
    orthonormalize(q, t, l, normal);
  }
  // Rayleigh-Ritz: H = Qᵀ C Q [l, l]; its eigenvectors rotate Q onto C's
  const cq = times(q);
  const h = new Float64Array(l * l);
  for (let a = 0; a < l; a++)
    for (let b = 0; b < l; b++) {
      let s = 0;
      for (let i = 0; i < t; i++) s += q[i * l + a] * cq[i * l + b];
      h[a * l + b] = s;
    }
  for (let a = 0; a < l; a++)
    for (let b = 0; b < a; b++) h[a * l + b] = h[b * l + a] = (h[a * l + b] + h[b * l + a]) / 2;
  const eig = symmetricEigen(h, l);
  const kk = Math.min(k, l);
  const vectors = new Float64Array(t * kk);
  for (let i = 0; i < t; i++)
    for (let j = 0; j < kk; j++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += q[i * l + a] * eig.vectors[a * l + j];
      vectors[i * kk + j] = s;
    }
  return { vectors, values: eig.values.slice(0, kk) };
}

/**
 * Orthonormalises the l columns of q [t, l] in place (Gram-Schmidt, twice). A column that lies in the span of the
 * ones before it (C of low rank maps every column into its range) is replaced by a fresh random one, so Q stays
 * orthonormal and the Rayleigh-Ritz step sees no duplicated direction.
 */
function orthonormalize(q: Float64Array, t: number, l: number, normal: () => number): void {
  const norm = (j: number) => {
    let s = 0;
    for (let r = 0; r < t; r++) s += q[r * l + j] ** 2;
    return Math.sqrt(s);
  };
  for (let j = 0; j < l; j++) {
    for (let attempt = 0; ; attempt++) {
      const before = norm(j);
      for (let pass = 0; pass < 2; pass++)
        for (let i = 0; i < j; i++) {
          let dot = 0;
          for (let r = 0; r < t; r++) dot += q[r * l + i] * q[r * l + j];
          for (let r = 0; r < t; r++) q[r * l + j] -= dot * q[r * l + i];
        }
      const after = norm(j);
      if (after > 1e-9 * before && after > 0) {
        for (let r = 0; r < t; r++) q[r * l + j] /= after;
        break;
      }
      if (attempt >= 5) {
        for (let r = 0; r < t; r++) q[r * l + j] = 0; // t < l: no direction left
        break;
      }
      for (let r = 0; r < t; r++) q[r * l + j] = normal();
    }
  }
}
