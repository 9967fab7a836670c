import {
  bootstrapSpearman,
  CharTfidf,
  crossProduct,
  gram,
  jaccard,
  predictRow,
  ridgeSolve,
  sparseDot,
  truncatedSvd,
  type LabelPair,
  type SparseVector,
  type SpearmanInterval,
} from '@vidsim/spearman-eval';
import { cosine } from '@vidsim/core';
import { VideoSet } from '@vidsim/data-prep';

/** A labelled pair set to score: the pairwise labels, or a synthetic corpus's test labels. */
export interface PairSet {
  name: string;
  /** The store set holding both videos of every pair. */
  storeSet: string;
  pairs: LabelPair[];
}

export interface BaselineOptions {
  /** Training videos for idf, centring, the SVD and the probe, evenly strided from the pointwise set (default 20,000). */
  maxTrainVideos?: number;
  /** SVD components of the title + ASR TF-IDF (default 128). */
  svdComponents?: number;
  /** Tags the probe predicts: the most frequent ones with at least 3 videos (default 1,000). */
  probeTags?: number;
  /** Ridge strengths tried, as multiples of the training videos; the best on a 20% hold-out wins (default [0.1, 1, 10]). */
  ridgeLambdas?: number[];
  resamples?: number;
  log?: (line: string) => void;
}

export const BASELINE_NAMES = [
  'frameCosine',
  'frameCosineCentred',
  'titleTfidf',
  'titleTfidfPlusFrame',
  'sharedTags',
  'linearProbe',
] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

export const BASELINE_LABELS: Record<BaselineName, string> = {
  frameCosine: 'mean-frame cosine (raw)',
  frameCosineCentred: 'mean-frame cosine (centred on training videos)',
  titleTfidf: 'title char 1-2-gram TF-IDF cosine',
  titleTfidfPlusFrame: 'mean of title TF-IDF and centred frame cosines',
  sharedTags: 'shared tags (Jaccard; labelled videos only)',
  linearProbe: 'linear probe: ridge [frames, SVD title+ASR TF-IDF] -> tags, cosine',
};

export interface BaselineSetResult {
  name: string;
  pairs: number;
  scores: Partial<Record<BaselineName, SpearmanInterval>>;
}

export interface BaselineResult {
  trainVideos: number;
  probe: { tags: number; lambda: number; holdoutCosine: number; dims: number };
  sets: BaselineSetResult[];
  seconds: number;
}

/** Per-video features the baselines compare. */
interface VideoFeatures {
  meanFrame: Float32Array;
  title: SparseVector;
  probe: Float32Array; // predicted tag scores (float32: 63k pairwise videos x 1,000 tags stay near 250 MB)
  tags: Set<string> | null;
}

