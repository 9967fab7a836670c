import { REAL_LABEL_COUNTS } from './facts';
import { cosine } from '@vidsim/core';
import { charBowCosine, sharedCount, spearman } from './baselines';
import { textViewSimilarity, visionViewSimilarity } from './latent';
import type { PairGraph } from './pairs';
import { CorpusRng } from './rng';
import type { World } from './world';

/** What the report needs of each pairwise video it scores. */
export interface PairVideoFeatures {
  meanFrame: Float32Array; // [FRAME_DIM]
  title: string;
  tagIds: number[];
}

export interface LabelLevelShare {
  level: number;
  relevance: number;
  synthetic: number; // share of pairs, 0..1
  real: number;
}

export interface TextLengthStats {
  videos: number;
  title: { p50: number; p95: number; max: number };
  asr: { p50: number; p95: number; max: number; emptyShare: number };
  frames: { p50: number; p95: number; max: number };
}

export type PairScores = CorpusReport['spearman'];

/** Realistic corpus: each labelled test set, its share of unseen content and its ceiling / generator baselines. */
export interface TestSetReport {
  set: string;
  videos: number;
  pairs: number;
  /** Videos whose subtopic never occurs in pointwise / pairwise videos. */
  unseenVideoShare: number;
  /** Pairs whose two videos are both unseen content. */
  unseenPairShare: number;
  spearman: PairScores;
  /** Oracle over the unseen-only pairs. */
  unseenOracle: number;
}

export interface CorpusReport {
  preset: string;
  /** 'classic' when absent (reports written before the realistic corpus). */
  style?: 'realistic' | 'classic';
  seed: number;
  counts: {
    pointwise: number;
    pairwiseVideos: number;
    pairs: number;
    queries: number;
    testA: number;
    testB: number;
    tagVocab: number;
  };
  /** Spearman of each score against the labels, over `scoredPairs` pairs. */
  spearman: {
    oracle: number;
    textViewOracle: number;
    visionViewOracle: number;
    random: number;
    frameMeanCosine: number;
    titleCharBowCosine: number;
    sharedTagCount: number;
  };
  scoredPairs: number;
  labelHistogram: LabelLevelShare[];
  graph: { largestComponentVideos: number; largestComponentPairShare: number; maxDegree: number; components: number };
  seconds: number;
  /** Realistic corpus: labelled test pairs (test_a/label.tsv, test_b/label.tsv). */
  test?: { unseenTestShare: number; sets: TestSetReport[] };
  lengths?: TextLengthStats;
}

/** Scores the first `features.size`-covered pairs; pairs whose videos lack features are skipped. */
export function computeReport(
  world: World,
  graph: PairGraph,
  features: Map<number, PairVideoFeatures>,
  meta: Pick<CorpusReport, 'preset' | 'seed' | 'counts' | 'seconds'>,
): CorpusReport {
  const { spearman, scoredPairs } = scorePairs(world, graph, features);
  const total = REAL_LABEL_COUNTS.reduce((s, c) => s + c, 0);
  const synth = new Array<number>(21).fill(0);
  for (const p of graph.pairs) synth[p.level]++;
  return {
    ...meta,
    spearman,
    scoredPairs,
    labelHistogram: synth.map((n, level) => ({
      level,
      relevance: level / 20,
      synthetic: n / Math.max(1, graph.pairs.length),
      real: REAL_LABEL_COUNTS[level] / total,
    })),
    graph: graphStats(graph),
  };
}

/** Oracles and generator-side baselines of a graph's pairs (those whose videos have features). */
export function scorePairs(
  world: World,
  graph: PairGraph,
  features: Map<number, PairVideoFeatures>,
): { spearman: PairScores; scoredPairs: number } {
  const rng = new CorpusRng(world.seed, 0x2e9);
  const labels: number[] = [];
  const cols = {
    oracle: [] as number[],
    text: [] as number[],
    vision: [] as number[],
    random: [] as number[],
    frame: [] as number[],
    title: [] as number[],
    tags: [] as number[],
  };
  for (const p of graph.pairs) {
    const a = features.get(p.query);
    const b = features.get(p.candidate);
    if (!a || !b) continue;
    const la = graph.latents[p.query];
    const lb = graph.latents[p.candidate];
    labels.push(p.level / 20);
    cols.oracle.push(p.similarity);
    cols.text.push(textViewSimilarity(world, la, lb));
    cols.vision.push(visionViewSimilarity(world, la, lb));
    cols.random.push(rng.next());
    cols.frame.push(cosine(a.meanFrame, b.meanFrame));
    cols.title.push(charBowCosine(a.title, b.title));
    cols.tags.push(sharedCount(a.tagIds, b.tagIds));
  }
  return {
    spearman: {
      oracle: spearman(cols.oracle, labels),
      textViewOracle: spearman(cols.text, labels),
      visionViewOracle: spearman(cols.vision, labels),
      random: spearman(cols.random, labels),
      frameMeanCosine: spearman(cols.frame, labels),
      titleCharBowCosine: spearman(cols.title, labels),
      sharedTagCount: spearman(cols.tags, labels),
    },
    scoredPairs: labels.length,
  };
}

