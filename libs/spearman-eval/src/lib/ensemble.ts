import { SpearmanEvalError } from './errors';
import { matmul, orthonormalizeColumns, seededNormal, symmetricEigen } from './linalg';

export type EmbeddingSet = ReadonlyMap<string, ArrayLike<number>>;

function l2Normalized(v: ArrayLike<number>, scale: number, out: Float64Array, offset: number, normalize: boolean): void {
  let n2 = 0;
  for (let i = 0; i < v.length; i++) n2 += v[i] * v[i];
  // A zero vector stays zero, as sklearn's normalize.
  const f = normalize ? (n2 > 0 ? scale / Math.sqrt(n2) : 0) : scale;
  for (let i = 0; i < v.length; i++) out[offset + i] = v[i] * f;
}

function checkModels(models: readonly EmbeddingSet[], weights: readonly number[] | undefined): { vids: string[]; dims: number[] } {
  if (models.length === 0) throw new SpearmanEvalError('an ensemble needs at least one model, got 0', 'BAD_OPTION', { field: 'models' });
  if (weights && weights.length !== models.length) {
    throw new SpearmanEvalError(`weights must have one entry per model (${models.length}), got ${weights.length}`, 'BAD_OPTION', { field: 'weights' });
  }
  const vids = [...models[0].keys()];
  const dims = models.map((m, k) => {
    const first = m.values().next().value as ArrayLike<number> | undefined;
    if (!first) throw new SpearmanEvalError(`model ${k} has no embeddings`, 'BAD_OPTION', { model: k });
    return first.length;
  });
  models.forEach((m, k) => {
    if (m.size !== vids.length) throw new SpearmanEvalError(`model ${k} has ${m.size} vids, model 0 has ${vids.length}`, 'MISSING_VID', { model: k });
    for (const vid of vids) {
      const v = m.get(vid);
      if (!v) throw new SpearmanEvalError(`vid ${vid} has no embedding in model ${k}`, 'MISSING_VID', { vid, model: k });
      if (v.length !== dims[k]) throw new SpearmanEvalError(`vid ${vid} of model ${k} has ${v.length} dims, expected ${dims[k]}`, 'DIM_MISMATCH', { vid, model: k });
    }
  });
  return { vids, dims };
}

export interface MeanEnsembleOptions {
  /** L2-normalise each model's vector first (the reference keeps this only if it scores better offline). */
  l2Normalize?: boolean;
  /** Per-model weights (default 1 each); the result is the weighted mean. */
  weights?: readonly number[];
}

/** The reference's ensemble: the (weighted) mean of per-model embeddings, all models of one size, in float64. */
export function meanEnsemble(models: readonly EmbeddingSet[], options: MeanEnsembleOptions = {}): Map<string, Float64Array> {
  const { vids, dims } = checkModels(models, options.weights);
  const dim = dims[0];
  dims.forEach((d, k) => {
    if (d !== dim) throw new SpearmanEvalError(`mean ensemble needs equal sizes: model ${k} has ${d} dims, model 0 has ${dim}`, 'DIM_MISMATCH', { model: k });
  });
  const weights = options.weights ?? models.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Map<string, Float64Array>();
  const tmp = new Float64Array(dim);
  for (const vid of vids) {
    const acc = new Float64Array(dim);
    models.forEach((m, k) => {
      l2Normalized(m.get(vid) as ArrayLike<number>, weights[k] / total, tmp, 0, options.l2Normalize ?? false);
      for (let i = 0; i < dim; i++) acc[i] += tmp[i];
    });
    out.set(vid, acc);
  }
  return out;
}

export interface SvdEnsembleOptions {
  /** Output size (default 256, the submission limit); capped at the concatenated size. */
  dim?: number;
  /** Per-model scale after normalisation (default sqrt(1 / models), the 1st place's choice). */
  weights?: readonly number[];
  /** L2-normalise each model's vector before weighting (default true). */
  l2Normalize?: boolean;
  /** Subspace iterations on the Gram matrix (default 20). */
  iterations?: number;
  /** Extra subspace columns beyond `dim` to speed convergence (default 10). */
  oversample?: number;
  seed?: number;
}