/** Mean of the first num_frames stored frames of each row (the store keeps at most maxFrames). */
async function meanFrames(set: VideoSet, rows: number[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const F = set.frames.frameDim;
  const T = set.frames.framesPerVideo;
  for (let i = 0; i < rows.length; i += 64) {
    const chunk = rows.slice(i, i + 64);
    const frames = await set.frames.read(chunk.map((r) => set.locations[r]));
    chunk.forEach((r, k) => {
      const n = Math.max(1, Math.min(T, set.numFrames[r]));
      const mean = new Float32Array(F);
      for (let t = 0; t < n; t++) {
        const off = (k * T + t) * F;
        for (let d = 0; d < F; d++) mean[d] += frames[off + d];
      }
      for (let d = 0; d < F; d++) mean[d] /= n;
      out.push(mean);
    });
  }
  return out;
}

function stride(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
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

/**
 * The simple baselines, from the prepared store only (never the generator's latents), on every labelled pair set:
 * mean-frame cosine raw and centred (mean of the training videos' mean frames removed), title character 1-2-gram
 * TF-IDF cosine (idf on training videos), the mean of those two cosines, shared tags (Jaccard, where both videos have
 * tags), and a linear probe: ridge from [standardised mean frame, standardised SVD of title + ASR TF-IDF] to the
 * multi-hot of the most frequent tags, fitted on the pointwise set, scored by the cosine of two videos' predictions.
 * Each score with its pair-bootstrap 95% interval.
 */
export async function computeBaselines(
  storeDir: string,
  pairSets: PairSet[],
  opts: BaselineOptions = {},
): Promise<BaselineResult> {
  const t0 = Date.now();
  const log = opts.log ?? (() => undefined);
  const train = await VideoSet.open(storeDir, 'pointwise');
  try {
    const trainRows = stride(train.size, opts.maxTrainVideos ?? 20_000);
    const titleTfidf = CharTfidf.fit(
      trainRows.map((r) => train.titles[r]),
      { ngrams: [1, 2] },
    );
    const asrTfidf = CharTfidf.fit(
      trainRows.map((r) => train.asrTexts[r]),
      { ngrams: [1, 2], minDf: 2, maxFeatures: 50_000 },
    );
    log(
      `[eval] baselines: ${trainRows.length} training videos, title n-grams ${titleTfidf.size}, ASR n-grams ${asrTfidf.size}`,
    );
    const textRow = (title: string, asr: string) =>
      concatSparse(titleTfidf.transform(title), asrTfidf.transform(asr), titleTfidf.size);
    const trainText = trainRows.map((r) => textRow(train.titles[r], train.asrTexts[r]));
    const svd = truncatedSvd(
      trainText,
      titleTfidf.size + asrTfidf.size,
      Math.min(opts.svdComponents ?? 128, trainRows.length - 1),
      { powerIters: 2, seed: 7 },
    );
    const trainFrames = await meanFrames(train, trainRows);
    const F = trainFrames[0]?.length ?? 0;
    const frameMean = new Float64Array(F);
    for (const m of trainFrames) for (let d = 0; d < F; d++) frameMean[d] += m[d] / trainFrames.length;

    // probe inputs: every column standardised on the training videos
    const raw = (frame: Float32Array, text: SparseVector): Float64Array => {
      const x = new Float64Array(F + svd.k);
      for (let d = 0; d < F; d++) x[d] = frame[d];
      x.set(svd.project(text), F);
      return x;
    };
    const D = F + svd.k;
    const trainX = trainRows.map((_, i) => raw(trainFrames[i], trainText[i]));
    const mu = new Float64Array(D);
    const sd = new Float64Array(D);
    for (const x of trainX) for (let d = 0; d < D; d++) mu[d] += x[d] / trainX.length;
    for (const x of trainX) for (let d = 0; d < D; d++) sd[d] += (x[d] - mu[d]) ** 2 / trainX.length;
    for (let d = 0; d < D; d++) sd[d] = Math.sqrt(sd[d]) || 1;
    const standardise = (x: Float64Array) => {
      for (let d = 0; d < D; d++) x[d] = (x[d] - mu[d]) / sd[d];
      return x;
    };
    trainX.forEach(standardise);

    // targets: the most frequent tags with >= 3 videos
    const tagCount = new Map<string, number>();
    for (const r of trainRows)
      for (const t of train.tagIds[r] ?? []) tagCount.set(String(t), (tagCount.get(String(t)) ?? 0) + 1);
    const kept = [...tagCount]
      .filter(([, c]) => c >= 3)
      .sort((a, b) => b[1] - a[1])
      .slice(0, opts.probeTags ?? 1000);
    const tagIndex = new Map(kept.map(([t], i) => [t, i]));
    const T = Math.max(1, kept.length);
    const hot = trainRows.map((r) =>
      [...new Set(train.tagIds[r] ?? [])]
        .map((t) => tagIndex.get(String(t)))
        .filter((i): i is number => i !== undefined),
    );
    const probe = fitProbe(trainX, hot, D, T, opts.ridgeLambdas ?? [0.1, 1, 10]);
    log(
      `[eval] linear probe: ${D} inputs -> ${T} tags, lambda ${probe.lambda.toExponential(1)}, hold-out cosine(prediction, tags) ${probe.holdoutCosine.toFixed(3)}`,
    );

    const sets: BaselineSetResult[] = [];
    const opened = new Map<string, VideoSet>();
    try {
      for (const ps of pairSets) {
        let vs = opened.get(ps.storeSet);
        if (!vs) {
          vs = await VideoSet.open(storeDir, ps.storeSet);
          opened.set(ps.storeSet, vs);
        }
        const set = vs;
        const vids = [...new Set(ps.pairs.flatMap((p) => [p.query, p.candidate]))];
        const rows = vids.map((v) => set.row(v));
        const frames = await meanFrames(set, rows);
        const feats = new Map<string, VideoFeatures>();
        vids.forEach((v, i) => {
          const r = rows[i];
          const text = textRow(set.titles[r], set.asrTexts[r]);
          const x = standardise(raw(frames[i], text));
          const tags = set.tagIds[r];
          feats.set(v, {
            meanFrame: frames[i],
            title: titleTfidf.transform(set.titles[r]),
            probe: Float32Array.from(predictRow(x, probe.w, D, T)),
            tags: tags ? new Set([...tags].map(String)) : null,
          });
        });
        sets.push(scoreSet(ps, feats, frameMean, opts.resamples ?? 1000));
      }
    } finally {
      for (const vs of opened.values()) await vs.close();
    }
    return {
      trainVideos: trainRows.length,
      probe: { tags: T, lambda: probe.lambda, holdoutCosine: probe.holdoutCosine, dims: D },
      sets,
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await train.close();
  }
}

/** Ridge on 80% of the training videos for each lambda (x n), kept by the hold-out cosine of predictions and tags. */
function fitProbe(
  x: Float64Array[],
  hot: number[][],
  d: number,
  t: number,
  lambdas: number[],
): { w: Float64Array; lambda: number; holdoutCosine: number } {
  const n = x.length;
  const fitN = n >= 10 ? Math.floor(n * 0.8) : n;
  const flat = new Float64Array(fitN * d);
  for (let i = 0; i < fitN; i++) flat.set(x[i], i * d);
  const g = gram(flat, fitN, d);
  const xty = crossProduct(flat, fitN, d, { hot: hot.slice(0, fitN) }, t);
  let best: { w: Float64Array; lambda: number; holdoutCosine: number } = {
    w: new Float64Array(d * t),
    lambda: lambdas[0] * fitN,
    holdoutCosine: -Infinity,
  };
  for (const m of lambdas) {
    const lambda = m * fitN;
    const w = ridgeSolve(g, xty, d, t, lambda);
    let score = 0;
    let count = 0;
    for (let i = fitN; i < Math.min(n, fitN + 500); i++) {
      if (hot[i].length === 0) continue;
      const truth = new Float64Array(t);
      for (const c of hot[i]) truth[c] = 1;
      score += cosine(predictRow(x[i], w, d, t), truth);
      count++;
    }
    const hc = count ? score / count : 0;
    if (hc > best.holdoutCosine) best = { w, lambda, holdoutCosine: hc };
  }
  return best;
}

function scoreSet(
  ps: PairSet,
  feats: Map<string, VideoFeatures>,
  frameMean: Float64Array,
  resamples: number,
): BaselineSetResult {
  const labels = ps.pairs.map((p) => p.relevance);
  const cols: Record<BaselineName, number[]> = {
    frameCosine: [],
    frameCosineCentred: [],
    titleTfidf: [],
    titleTfidfPlusFrame: [],
    sharedTags: [],
    linearProbe: [],
  };
  let tagged = true;
  const centred = (m: Float32Array) => Float64Array.from(m, (v, d) => v - frameMean[d]);
  for (const p of ps.pairs) {
    const a = feats.get(p.query) as VideoFeatures;
    const b = feats.get(p.candidate) as VideoFeatures;
    const fc = cosine(centred(a.meanFrame), centred(b.meanFrame));
    const tt = sparseDot(a.title, b.title);
    cols.frameCosine.push(cosine(a.meanFrame, b.meanFrame));
    cols.frameCosineCentred.push(fc);
    cols.titleTfidf.push(tt);
    cols.titleTfidfPlusFrame.push((tt + fc) / 2);
    cols.linearProbe.push(cosine(a.probe, b.probe));
    if (a.tags && b.tags) cols.sharedTags.push(jaccard(a.tags, b.tags));
    else tagged = false;
  }
  const scores: BaselineSetResult['scores'] = {};
  for (const name of BASELINE_NAMES) {
    if (name === 'sharedTags' && !tagged) continue;
    scores[name] = bootstrapSpearman(cols[name], labels, { resamples });
  }
  return { name: ps.name, pairs: ps.pairs.length, scores };
}
