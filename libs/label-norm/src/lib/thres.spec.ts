import { THRES, relevanceLevel, sampleWeight, sampleWeights, thresLabel } from './thres';

// Label histogram for k = 0..20 (reference-solution.md §1.1).
const COUNTS = [
  24692, 3743, 2591, 2066, 1307, 1058, 1126, 1578, 1572, 1368, 4718, 1960, 2081, 1929, 1192, 794, 855, 1315, 1301, 1202,
  9451,
];
// reference-solution.md §5.2: ln(100 * THRES[k] + 2) for k = 0..20, to 3 decimals.
const DOC_WEIGHTS = [
  3.423, 3.772, 3.861, 3.921, 3.962, 3.994, 4.026, 4.064, 4.102, 4.155, 4.226, 4.282, 4.322, 4.357, 4.381, 4.397, 4.414,
  4.435, 4.458, 4.512, 4.59,
];

describe('THRES and sample weights', () => {
  it('has 21 increasing constants', () => {
    expect(THRES).toHaveLength(21);
    for (let k = 1; k < 21; k++) expect(THRES[k]).toBeGreaterThan(THRES[k - 1]);
  });

  it('the constants follow from the histogram: cumulative midpoints averaged twice (notebook derivation), to 5e-6', () => {
    const n = COUNTS.reduce((a, b) => a + b, 0);
    const c = [0];
    for (const count of COUNTS) c.push(c[c.length - 1] + count / n);
    const m = COUNTS.map((_, k) => (c[k] + c[k + 1]) / 2);
    m.push(1);
    // The constants have 5 decimals, so they agree with the derivation to half a unit in the last place.
    for (let k = 0; k < 21; k++) expect(Math.abs(THRES[k] - (m[k] + m[k + 1]) / 2)).toBeLessThanOrEqual(5e-6 + 1e-12);
  });

  it('sample weights match reference-solution.md §5.2 to 1e-3 for all 21 levels', () => {
    const w = sampleWeights(Array.from({ length: 21 }, (_, k) => k / 20));
    for (let k = 0; k < 21; k++) expect(Math.abs(w[k] - DOC_WEIGHTS[k])).toBeLessThanOrEqual(1e-3);
    expect(sampleWeight(0.5, 2)).toBeCloseTo(Math.log(68.466) ** 2, 12);
  });

  it('levels: int(20 * rel) on the grid; off-grid values are rejected with a code', () => {
    expect(relevanceLevel(0.35)).toBe(7);
    expect(relevanceLevel(1)).toBe(20);
    expect(thresLabel(0)).toBe(0.28652);
    expect(() => relevanceLevel(0.33)).toThrow(expect.objectContaining({ code: 'OFF_GRID', context: { value: 0.33 } }));
    expect(() => relevanceLevel(1.05)).toThrow(/one of 0, 0.05, ..., 1, got 1.05/);
    expect(() => relevanceLevel(NaN)).toThrow(expect.objectContaining({ code: 'OFF_GRID' }));
  });
});