export interface SvdEnsembleResult {
  /** vid -> the projection of its concatenated vector on the top `dim` right singular vectors (U * Sigma). */
  embeddings: Map<string, Float32Array>;
  singularValues: Float64Array;
  /** Fraction of the concatenation's squared norm that the kept components hold. */
  keptEnergy: number;
}

/**
 * The 1st place's ensemble: weighted concatenation of the L2-normalised model embeddings, then a truncated SVD
 * (no centring, as sklearn TruncatedSVD) fitted on the embeddings being submitted. The right singular vectors come
 * from subspace iteration plus Rayleigh-Ritz on the D x D Gram matrix X^T X, which costs N * D^2 / 2 multiply-adds
 * once (D = concatenated size) instead of repeated passes over the N x D data.
 */
export function svdEnsemble(models: readonly EmbeddingSet[], options: SvdEnsembleOptions = {}): SvdEnsembleResult {
  const { vids, dims } = checkModels(models, options.weights);
  const d = dims.reduce((a, b) => a + b, 0);
  const k = Math.min(options.dim ?? 256, d);
  const l = Math.min(d, k + (options.oversample ?? 10));
  const weights = options.weights ?? models.map(() => Math.sqrt(1 / models.length));
  const normalize = options.l2Normalize ?? true;
  const n = vids.length;
  const x = new Float64Array(n * d);
  vids.forEach((vid, r) => {
    let off = r * d;
    models.forEach((m, j) => {
      l2Normalized(m.get(vid) as ArrayLike<number>, weights[j], x, off, normalize);
      off += dims[j];
    });
  });
  // Gram matrix, upper triangle then mirrored.
  const gram = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    const ro = r * d;
    for (let i = 0; i < d; i++) {
      const xi = x[ro + i];
      if (xi === 0) continue;
      const go = i * d;
      for (let j = i; j < d; j++) gram[go + j] += xi * x[ro + j];
    }
  }
  let trace = 0;
  for (let i = 0; i < d; i++) {
    trace += gram[i * d + i];
    for (let j = i + 1; j < d; j++) gram[j * d + i] = gram[i * d + j];
  }
  const normal = seededNormal(options.seed ?? 66);
  let v: Float64Array = Float64Array.from({ length: d * l }, normal);
  orthonormalizeColumns(v, d, l);
  // With l = d the start already spans everything and Rayleigh-Ritz alone is exact.
  const iterations = l === d ? 0 : (options.iterations ?? 20);
  for (let it = 0; it < iterations; it++) {
    v = matmul(gram, v, d, d, l);
    orthonormalizeColumns(v, d, l);
  }
  const vt = new Float64Array(l * d);
  for (let r = 0; r < d; r++) for (let c = 0; c < l; c++) vt[c * d + r] = v[r * l + c];
  const h = matmul(vt, matmul(gram, v, d, d, l), l, d, l);
  const eig = symmetricEigen(h, l);
  const basis = matmul(v, eig.vectors, d, l, l); // d x l, columns = Ritz vectors, descending
  const w = new Float64Array(d * k);
  for (let c = 0; c < k; c++) {
    // Sign convention (as sklearn's svd_flip on V): the largest-magnitude entry of each component is positive.
    let big = 0;
    for (let r = 0; r < d; r++) if (Math.abs(basis[r * l + c]) > Math.abs(big)) big = basis[r * l + c];
    const s = big < 0 ? -1 : 1;
    for (let r = 0; r < d; r++) w[r * k + c] = s * basis[r * l + c];
  }
  const singularValues = Float64Array.from({ length: k }, (_, i) => Math.sqrt(Math.max(eig.values[i], 0)));
  const embeddings = new Map<string, Float32Array>();
  let kept = 0;
  vids.forEach((vid, r) => {
    const y = matmul(x.subarray(r * d, (r + 1) * d), w, 1, d, k);
    for (let i = 0; i < k; i++) kept += y[i] * y[i];
    embeddings.set(vid, Float32Array.from(y));
  });
  return { embeddings, singularValues, keptEnergy: trace > 0 ? kept / trace : 0 };
}
