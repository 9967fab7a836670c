/**
 * Post-hoc embedding transforms fitted on one set of embeddings and applied to another: centring, and whitening
 * with shrinkage. Every whitening W (ZCA, Cholesky, PCA) has W^T W = S^-1, so the whitened cosine is
 * x^T S^-1 y / sqrt(x^T S^-1 x * y^T S^-1 y) whatever W: only S^-1 is needed.
 */
export interface Transform {
  mean: Float64Array;
  precision: Float64Array | null;
  D: number;
}

/** shrinkage null: centring only; a in [0, 1]: S = (1-a)·cov + a·(tr cov / D)·I. */
export function fitTransform(fit: readonly ArrayLike<number>[], shrinkage: number | null): Transform {
  const n = fit.length,
    D = fit[0].length;
  const mean = new Float64Array(D);
  for (const e of fit) for (let d = 0; d < D; d++) mean[d] += e[d] / n;
  if (shrinkage === null) return { mean, precision: null, D };
  const cov = new Float64Array(D * D);
  for (const e of fit)
    for (let a = 0; a < D; a++) {
      const xa = e[a] - mean[a];
      for (let b = 0; b < D; b++) cov[a * D + b] += (xa * (e[b] - mean[b])) / n;
    }
  let trace = 0;
  for (let a = 0; a < D; a++) trace += cov[a * D + a];
  for (let i = 0; i < D * D; i++) cov[i] *= 1 - shrinkage;
  for (let a = 0; a < D; a++) cov[a * D + a] += (shrinkage * trace) / D + 1e-9;
  return { mean, precision: invertSpd(cov, D), D };
}

/** Maps an embedding to y = S^-1/2-equivalent space for cosine: returns [x - mean, P (x - mean)] to score with cosineT. */
export function cosineT(t: Transform, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const D = t.D;
  const x = Float64Array.from({ length: D }, (_, d) => a[d] - t.mean[d]);
  const y = Float64Array.from({ length: D }, (_, d) => b[d] - t.mean[d]);
  if (!t.precision) return dot(x, y) / Math.sqrt(dot(x, x) * dot(y, y) || 1e-24);
  const Px = mul(t.precision, x, D),
    Py = mul(t.precision, y, D);
  return dot(x, Py) / Math.sqrt(dot(x, Px) * dot(y, Py) || 1e-24);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function mul(m: Float64Array, v: Float64Array, D: number): Float64Array {
  const out = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += m[i * D + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** Inverse of a symmetric positive definite matrix by Gauss-Jordan with partial pivoting (D <= a few hundred). */
function invertSpd(a: Float64Array, D: number): Float64Array {
  const m = Float64Array.from(a),
    inv = new Float64Array(D * D);
  for (let i = 0; i < D; i++) inv[i * D + i] = 1;
  for (let c = 0; c < D; c++) {
    let p = c;
    for (let r = c + 1; r < D; r++) if (Math.abs(m[r * D + c]) > Math.abs(m[p * D + c])) p = r;
    if (p !== c)
      for (let k = 0; k < D; k++) {
        [m[c * D + k], m[p * D + k]] = [m[p * D + k], m[c * D + k]];
        [inv[c * D + k], inv[p * D + k]] = [inv[p * D + k], inv[c * D + k]];
      }
    const piv = m[c * D + c];
    for (let k = 0; k < D; k++) {
      m[c * D + k] /= piv;
      inv[c * D + k] /= piv;
    }
    for (let r = 0; r < D; r++) {
      if (r === c) continue;
      const f = m[r * D + c];
      if (f === 0) continue;
      for (let k = 0; k < D; k++) {
        m[r * D + k] -= f * m[c * D + k];
        inv[r * D + k] -= f * inv[c * D + k];
      }
    }
  }
  return inv;
}
