import {
  bootstrapSpearman,
  CharTfidf,
  jaccard,
  sparseDot,
  type LabelPair,
  type SparseVector,
  type SpearmanInterval,
} from '@vidsim/spearman-eval';
import { cosine } from '@vidsim/core';
import { VideoSet } from '@vidsim/data-prep';
import type { LinearProbe, LinearProbeReport } from '@vidsim/linear-probe';
import { meanFrames, strideRows } from '../data/mean-frames';
import { fitStoreProbe } from '../model/store-probe';

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
  /** SVD components of the title + ASR TF-IDF (default: the linear-probe lib's, 256). */
  svdComponents?: number;
  /** Tags the probe predicts: the most frequent ones with at least 3 videos (default 1,000). */
  probeTags?: number;
  /** Ridge strengths tried, as multiples of the training videos (default: the linear-probe lib's grid). */
  ridgeLambdas?: number[];
  resamples?: number;
  /** A probe already fitted (the pointwise stage's); without it one is fitted on the store's pointwise set. */
  probe?: LinearProbe;
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
  linearProbe: 'linear probe: ridge [frames, SVD title+ASR TF-IDF] -> tags + categories, cosine',
};

export interface BaselineSetResult {
  name: string;
  pairs: number;
  scores: Partial<Record<BaselineName, SpearmanInterval>>;
}

export interface BaselineResult {
  trainVideos: number;
  /** How the probe was fitted; null when it came from the pointwise stage. */
  probe: LinearProbeReport | null;
  sets: BaselineSetResult[];
  seconds: number;
}

/** Per-video features the baselines compare. */
interface VideoFeatures {
  meanFrame: Float32Array;
  title: SparseVector;
  probe: Float32Array; // the probe's embedding
  tags: Set<string> | null;
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
    const trainRows = strideRows(train.size, opts.maxTrainVideos ?? 20_000);
    const titleTfidf = CharTfidf.fit(
      trainRows.map((r) => train.titles[r]),
      { ngrams: [1, 2] },
    );
    const trainFrames = await meanFrames(train, trainRows);
    const F = trainFrames[0]?.length ?? 0;
    const frameMean = new Float64Array(F);
    for (const m of trainFrames) for (let d = 0; d < F; d++) frameMean[d] += m[d] / trainFrames.length;
    log(`[eval] baselines: ${trainRows.length} training videos, title n-grams ${titleTfidf.size}`);
    const fitted = opts.probe
      ? { probe: opts.probe, report: null }
      : await fitStoreProbe(storeDir, {
          maxTrainVideos: opts.maxTrainVideos,
          tags: opts.probeTags,
          svdComponents: opts.svdComponents,
          lambdas: opts.ridgeLambdas,
        });
    const probe = fitted.probe;
    log(
      fitted.report
        ? `[eval] linear probe: ${describeProbe(fitted.report)}`
        : `[eval] linear probe: the pointwise stage's (${probe.dims}-d)`,
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
          const tags = set.tagIds[r];
          feats.set(v, {
            meanFrame: frames[i],
            title: titleTfidf.transform(set.titles[r]),
            probe: probe.embed({ meanFrame: frames[i], title: set.titles[r], asr: set.asrTexts[r] }),
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
      probe: fitted.report,
      sets,
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await train.close();
  }
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

/** One line on a fitted probe: inputs, tags, lambda, hold-out cosine, dims and the energy they keep. */
export function describeProbe(r: LinearProbeReport): string {
  return `${r.videos} videos, ${r.inputs} inputs -> ${r.tags} tags + ${r.categories} categories, lambda ${r.lambda.toExponential(1)}, hold-out cosine(prediction, tags) ${r.holdoutCosine.toFixed(3)}, ${r.dims}-d embedding keeping ${(100 * r.energy).toFixed(1)}% of the predictions' energy`;
}
