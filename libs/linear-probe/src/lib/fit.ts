import { cosine } from '@vidsim/core';
import {
  CharTfidf,
  crossProduct,
  gram,
  predictRow,
  ridgeSolve,
  truncatedSvd,
  type RidgeTargets,
  type SparseVector,
} from '@vidsim/spearman-eval';
import { topEigen } from './eigen';
import { LinearProbeError } from './errors';
import { LinearProbe, type ProbeInput } from './probe';

export interface ProbeTrainingVideo extends ProbeInput {
  tags: readonly (string | number | bigint)[];
  /** The 5-digit category id (level 1 = id / 100), or -1 / absent when unknown. */
  categoryId?: number;
}

export interface LinearProbeOptions {
  /** Embedding size: the top principal directions of the training videos' predicted tag scores (default 128). */
  dims?: number;
  /** SVD components of the title + ASR TF-IDF (default 256; 128 scored 0.006-0.010 lower on the demo's test pairs). */
  svdComponents?: number;
  /** Tags predicted: the most frequent ones with at least `minTagVideos` videos (default 1,000 and 3). */
  tags?: number;
  minTagVideos?: number;
  /**
   * Ridge strengths tried, as multiples of the training videos; the best on a 20% hold-out wins (default
   * [0.03, 0.1, 0.3, 1, 3, 10]: on the demo corpus 0.3 wins, 0.007-0.021 above the 1 that a [0.1, 1, 10] grid picks).
   */
  lambdas?: number[];
  /**
   * Also predict each video's category and level-1 category (as two more one-hot targets, every category with at
   * least `minTagVideos` videos, beyond the tag cap): the level-1 class names the broad topic that tags only imply
   * (default true; videos without a category add nothing).
   */
  categoryTargets?: boolean;
  /**
   * Dense targets [videos][t] instead of tags and categories (diagnostics: a synthetic corpus's latent vectors).
   * `dims` >= t keeps them exactly.
   */
  targets?: ArrayLike<number>[];
  seed?: number;
}

export interface LinearProbeReport {
  videos: number;
  /** Probe inputs: frame dimensions + SVD components. */
  inputs: number;
  tags: number;
  /** Category and level-1 category targets predicted beside the tags. */
  categories: number;
  lambda: number;
  /** Mean cosine of a hold-out video's predicted targets and its true ones, under the chosen lambda. */
  holdoutCosine: number;
  dims: number;
  /** Share of the predicted tag scores' energy the `dims` directions keep (1: the embedding's cosines are exact). */
  energy: number;
}

/**
 * Fits the linear probe: ridge from [standardised mean frame, standardised SVD of title + ASR character 1-2-gram
 * TF-IDF] to the multi-hot of the most frequent tags, lambda picked on a 20% hold-out by the cosine of prediction and
 * tags and then refitted on every video, reduced to the `dims` principal directions of the training predictions
 * (reduced-rank ridge: the embedding's cosine is the cosine of predicted tag scores, up to the energy left out).
 */
