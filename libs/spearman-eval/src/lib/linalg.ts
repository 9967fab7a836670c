import { mulberry32 } from '@vidsim/core';
// Small dense float64 helpers for the SVD ensemble; row-major storage throughout.

/** Eigen-decomposition of a symmetric n x n matrix by cyclic Jacobi rotations: values descending, vectors as columns. */
export function symmetricEigen(
  a: Float64Array,
  n: number,
  maxSweeps = 60,
): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += m[p * n + p] * m[p * n + p];
      for (let q = p + 1; q < n; q++) off += m[p * n + q] * m[p * n + q];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j] - m[i * n + i]);
  const values = Float64Array.from(order, (i) => m[i * n + i]);
  const vectors = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) vectors[r * n + c] = v[r * n + order[c]];
  return { values, vectors };
}

/** Orthonormalises the l columns of a (d x l) matrix in place (modified Gram-Schmidt, applied twice for stability). */
export function orthonormalizeColumns(a: Float64Array, d: number, l: number): void {
  // Gram-Schmidt on contiguous columns: a row-major column walk misses the cache on every element (a 67,000 x 266
  // basis took 70 s of a 250 s probe fit). The arithmetic and its order are unchanged, so are the results, bit for bit.
  const c = new Float64Array(d * l);
  for (let r = 0; r < d; r++) for (let j = 0; j < l; j++) c[j * d + r] = a[r * l + j];
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < l; j++) {
      const cj = j * d;
      for (let i = 0; i < j; i++) {
        const ci = i * d;
        let dot = 0;
        for (let r = 0; r < d; r++) dot += c[ci + r] * c[cj + r];
        for (let r = 0; r < d; r++) c[cj + r] -= dot * c[ci + r];
      }
      let norm = 0;
      for (let r = 0; r < d; r++) norm += c[cj + r] * c[cj + r];
      norm = Math.sqrt(norm);
      // A column that vanished (rank-deficient input) is left at zero; Rayleigh-Ritz then gives it eigenvalue 0.
      const inv = norm > 1e-300 ? 1 / norm : 0;
      for (let r = 0; r < d; r++) c[cj + r] *= inv;
    }
  }
  for (let r = 0; r < d; r++) for (let j = 0; j < l; j++) a[r * l + j] = c[j * d + r];
}

/** Seeded standard normals (Box-Muller over mulberry32) so a fit is reproducible. */
export function seededNormal(seed: number): () => number {
  const u32 = mulberry32(seed);
  // (u + 0.5) / 2^32, exactly: never 0, so the log is finite
  const uniform = (): number => u32() + 2 ** -33;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
