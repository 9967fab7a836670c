import { orthonormalizeColumns } from './linalg';

/** Column j of a row-major [d, l] matrix. */
const column = (a: Float64Array, d: number, l: number, j: number) => Array.from({ length: d }, (_, r) => a[r * l + j]);
const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);

describe('orthonormalizeColumns', () => {
  it('gives the Gram-Schmidt basis of a hand-computed case', () => {
    // columns (3, 4, 0) and (1, 1, 1): q1 = (0.6, 0.8, 0); (1, 1, 1) - 1.4 q1 = (0.16, -0.12, 1), norm sqrt(1.04)
    const a = Float64Array.from([3, 1, 4, 1, 0, 1]);
    orthonormalizeColumns(a, 3, 2);
    const n = Math.sqrt(1.04);
    const want = [0.6, 0.16 / n, 0.8, -0.12 / n, 0, 1 / n];
    want.forEach((w, i) => expect(a[i]).toBeCloseTo(w, 12));
  });

  it('leaves orthonormal columns on a tall random matrix, and an all-zero column at zero', () => {
    const d = 500,
      l = 12;
    let s = 3;
    const a = Float64Array.from({ length: d * l }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
    for (let r = 0; r < d; r++) a[r * l + 7] = 0;
    orthonormalizeColumns(a, d, l);
    for (let i = 0; i < l; i++)
      for (let j = 0; j <= i; j++) {
        const g = dot(column(a, d, l, i), column(a, d, l, j));
        expect(g).toBeCloseTo(i === j && i !== 7 ? 1 : 0, 10);
      }
    expect(column(a, d, l, 7).every((v) => Math.abs(v) < 1e-12)).toBe(true);
  });
});
