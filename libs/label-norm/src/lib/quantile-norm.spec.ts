import * as fs from 'fs';
import * as path from 'path';
import { LabelNormError } from './errors';
import { QuantileNorm } from './quantile-norm';

// Expected values below come from scikit-learn 1.2.1 (numpy 1.24.2), run offline, e.g.:
//   t = QuantileTransformer(n_quantiles=N, output_distribution='uniform', subsample=10**9).fit(np.array(fit).reshape(-1,1))
//   t.quantiles_.ravel().tolist(), t.transform(np.array(xs).reshape(-1,1)).ravel().tolist()
// subsample=10**9 makes sklearn use all rows, which is what the reference did (n < its 2021 default of 1e5).

/** The label histogram for relevance 0, 0.05, ..., 1 (reference-solution.md §1.1; a published summary statistic). */
const COUNTS = [
  24692, 3743, 2591, 2066, 1307, 1058, 1126, 1578, 1572, 1368, 4718, 1960, 2081, 1929, 1192, 794, 855, 1315, 1301, 1202,
  9451,
];
const GRID = Array.from({ length: 21 }, (_, k) => k / 20);

/** reference-solution.md §5.2: the bin-norm mapping of the 21 levels on the full 67,899-row label file. */
const DOC_MAPPING = [
  0, 0.394, 0.439, 0.475, 0.5, 0.515, 0.53, 0.551, 0.571, 0.591, 0.636, 0.687, 0.717, 0.748, 0.773, 0.788, 0.798, 0.813,
  0.833, 0.854, 1,
];

/** sklearn on the same multiset (built from COUNTS), all rows. */
const SKLEARN_MAPPING = [
  0.0, 0.393939393939394, 0.43939393939393945, 0.4747474747474748, 0.5, 0.5151515151515152, 0.5303030303030303,
  0.5505050505050506, 0.5707070707070707, 0.5909090909090909, 0.6363636363636365, 0.6868686868686869,
  0.7171717171717172, 0.7474747474747476, 0.7727272727272727, 0.787878787878788, 0.797979797979798, 0.8131313131313131,
  0.8333333333333335, 0.8535353535353536, 1.0,
];

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol))
      throw new Error(`index ${i}: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}

describe('QuantileNorm (sklearn QuantileTransformer, uniform)', () => {
  it('14 tied labels, n_quantiles=100 clipped to 14: quantiles and mapping equal sklearn to 1e-12', () => {
    const fit = [0, 0, 0, 0, 0.05, 0.05, 0.1, 0.5, 0.5, 0.5, 0.5, 0.75, 1, 1];
    const qn = QuantileNorm.fit(fit);
    expectClose(
      qn.quantiles,
      [
        0.0, 0.0, 0.0, 0.0, 0.05, 0.050000000000000044, 0.1, 0.5, 0.5, 0.5, 0.5000000000000004, 0.7500000000000004, 1.0,
        1.0,
      ],
      1e-15,
    );
    const xs = [0, 0.05, 0.1, 0.2, 0.5, 0.6, 0.75, 0.9, 1, -1, 2];
    const expected = [
      0.0, 0.3076923076923077, 0.46153846153846156, 0.48076923076923084, 0.6153846153846154, 0.7999999999999999,
      0.8461538461538461, 0.8923076923076924, 1.0, 0.0, 1.0,
    ];
    expectClose(qn.transform(xs), expected, 1e-12);
  });

  it('32 integers, n_quantiles=7: interpolated quantiles and mapping equal sklearn to 1e-12', () => {
    const fit = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5];
    const qn = QuantileNorm.fit(fit, { nQuantiles: 7 });
    expectClose(qn.quantiles, [1.0, 2.166666666666665, 3.0, 4.5, 6.0, 8.0, 9.0], 1e-12);
    expectClose(
      qn.transform([1, 2, 3, 3.5, 5, 9, 0, 10]),
      [0.0, 0.14285714285714302, 0.3333333333333333, 0.3888888888888889, 0.5555555555555556, 1.0, 0.0, 1.0],
      1e-12,
    );
  });

  it('the published label histogram (67,899 rows): 21 levels equal sklearn to 1e-12 and §5.2 to 1e-3', () => {
    const labels = new Float64Array(COUNTS.reduce((a, b) => a + b, 0));
    let o = 0;
    COUNTS.forEach((c, k) => labels.fill(k / 20, o, (o += c)));
    const mapped = QuantileNorm.fit(labels).transform(GRID);
    expectClose(mapped, SKLEARN_MAPPING, 1e-12);
    expectClose(mapped, DOC_MAPPING, 1e-3);
  });

  it('toJSON / fromJSON round trip maps identically', () => {
    const qn = QuantileNorm.fit([0, 0.1, 0.1, 0.3, 0.7, 1, 1], { nQuantiles: 5 });
    const back = QuantileNorm.fromJSON(JSON.parse(JSON.stringify(qn)));
    expect(Array.from(back.transform(GRID))).toEqual(Array.from(qn.transform(GRID)));
  });

  it('rejects bad input with a code', () => {
    expect(() => QuantileNorm.fit([])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => QuantileNorm.fit([0, NaN])).toThrow(
      expect.objectContaining({ code: 'NON_FINITE', context: { index: 1, value: NaN } }),
    );
    expect(() => QuantileNorm.fit([0, 1], { nQuantiles: 0 })).toThrow(LabelNormError);
    expect(() => QuantileNorm.fromJSON({ kind: 'quantile-norm', quantiles: [0, 1, 0.5] })).toThrow(
      /non-decreasing, got 0.5 at index 2/,
    );
    expect(() => QuantileNorm.fromJSON({ quantiles: [0] })).toThrow(expect.objectContaining({ code: 'BAD_JSON' }));
  });
});

const labelFile = path.resolve(__dirname, '../../../../../shared/data/qq-aiac-2021/pairwise_label.tsv');
const describeWithSharedData = fs.existsSync(labelFile) ? describe : describe.skip;
if (!fs.existsSync(labelFile)) console.warn(`label-norm: ${labelFile} absent, skipping the real-label bin-norm test`);

describeWithSharedData('QuantileNorm on the real pairwise_label.tsv', () => {
  it('fits 67,899 labels; all 21 levels match reference-solution.md §5.2 to 1e-3', () => {
    const rows = fs
      .readFileSync(labelFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const labels = Float64Array.from(rows, (l) => Number(l.split('\t')[2]));
    expect(labels.length).toBe(67899);
    expectClose(QuantileNorm.fit(labels).transform(GRID), DOC_MAPPING, 1e-3);
  });
});