export function fitLinearProbe(
  videos: readonly ProbeTrainingVideo[],
  opts: LinearProbeOptions = {},
): { probe: LinearProbe; report: LinearProbeReport } {
  const n = videos.length;
  if (n < 10) throw new LinearProbeError(`linear probe: needs at least 10 training videos, got ${n}`, 'EMPTY_INPUT');
  const F = videos[0].meanFrame.length;
  videos.forEach((v, i) => {
    if (v.meanFrame.length !== F)
      throw new LinearProbeError(
        `linear probe: video ${i} has a ${v.meanFrame.length}-d mean frame, video 0 a ${F}-d one`,
        'BAD_INPUT',
        { record: i, field: 'meanFrame' },
      );
    for (let d = 0; d < F; d++)
      if (!Number.isFinite(v.meanFrame[d]))
        throw new LinearProbeError(`linear probe: video ${i} meanFrame[${d}] is ${v.meanFrame[d]}`, 'BAD_INPUT', {
          record: i,
          field: 'meanFrame',
        });
  });
  const dims = opts.dims ?? 128;
  const lambdas = opts.lambdas ?? [0.03, 0.1, 0.3, 1, 3, 10];
  if (!(Number.isInteger(dims) && dims >= 1))
    throw new LinearProbeError(`linear probe: dims must be a positive integer, got ${dims}`, 'BAD_OPTION', {
      field: 'dims',
    });
  if (lambdas.length === 0 || lambdas.some((l) => !(l > 0)))
    throw new LinearProbeError(`linear probe: lambdas must be positive, got ${JSON.stringify(lambdas)}`, 'BAD_OPTION', {
      field: 'lambdas',
    });

  // text: title and ASR TF-IDF side by side, then their SVD
  const title = CharTfidf.fit(
    videos.map((v) => v.title),
    { ngrams: [1, 2] },
  );
  const asr = CharTfidf.fit(
    videos.map((v) => v.asr),
    { ngrams: [1, 2], minDf: 2, maxFeatures: 50_000 },
  );
  const textSize = title.size + asr.size;
  const text = videos.map((v) => concatSparse(title.transform(v.title), asr.transform(v.asr), title.size));
  const svd = truncatedSvd(text, textSize, Math.max(1, Math.min(opts.svdComponents ?? 256, n - 1, textSize)), {
    powerIters: 2,
    seed: opts.seed ?? 7,
  });
  const S = svd.k;
  const D = F + S;
  const x = new Float64Array(n * D);
  videos.forEach((v, i) => {
    for (let d = 0; d < F; d++) x[i * D + d] = v.meanFrame[d];
    x.set(svd.project(text[i]), i * D + F);
  });
  const mu = new Float64Array(D);
  const sd = new Float64Array(D);
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) mu[d] += x[i * D + d] / n;
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) sd[d] += (x[i * D + d] - mu[d]) ** 2 / n;
  for (let d = 0; d < D; d++) sd[d] = Math.sqrt(sd[d]) || 1;
  for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) x[i * D + d] = (x[i * D + d] - mu[d]) / sd[d];

  const targets = opts.targets ? denseTargets(opts.targets, n) : tagTargets(videos, opts);
  const T = targets.size;

  // lambda on a 20% hold-out, then the normal equations of every video
  const fitN = Math.floor(n * 0.8);
  const gFit = gram(x.subarray(0, fitN * D), fitN, D);
  const xyFit = crossProduct(x.subarray(0, fitN * D), fitN, D, targets.rows(0, fitN), T);
  let best = { lambda: lambdas[0] * fitN, holdoutCosine: -Infinity };
  for (const m of lambdas) {
    const w = ridgeSolve(gFit, xyFit, D, T, m * fitN);
    let score = 0;
    let scored = 0;
    for (let i = fitN; i < n; i++) {
      const truth = targets.truth(i);
      if (!truth) continue;
      score += cosine(predictRow(x.subarray(i * D, (i + 1) * D), w, D, T), truth);
      scored++;
    }
    const hc = scored ? score / scored : 0;
    if (hc > best.holdoutCosine) best = { lambda: m * fitN, holdoutCosine: hc };
  }
  const rest = n - fitN;
  const g = gFit;
  const gRest = gram(x.subarray(fitN * D), rest, D);
  for (let i = 0; i < g.length; i++) g[i] += gRest[i];
  const xy = xyFit;
  const xyRest = crossProduct(x.subarray(fitN * D), rest, D, targets.rows(fitN, n), T);
  for (let i = 0; i < xy.length; i++) xy[i] += xyRest[i];
  const lambda = (best.lambda / fitN) * n;
  const w = ridgeSolve(g, xy, D, T, lambda);

  // reduced rank: C = Wᵀ G W is the Gram matrix of the training predictions [T, T]
  const gw = matMul(g, w, D, D, T);
  const c = new Float64Array(T * T);
  for (let d = 0; d < D; d++) {
    const wr = d * T;
    for (let a = 0; a < T; a++) {
      const wa = w[wr + a];
      if (wa === 0) continue;
      const cr = a * T;
      for (let b = 0; b < T; b++) c[cr + b] += wa * gw[wr + b];
    }
  }
  let trace = 0;
  for (let a = 0; a < T; a++) trace += c[a * T + a];
  const k = Math.min(dims, T);
  const eig = topEigen(c, T, k);
  const energy = trace > 0 ? eig.values.reduce((s, v) => s + Math.max(0, v), 0) / trace : 0;
  const m = matMul(w, eig.vectors, D, T, k); // [D, k]

  // fold standardisation and the SVD into the maps
  const frameMap = new Float32Array(F * dims);
  const offset = new Float64Array(dims);
  for (let d = 0; d < D; d++)
    for (let j = 0; j < k; j++) {
      const v = m[d * k + j] / sd[d];
      if (d < F) frameMap[d * dims + j] = v;
      offset[j] -= mu[d] * v;
    }
  const textMap = new Float32Array(textSize * dims);
  for (let f = 0; f < textSize; f++)
    for (let s = 0; s < S; s++) {
      const vfs = svd.components[f * S + s];
      if (vfs === 0) continue;
      const row = (F + s) * k;
      const inv = 1 / sd[F + s];
      for (let j = 0; j < k; j++) textMap[f * dims + j] += vfs * m[row + j] * inv;
    }
  const probe = new LinearProbe({
    frameDim: F,
    dims,
    title: title.toState(),
    asr: asr.toState(),
    frameMap,
    textMap,
    offset: Float32Array.from(offset),
  });
  return {
    probe,
    report: {
      videos: n,
      inputs: D,
      tags: targets.tags,
      categories: targets.categories,
      lambda,
      holdoutCosine: best.holdoutCosine,
      dims,
      energy,
    },
  };
}

