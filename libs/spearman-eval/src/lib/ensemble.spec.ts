import { cosine } from '@vidsim/core';
import { meanEnsemble, svdEnsemble } from './ensemble';
import { seededNormal } from './linalg';

const M = [
  [1, 2, 0, 1],
  [0, 1, 3, 1],
  [2, 0, 1, 0],
  [1, 1, 1, 1],
  [0, 3, 1, 2],
  [2, 1, 0, 3],
];
const toMap = (rows: number[][]): Map<string, Float64Array> => new Map(rows.map((r, i) => [String(i), Float64Array.from(r)]));

describe('meanEnsemble', () => {
  it('plain mean and L2-normalised mean (hand-computed)', () => {
    const a = new Map([['1', [3, 4]]]);
    const b = new Map([['1', [1, 0]]]);
    expect(Array.from(meanEnsemble([a, b]).get('1') as Float64Array)).toEqual([2, 2]);
    const n = meanEnsemble([a, b], { l2Normalize: true }).get('1') as Float64Array;
    expect(n[0]).toBeCloseTo((0.6 + 1) / 2, 15);
    expect(n[1]).toBeCloseTo(0.8 / 2, 15);
  });

  it('a vid missing from one model is named', () => {
    expect(() => meanEnsemble([new Map([['1', [1]], ['2', [1]]]), new Map([['1', [1]], ['3', [1]]])])).toThrow('vid 2 has no embedding in model 1');
  });
});

describe('svdEnsemble (weighted concat + truncated SVD)', () => {
  it('singular values equal numpy.linalg.svd on a fixed 6x4 matrix, full rank and truncated to 2', () => {
    // numpy 2.4.6: np.linalg.svd(M, compute_uv=False)
    const expected = [6.04347605181392, 2.971270677149321, 2.576053762054495, 1.418412771117472];
    const one = toMap(M);
    const full = svdEnsemble([one], { dim: 4, l2Normalize: false, weights: [1] });
    full.singularValues.forEach((s, i) => expect(Math.abs(s - expected[i])).toBeLessThanOrEqual(1e-10));
    const top2 = svdEnsemble([one], { dim: 2, oversample: 0, iterations: 200, l2Normalize: false, weights: [1] });
    top2.singularValues.forEach((s, i) => expect(Math.abs(s - expected[i])).toBeLessThanOrEqual(1e-9));
    // The output is U * Sigma: column norms of the projected data are the singular values (float32 storage: 1e-6).
    for (let c = 0; c < 2; c++) {
      let s2 = 0;
      for (const y of top2.embeddings.values()) s2 += y[c] * y[c];
      expect(Math.abs(Math.sqrt(s2) - expected[c]) / expected[c]).toBeLessThanOrEqual(1e-6);
    }
  });

  it("two models, each row L2-normalised and scaled by sqrt(1/2): numpy's singular values of the concatenation", () => {
    // numpy: A = M[:,:2]/||.||*sqrt(.5); B = M[:,2:]/||.||*sqrt(.5); np.linalg.svd(np.hstack([A,B]), compute_uv=False)
    const expected = [2.077040649703021, 0.9831667793533858, 0.8410463547836319, 0.10920738327745891];
    const r = svdEnsemble([toMap(M.map((x) => x.slice(0, 2))), toMap(M.map((x) => x.slice(2)))], { dim: 4 });
    r.singularValues.forEach((s, i) => expect(Math.abs(s - expected[i])).toBeLessThanOrEqual(1e-10));
  });

  // Synthetic embeddings: 3 models of 24, 16 and 32 dims sharing a 5-d latent structure (model m = Z A_m).
  function synthetic(noise: number): Map<string, Float64Array>[] {
    const g = seededNormal(1);
    const z = Array.from({ length: 300 }, () => Array.from({ length: 5 }, g));
    return [24, 16, 32].map((dm) => {
      const a = Array.from({ length: 5 }, () => Array.from({ length: dm }, g));
      return new Map(z.map((zi, i) => [`v${i}`, Float64Array.from({ length: dm }, (_, j) => zi.reduce((s, zk, k) => s + zk * a[k][j], 0) + noise * g())]));
    });
  }
  const concat = (models: Map<string, Float64Array>[], vid: string): number[] => models.flatMap((m) => Array.from(m.get(vid) as Float64Array));

  it('rank 5 < dim 8, no normalisation: every pairwise cosine of the concatenation kept to 1e-5', () => {
    // Exact low rank: the kept subspace contains every row, so the projection is an isometry on the data and the
    // cosines are unchanged up to float32 storage of the output (relative 6e-8 per value) and iteration round-off.
    const models = synthetic(0);
    const r = svdEnsemble(models, { dim: 8, l2Normalize: false, weights: [1, 1, 1] });
    expect(r.keptEnergy).toBeGreaterThan(1 - 1e-9);
    let worst = 0;
    for (let i = 0; i < 300; i += 7) {
      for (let j = i + 1; j < 300; j += 3) {
        const before = cosine(concat(models, `v${i}`), concat(models, `v${j}`));
        worst = Math.max(worst, Math.abs(cosine(r.embeddings.get(`v${i}`) as Float32Array, r.embeddings.get(`v${j}`) as Float32Array) - before));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it('rank 5 plus noise, L2-normalised and weighted: each cosine moves at most rho_i^2 + rho_j^2 + rho_i rho_j', () => {
    // With x = p + r (p the projection, r orthogonal to it, rho = |r|/|x|), the cross terms vanish and
    // |cos(p_i,p_j) - cos(x_i,x_j)| <= (1 - sqrt((1-rho_i^2)(1-rho_j^2))) + rho_i rho_j <= rho_i^2 + rho_j^2 + rho_i rho_j.
    // rho comes from |p| = |y| (the basis is orthonormal), so the bound is computed, not tuned. 1e-5 covers float32.
    const models = synthetic(0.05);
    const r = svdEnsemble(models, { dim: 8 });
    const xs = new Map<string, number[]>();
    for (const vid of models[0].keys()) {
      xs.set(vid, models.flatMap((m) => {
        const v = Array.from(m.get(vid) as Float64Array);
        const n = Math.hypot(...v);
        return v.map((e) => (e / n) * Math.sqrt(1 / 3));
      }));
    }
    const rho = (vid: string): number => {
      const x = xs.get(vid) as number[];
      const y = r.embeddings.get(vid) as Float32Array;
      const nx2 = x.reduce((s, e) => s + e * e, 0);
      const ny2 = y.reduce((s, e) => s + e * e, 0);
      return Math.sqrt(Math.max(0, 1 - ny2 / nx2));
    };
    let checked = 0;
    let maxRho = 0;
    for (let i = 0; i < 300; i += 5) {
      for (let j = i + 1; j < 300; j += 4) {
        const [a, b] = [`v${i}`, `v${j}`];
        const ra = rho(a);
        const rb = rho(b);
        maxRho = Math.max(maxRho, ra, rb);
        const delta = Math.abs(cosine(r.embeddings.get(a) as Float32Array, r.embeddings.get(b) as Float32Array) - cosine(xs.get(a) as number[], xs.get(b) as number[]));
        expect(delta).toBeLessThanOrEqual(ra * ra + rb * rb + ra * rb + 1e-5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // Not vacuous: the noise leaves a visible but small residual, and 8 dims keep almost all of the energy.
    expect(maxRho).toBeGreaterThan(0.01);
    expect(maxRho).toBeLessThan(0.5);
    expect(r.keptEnergy).toBeGreaterThan(0.9);
  });
});