function graphStats(g: PairGraph): CorpusReport['graph'] {
  const parent = g.latents.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const degree = new Array<number>(g.latents.length).fill(0);
  for (const p of g.pairs) {
    parent[find(p.query)] = find(p.candidate);
    degree[p.query]++;
    degree[p.candidate]++;
  }
  const size = new Map<number, number>();
  g.latents.forEach((_, i) => size.set(find(i), (size.get(find(i)) ?? 0) + 1));
  let root = -1;
  let best = 0;
  for (const [r, n] of size) if (n > best) [root, best] = [r, n];
  const inLargest = g.pairs.filter((p) => find(p.query) === root).length;
  return {
    largestComponentVideos: best,
    largestComponentPairShare: inLargest / Math.max(1, g.pairs.length),
    maxDegree: Math.max(0, ...degree),
    components: size.size,
  };
}

/** The short table the CLI prints. */
export function formatReport(r: CorpusReport): string {
  const s = r.spearman;
  const row = (name: string, v: number) => `  ${name.padEnd(34)} ${v.toFixed(4)}`;
  const c = r.counts;
  return [
    `synthetic corpus '${r.preset}' (seed ${r.seed}): ${c.pointwise} pointwise, ${c.pairwiseVideos} pairwise videos, ${c.pairs} pairs (${c.queries} queries), test_a ${c.testA}, test_b ${c.testB}, ${c.tagVocab} tags, ${r.seconds.toFixed(1)} s`,
    `spearman vs labels over ${r.scoredPairs} pairs:`,
    row('oracle (latent similarity)', s.oracle),
    row('oracle, text-visible latent only', s.textViewOracle),
    row('oracle, vision-visible latent only', s.visionViewOracle),
    row('baseline: mean-pooled frame cosine', s.frameMeanCosine),
    row('baseline: title char bag-of-words', s.titleCharBowCosine),
    row('baseline: shared tag count', s.sharedTagCount),
    row('baseline: random', s.random),
    ...testLines(r),
    `pair graph: largest component ${r.graph.largestComponentVideos} videos, ${(100 * r.graph.largestComponentPairShare).toFixed(1)}% of pairs; max degree ${r.graph.maxDegree}; ${r.graph.components} components`,
  ].join('\n');
}

function testLines(r: CorpusReport): string[] {
  const out: string[] = [];
  for (const t of r.test?.sets ?? []) {
    const s = t.spearman;
    out.push(
      `${t.set} (labelled test pairs, synthetic-only ${t.set}/label.tsv): ${t.pairs} pairs over ${t.videos} videos; unseen content ${(100 * t.unseenVideoShare).toFixed(0)}% of videos, ${(100 * t.unseenPairShare).toFixed(0)}% of pairs both unseen`,
      `  oracle ${s.oracle.toFixed(4)} (unseen-only pairs ${t.unseenOracle.toFixed(4)}), frame cosine ${s.frameMeanCosine.toFixed(4)}, title char bag-of-words ${s.titleCharBowCosine.toFixed(4)}`,
    );
  }
  const l = r.lengths;
  if (l)
    out.push(
      `lengths over ${l.videos} videos: title p50/p95/max ${l.title.p50}/${l.title.p95}/${l.title.max} chars; ASR p50/p95/max ${l.asr.p50}/${l.asr.p95}/${l.asr.max} chars (${(100 * l.asr.emptyShare).toFixed(0)}% empty); frames p50/p95/max ${l.frames.p50}/${l.frames.p95}/${l.frames.max}`,
    );
  return out;
}
