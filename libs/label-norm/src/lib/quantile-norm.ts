import { LabelNormError, assertFinite } from './errors';
import { npInterp, npLinspace01, npPercentilesOfSorted } from './interp';

export interface QuantileNormArgs {
  /** Number of quantile knots; sklearn clips it to the sample count. Default 100 (the reference's "bin norm"). */
  nQuantiles?: number;
}

export interface QuantileNormJSON {
  kind: 'quantile-norm';
  quantiles: number[];
}

/**
 * The reference's "bin norm" (`relevance2`): sklearn `QuantileTransformer(n_quantiles=100,
 * output_distribution='uniform')` fitted on all rows (no sub-sampling). Quantiles are numpy linear percentiles made
 * monotone with a running max; a value maps to the average of the forward and reversed interpolation, so a value
 * equal to a run of tied quantiles lands on the midpoint of their references. Values equal to the lowest / highest
 * quantile map to exactly 0 / 1.
 */
export class QuantileNorm {
  /** Knot positions in the label domain, non-decreasing. */
  readonly quantiles: Float64Array;
  /** Knot positions in [0, 1]: linspace(0, 1, quantiles.length). */
  readonly references: Float64Array;
  private readonly negQuantilesRev: Float64Array;
  private readonly negReferencesRev: Float64Array;

  private constructor(quantiles: Float64Array) {
    this.quantiles = quantiles;
    this.references = npLinspace01(quantiles.length);
    const n = quantiles.length;
    this.negQuantilesRev = new Float64Array(n);
    this.negReferencesRev = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.negQuantilesRev[i] = -quantiles[n - 1 - i];
      this.negReferencesRev[i] = -this.references[n - 1 - i];
    }
  }

  static fit(values: ArrayLike<number>, args: QuantileNormArgs = {}): QuantileNorm {
    const nQuantiles = args.nQuantiles ?? 100;
    if (!Number.isInteger(nQuantiles) || nQuantiles < 1) {
      throw new LabelNormError(
        `nQuantiles must be a positive integer, got ${JSON.stringify(nQuantiles)}`,
        'BAD_OPTION',
        { field: 'nQuantiles' },
      );
    }
    if (values.length === 0)
      throw new LabelNormError('QuantileNorm.fit needs at least one value, got 0', 'EMPTY_INPUT');
    assertFinite(values, 'labels');
    const sorted = Float64Array.from(values).sort();
    const k = Math.max(1, Math.min(nQuantiles, sorted.length));
    const q = npPercentilesOfSorted(sorted, npLinspace01(k));
    for (let i = 1; i < q.length; i++) if (q[i] < q[i - 1]) q[i] = q[i - 1];
    return new QuantileNorm(q);
  }

  static fromJSON(json: unknown): QuantileNorm {
    const j = json as Partial<QuantileNormJSON> | null;
    if (!j || j.kind !== 'quantile-norm' || !Array.isArray(j.quantiles) || j.quantiles.length === 0) {
      throw new LabelNormError(
        `QuantileNorm JSON must be {kind:'quantile-norm', quantiles:[...]}, got ${JSON.stringify(json)?.slice(0, 80)}`,
        'BAD_JSON',
      );
    }
    const q = Float64Array.from(j.quantiles);
    for (let i = 0; i < q.length; i++) {
      if (!Number.isFinite(q[i]) || (i > 0 && q[i] < q[i - 1])) {
        throw new LabelNormError(
          `QuantileNorm JSON quantiles must be finite and non-decreasing, got ${j.quantiles[i]} at index ${i}`,
          'BAD_JSON',
          { index: i },
        );
      }
    }
    return new QuantileNorm(q);
  }

  toJSON(): QuantileNormJSON {
    return { kind: 'quantile-norm', quantiles: Array.from(this.quantiles) };
  }

  /** Maps one label to [0, 1]; NaN stays NaN (as sklearn). */
  transformOne(v: number): number {
    const q = this.quantiles;
    // sklearn assigns the upper bound first, then the lower, so a constant fit maps its value to 0.
    if (v === q[0]) return 0;
    if (v === q[q.length - 1]) return 1;
    const fwd = npInterp(v, q, this.references);
    const rev = npInterp(-v, this.negQuantilesRev, this.negReferencesRev);
    return 0.5 * (fwd - rev);
  }

  transform(values: ArrayLike<number>): Float64Array {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = this.transformOne(values[i]);
    return out;
  }
}
