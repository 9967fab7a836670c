import { SpearmanEvalError } from './errors';

/** Ridge regression for the linear-probe baseline (float64, row-major): Gram matrix, Cholesky, solve. */

/** Gram matrix XᵀX [d, d] of X [n, d]. */
export function gram(x: Float64Array, n: number, d: number): Float64Array {
  const g = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let a = 0; a < d; a++) {
      const xa = x[row + a];
      if (xa === 0) continue;
      const ga = a * d;
      for (let b = a; b < d; b++) g[ga + b] += xa * x[row + b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) g[a * d + b] = g[b * d + a];
  return g;
}

/** In-place Cholesky A = L Lᵀ (lower triangle of `a` becomes L). Throws when A is not positive definite. */
export function cholesky(a: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= a[j * d + k] * a[j * d + k];
    if (!(s > 0))
      throw new SpearmanEvalError(`cholesky: matrix is not positive definite (pivot ${j} = ${s})`, 'NON_FINITE', {
        pivot: j,
      });
    const ljj = Math.sqrt(s);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / ljj;
    }
    for (let k = j + 1; k < d; k++) a[j * d + k] = 0;
  }
  return a;
}

/** Solves (L Lᵀ) W = B for B [d, t] in place. */
export function choleskySolve(l: Float64Array, d: number, b: Float64Array, t: number): Float64Array {
  for (let i = 0; i < d; i++) {
    const bi = i * t;
    for (let k = 0; k < i; k++) {
      const lik = l[i * d + k];
      if (lik === 0) continue;
      const bk = k * t;
      for (let c = 0; c < t; c++) b[bi + c] -= lik * b[bk + c];
    }
    const lii = l[i * d + i];
    for (let c = 0; c < t; c++) b[bi + c] /= lii;
  }
  for (let i = d - 1; i >= 0; i--) {
    const bi = i * t;
    for (let k = i + 1; k < d; k++) {
      const lki = l[k * d + i];
      if (lki === 0) continue;
      const bk = k * t;
      for (let c = 0; c < t; c++) b[bi + c] -= lki * b[bk + c];
    }
    const lii = l[i * d + i];
    for (let c = 0; c < t; c++) b[bi + c] /= lii;
  }
  return b;
}

export type RidgeTargets = { dense: Float64Array } | { hot: ArrayLike<number>[] };

/** XᵀY [d, t]: `targets` gives each row's Y as a dense row of `t` values or, multi-hot, as the column indices that are 1. */
export function crossProduct(x: Float64Array, n: number, d: number, targets: RidgeTargets, t: number): Float64Array {
  const b = new Float64Array(d * t);
  if ('dense' in targets) {
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) {
        const xk = x[i * d + k];
        if (xk === 0) continue;
        for (let c = 0; c < t; c++) b[k * t + c] += xk * targets.dense[i * t + c];
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const hot = targets.hot[i];
      for (let h = 0; h < hot.length; h++) {
        const c = hot[h];
        for (let k = 0; k < d; k++) b[k * t + c] += x[i * d + k];
      }
    }
  }
  return b;
}

/** W = (G + λI)⁻¹ XᵀY from a Gram matrix G = XᵀX and XᵀY (neither is modified): one solve per lambda. */
export function ridgeSolve(g: Float64Array, xty: Float64Array, d: number, t: number, lambda: number): Float64Array {
  if (!(lambda > 0))
    throw new SpearmanEvalError(`ridge: lambda must be > 0, got ${lambda}`, 'BAD_OPTION', { field: 'lambda' });
  const a = Float64Array.from(g);
  for (let i = 0; i < d; i++) a[i * d + i] += lambda;
  return choleskySolve(cholesky(a, d), d, Float64Array.from(xty), t);
}

/** Ridge regression W = (XᵀX + λI)⁻¹ XᵀY [d, t], no intercept (centre X first if you want one). */
export function ridgeFit(
  x: Float64Array,
  n: number,
  d: number,
  targets: RidgeTargets,
  t: number,
  lambda: number,
): Float64Array {
  if (x.length !== n * d)
    throw new SpearmanEvalError(`ridgeFit: X has ${x.length} values, expected ${n} x ${d}`, 'LENGTH_MISMATCH', {
      n,
      d,
    });
  return ridgeSolve(gram(x, n, d), crossProduct(x, n, d, targets, t), d, t, lambda);
}

/** x W for one row x [d] and W [d, t]. */
export function predictRow(x: ArrayLike<number>, w: Float64Array, d: number, t: number): Float64Array {
  const out = new Float64Array(t);
  for (let k = 0; k < d; k++) {
    const xk = x[k];
    if (xk === 0) continue;
    const row = k * t;
    for (let c = 0; c < t; c++) out[c] += xk * w[row + c];
  }
  return out;
}
