import { mulberry32 } from '@vidsim/core';
import { topEigen } from './eigen';

/** C = V diag(values) Vᵀ for a random orthonormal V (Gram-Schmidt of uniform columns): its eigenpairs are known. */
function known(t: number, values: number[], seed: number): Float64Array {
  const u = mulberry32(seed);
  const v: number[][] = [];
  while (v.length < t) {
    const x = Array.from({ length: t }, () => u() - 0.5);
    for (const w of v) {
      const d = w.reduce((s, wi, i) => s + wi * x[i], 0);
      w.forEach((wi, i) => (x[i] -= d * wi));
    }
    const n = Math.hypot(...x);
    v.push(x.map((xi) => xi / n));
  }
  const c = new Float64Array(t * t);
  values.forEach((lam, k) => {
    for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) c[i * t + j] += lam * v[k][i] * v[k][j];
  });
  return c;
}

describe('topEigen', () => {
  it('finds the known top eigenvalues of a full-rank matrix', () => {
    const values = [9, 5, 3, 2, 1.5, 1, 0.5, 0.25, 0.1, 0.05];
    const e = topEigen(known(10, values, 1), 10, 4);
    expect(Array.from(e.values).map((x) => +x.toFixed(6))).toEqual([9, 5, 3, 2]);
  });

  it('stays orthonormal on a low-rank matrix with near-equal eigenvalues (every column maps into a 3-d range)', () => {
    const t = 9;
    const e = topEigen(known(t, [4.3, 4.2, 4.1], 2), t, t);
    const sum = Array.from(e.values).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(12.6, 8); // the trace: no direction counted twice
    expect(Array.from(e.values.slice(0, 3)).map((x) => +x.toFixed(6))).toEqual([4.3, 4.2, 4.1]);
    for (let a = 0; a < t; a++)
      for (let b = 0; b < t; b++) {
        let dot = 0;
        for (let i = 0; i < t; i++) dot += e.vectors[i * t + a] * e.vectors[i * t + b];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 8);
      }
  });
});
