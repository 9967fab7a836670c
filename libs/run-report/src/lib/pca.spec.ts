import { pca2 } from './pca';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

describe('pca2', () => {
  it('matches the closed-form eigen-decomposition of a 2x2 covariance', () => {
    const pts = [
      [2, 1],
      [3, 4],
      [5, 4],
      [7, 9],
      [1, 0],
      [6, 5],
    ];
    const n = pts.length;
    const mx = pts.reduce((s, p) => s + p[0], 0) / n,
      my = pts.reduce((s, p) => s + p[1], 0) / n;
    const a = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0),
      c = pts.reduce((s, p) => s + (p[1] - my) ** 2, 0);
    const b = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
    const l1 = (a + c) / 2 + Math.sqrt(((a - c) / 2) ** 2 + b * b),
      l2 = (a + c) / 2 - Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const e1 = [b, l1 - a],
      norm = Math.hypot(e1[0], e1[1]);
    const r = pca2(pts);
    expect(r.explained[0]).toBeCloseTo(l1 / (a + c), 10);
    expect(r.explained[1]).toBeCloseTo(l2 / (a + c), 8);
    expect(Math.abs(dot(r.components.subarray(0, 2), [e1[0] / norm, e1[1] / norm]))).toBeCloseTo(1, 10);
    // Projections: the first coordinate of each point is its centred dot product with the first axis.
    expect(r.coords[0]).toBeCloseTo(dot([pts[0][0] - mx, pts[0][1] - my], r.components.subarray(0, 2)), 10);
  });

  it('recovers planted orthogonal axes with exact variance shares (9:4:1)', () => {
    // Orthonormal u1, u2, u3 in R^4 (rows of a normalised Hadamard matrix) and zero-mean, mutually orthogonal
    // Walsh sequences a, b, c: X^T X = 8 (9 u1 u1^T + 4 u2 u2^T + u3 u3^T), so shares are 9/14 and 4/14.
    const u = [
      [1, 1, 1, 1],
      [1, -1, 1, -1],
      [1, 1, -1, -1],
    ].map((v) => v.map((x) => x / 2));
    const a = [1, -1, 1, -1, 1, -1, 1, -1],
      b = [1, 1, -1, -1, 1, 1, -1, -1],
      c = [1, 1, 1, 1, -1, -1, -1, -1];
    const rows = a.map((_, i) => u[0].map((_, j) => 3 * a[i] * u[0][j] + 2 * b[i] * u[1][j] + c[i] * u[2][j] + 5));
    const r = pca2(rows);
    expect(r.explained[0]).toBeCloseTo(9 / 14, 10);
    expect(r.explained[1]).toBeCloseTo(4 / 14, 10);
    expect(Math.abs(dot(r.components.subarray(0, 4), u[0]))).toBeCloseTo(1, 10);
    expect(Math.abs(dot(r.components.subarray(4, 8), u[1]))).toBeCloseTo(1, 10);
    expect(Math.abs(r.coords[0])).toBeCloseTo(3, 8); // |3 a_0| along u1
  });

  it('rejects fewer than two rows and ragged rows', () => {
    expect(() => pca2([[1, 2]])).toThrow(/at least 2 rows/);
    expect(() => pca2([[1, 2], [1]])).toThrow(/row 1/);
  });
});