/** a [r, inner] × b [inner, cols]. */
function matMul(a: Float64Array, b: Float64Array, r: number, inner: number, cols: number): Float64Array {
  const out = new Float64Array(r * cols);
  for (let i = 0; i < r; i++) {
    const or = i * cols;
    for (let p = 0; p < inner; p++) {
      const aip = a[i * inner + p];
      if (aip === 0) continue;
      const br = p * cols;
      for (let j = 0; j < cols; j++) out[or + j] += aip * b[br + j];
    }
  }
  return out;
}

function concatSparse(a: SparseVector, b: SparseVector, offset: number): SparseVector {
  const indices = new Int32Array(a.indices.length + b.indices.length);
  indices.set(a.indices);
  for (let i = 0; i < b.indices.length; i++) indices[a.indices.length + i] = b.indices[i] + offset;
  const values = new Float64Array(indices.length);
  values.set(a.values);
  values.set(b.values, a.values.length);
  return { indices, values };
}

interface Targets {
  size: number;
  tags: number;
  categories: number;
  /** Ridge targets of videos [from, to). */
  rows(from: number, to: number): RidgeTargets;
  /** Video i's target vector, or null when it has none (no kept tag). */
  truth(i: number): Float64Array | null;
}

/** Multi-hot of the most frequent tags with enough videos, then the categories and level-1 categories. */
function tagTargets(videos: readonly ProbeTrainingVideo[], opts: LinearProbeOptions): Targets {
  const n = videos.length;
  const minVideos = opts.minTagVideos ?? 3;
  const count = new Map<string, number>();
  for (const v of videos) for (const t of new Set(Array.from(v.tags, String))) count.set(t, (count.get(t) ?? 0) + 1);
  const kept = [...count]
    .filter(([, c]) => c >= minVideos)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.tags ?? 1000);
  if (kept.length === 0)
    throw new LinearProbeError(
      `linear probe: no tag has ${minVideos} or more of the ${n} training videos`,
      'EMPTY_INPUT',
      {
        field: 'tags',
      },
    );
  // categories: namespaced so that no tag id can collide with them
  const categoryKeys = (v: ProbeTrainingVideo): string[] =>
    v.categoryId !== undefined && v.categoryId >= 0
      ? [`category:${v.categoryId}`, `level1:${Math.floor(v.categoryId / 100)}`]
      : [];
  const categoryCount = new Map<string, number>();
  if (opts.categoryTargets ?? true)
    for (const v of videos) for (const k of categoryKeys(v)) categoryCount.set(k, (categoryCount.get(k) ?? 0) + 1);
  const categories = [...categoryCount].filter(([, c]) => c >= minVideos).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const index = new Map([...kept, ...categories].map(([t], i) => [t, i]));
  const hot = videos.map((v) =>
    [...new Set([...Array.from(v.tags, String), ...(categoryCount.size ? categoryKeys(v) : [])])]
      .map((t) => index.get(t))
      .filter((i): i is number => i !== undefined),
  );
  return {
    size: index.size,
    tags: kept.length,
    categories: categories.length,
    rows: (from, to) => ({ hot: hot.slice(from, to) }),
    truth: (i) => {
      if (hot[i].length === 0) return null;
      const t = new Float64Array(index.size);
      for (const c of hot[i]) t[c] = 1;
      return t;
    },
  };
}

function denseTargets(targets: ArrayLike<number>[], n: number): Targets {
  if (targets.length !== n)
    throw new LinearProbeError(`linear probe: ${targets.length} target rows for ${n} videos`, 'BAD_INPUT', {
      field: 'targets',
    });
  const t = targets[0]?.length ?? 0;
  const flat = new Float64Array(n * t);
  targets.forEach((row, i) => {
    if (row.length !== t)
      throw new LinearProbeError(`linear probe: target row ${i} has ${row.length} values, row 0 ${t}`, 'BAD_INPUT', {
        record: i,
        field: 'targets',
      });
    for (let j = 0; j < t; j++) flat[i * t + j] = row[j];
  });
  return {
    size: t,
    tags: 0,
    categories: 0,
    rows: (from, to) => ({ dense: flat.subarray(from * t, to * t) }),
    truth: (i) => flat.slice(i * t, (i + 1) * t),
  };
}
