import { promises as fsp } from 'fs';
import * as path from 'path';
import { encodeOfficialExample, TfRecordWriter, type OfficialVideo } from '@vidsim/data-prep';
import { CorpusConfig, validateConfig } from './config';
import { videoId } from './ids';
import { SyntheticCorpusError } from './errors';
import { VideoLatent, isUnseen, sampleLatent } from './latent';
import { PairGraph, buildPairGraph, formatRelevance } from './pairs';
import { addRealism, withUploadOf } from './realism';
import { frameBase, renderVideo } from './render';
import { CorpusReport, PairVideoFeatures, TextLengthStats, computeReport, scorePairs } from './report';
import { CorpusRng } from './rng';
import { World, buildWorld } from './world';
import { writeFileAtomic } from '@vidsim/core';

export type CorpusSet = 'pointwise' | 'pairwise' | 'test_a' | 'test_b';

export type CorpusProgress =
  | { status: 'start'; set: CorpusSet; videos: number }
  | { status: 'progress'; set: CorpusSet; written: number; videos: number }
  | { status: 'done'; set: CorpusSet; written: number; file: string };

export interface GenerateOptions {
  onProgress?: (e: CorpusProgress) => void;
  /** Progress events every this many videos (default 1000). */
  progressEvery?: number;
}

/** Index ranges of each set in the global video numbering (ids and per-video seeds derive from it). */
function testRange(config: CorpusConfig, graph: PairGraph, which: 0 | 1): number {
  return config.pointwiseVideos + graph.latents.length + which * config.testVideos;
}

/** The world of a corpus config: the classic latent world, plus the realistic nuisances when `style` asks. */
export function buildCorpusWorld(config: CorpusConfig): World {
  const world = buildWorld(config.seed, config.tagVocab);
  if (config.style === 'realistic')
    addRealism(world, config.uploaders, config.pointwiseVideos + config.pairwiseVideos, (x) => frameBase(world, x));
  return world;
}

/** The latent of pointwise / (classic) test video `index`: its own seeded draw, so sets stream in any order. */
export function standaloneLatent(world: World, index: number): VideoLatent {
  const rng = new CorpusRng(world.seed, 0x1a7e, index);
  return withUploadOf(world, rng, sampleLatent(world, rng, index));
}

/** Realistic test sets: a pair graph each (own stream), content partly from unseen subtopics, never training stories. */
export function testGraphs(world: World, config: CorpusConfig, firstIndex: number): [PairGraph, PairGraph] {
  const a = buildPairGraph(world, config.seed, config.testVideos, firstIndex, {
    stream: 1,
    unseenShare: config.unseenTestShare,
  });
  const b = buildPairGraph(world, config.seed, config.testVideos, firstIndex + a.latents.length, {
    stream: 2,
    unseenShare: config.unseenTestShare,
  });
  return [a, b];
}

/** Pointwise videos [from, to) of a corpus, rendered one at a time (the `full` preset never holds them). */
export function* pointwiseVideos(world: World, from: number, to: number): Generator<OfficialVideo> {
  for (let i = from; i < to; i++) yield renderVideo(world, standaloneLatent(world, i), { labelled: true }).video;
}

/**
 * Writes the corpus in the official layout under `outDir` and returns its report (also written, last,
 * as `corpus_report.json`: its presence marks a complete corpus). Files appear only when complete.
 */
export async function generateCorpus(
  cfg: CorpusConfig,
  outDir: string,
  opts: GenerateOptions = {},
): Promise<CorpusReport> {
  const config = validateConfig(cfg);
  const t0 = Date.now();
  const world = buildCorpusWorld(config);
  const graph = buildPairGraph(world, config.seed, config.pairwiseVideos, config.pointwiseVideos);
  const every = opts.progressEvery ?? 1000;
  const emit = opts.onProgress ?? (() => undefined);
  await fsp.rm(path.join(outDir, 'corpus_report.json'), { force: true });

  const lengths = new TextLengths();
  // pointwise shards: contiguous blocks of the pointwise numbering
  const shards = config.pointwiseShards;
  emit({ status: 'start', set: 'pointwise', videos: config.pointwiseVideos });
  let written = 0;
  for (let s = 0; s < shards; s++) {
    const from = Math.floor((s * config.pointwiseVideos) / shards);
    const to = Math.floor(((s + 1) * config.pointwiseVideos) / shards);
    const file = path.join(outDir, 'pointwise', `pretrain_${s}.tfrecords`);
    const counted = (function* () {
      for (const v of pointwiseVideos(world, from, to)) {
        lengths.add(v);
        yield v;
      }
    })();
    await writeSet(file, counted, () => {
      if (++written % every === 0)
        emit({ status: 'progress', set: 'pointwise', written, videos: config.pointwiseVideos });
    });
  }
  emit({ status: 'done', set: 'pointwise', written, file: path.join(outDir, 'pointwise') });

  const features = await writePairwise(world, graph, config, outDir, emit, lengths);
  if (config.style === 'realistic') return finishRealistic(world, graph, features, config, outDir, emit, lengths, t0);

  for (const which of [0, 1] as const) {
    const set: CorpusSet = which === 0 ? 'test_a' : 'test_b';
    const first = testRange(config, graph, which);
    const file = path.join(outDir, set, `${set}.tfrecords`);
    emit({ status: 'start', set, videos: config.testVideos });
    const videos = (function* () {
      for (let i = first; i < first + config.testVideos; i++)
        yield renderVideo(world, standaloneLatent(world, i), { labelled: false }).video;
    })();
    await writeSet(file, videos, () => undefined);
    emit({ status: 'done', set, written: config.testVideos, file });
  }

  return writeReport(world, graph, features, config, [config.testVideos, config.testVideos], t0, outDir);
}

/** Writes a graph's videos as `<set>/<set>.tfrecords` and its pairs as `<set>/label.tsv`; returns the report's features. */
async function writeGraphSet(
  world: World,
  graph: PairGraph,
  set: CorpusSet,
  maxPairs: number,
  outDir: string,
  emit: (e: CorpusProgress) => void,
  lengths: TextLengths,
): Promise<Map<number, PairVideoFeatures>> {
  const scored = new Set<number>();
  for (const p of graph.pairs.slice(0, maxPairs)) scored.add(p.query).add(p.candidate);
  const features = new Map<number, PairVideoFeatures>();
  const file = path.join(outDir, set, `${set}.tfrecords`);
  const labelled = set === 'pairwise';
  emit({ status: 'start', set, videos: graph.latents.length });
  const videos = (function* () {
    for (let i = 0; i < graph.latents.length; i++) {
      const r = renderVideo(world, graph.latents[i], { labelled, meanFrame: scored.has(i) });
      if (r.meanFrame)
        features.set(i, { meanFrame: r.meanFrame, title: r.video.title, tagIds: (r.video.tagIds ?? []).map(Number) });
      lengths.add(r.video);
      yield r.video;
    }
  })();
  await writeSet(file, videos, () => undefined);
  const ids = graph.latents.map((l) => videoIdOf(world, l));
  const tsv = graph.pairs.map((p) => `${ids[p.query]}\t${ids[p.candidate]}\t${formatRelevance(p.level)}\n`).join('');
  await writeFileAtomic(path.join(outDir, set, 'label.tsv'), tsv);
  emit({ status: 'done', set, written: graph.latents.length, file });
  return features;
}

function writePairwise(
  world: World,
  graph: PairGraph,
  config: CorpusConfig,
  outDir: string,
  emit: (e: CorpusProgress) => void,
  lengths: TextLengths,
): Promise<Map<number, PairVideoFeatures>> {
  return writeGraphSet(world, graph, 'pairwise', config.reportMaxPairs, outDir, emit, lengths);
}

/** Realistic corpus: labelled test graphs (test_a/label.tsv, test_b/label.tsv: a synthetic-only extra), then the report. */
async function finishRealistic(
  world: World,
  graph: PairGraph,
  features: Map<number, PairVideoFeatures>,
  config: CorpusConfig,
  outDir: string,
  emit: (e: CorpusProgress) => void,
  lengths: TextLengths,
  t0: number,
): Promise<CorpusReport> {
  const tests = testGraphs(world, config, config.pointwiseVideos + graph.latents.length);
  const testScores: NonNullable<CorpusReport['test']>['sets'] = [];
  for (const [which, g] of tests.entries()) {
    const set: CorpusSet = which === 0 ? 'test_a' : 'test_b';
    const f = await writeGraphSet(world, g, set, config.reportMaxPairs, outDir, emit, lengths);
    const unseenVideos = g.latents.filter(isUnseen).length;
    const unseenPairs = g.pairs.filter((p) => isUnseen(g.latents[p.query]) && isUnseen(g.latents[p.candidate])).length;
    const unseenScore = scorePairs(
      world,
      {
        latents: g.latents,
        pairs: g.pairs.filter((p) => isUnseen(g.latents[p.query]) && isUnseen(g.latents[p.candidate])),
      },
      f,
    );
    testScores.push({
      set,
      videos: g.latents.length,
      pairs: g.pairs.length,
      unseenVideoShare: unseenVideos / g.latents.length,
      unseenPairShare: unseenPairs / Math.max(1, g.pairs.length),
      spearman: scorePairs(world, g, f).spearman,
      unseenOracle: unseenScore.spearman.oracle,
    });
  }
  return writeReport(world, graph, features, config, [tests[0].latents.length, tests[1].latents.length], t0, outDir, {
    style: 'realistic',
    test: { unseenTestShare: config.unseenTestShare, sets: testScores },
    lengths: lengths.stats(),
  });
}

/** The corpus report (ceiling and baselines on the pairwise graph's pairs, set sizes), written as corpus_report.json. */
async function writeReport(
  world: World,
  graph: PairGraph,
  features: Map<number, PairVideoFeatures>,
  config: CorpusConfig,
  testCounts: [number, number],
  t0: number,
  outDir: string,
  extra: Partial<CorpusReport> = {},
): Promise<CorpusReport> {
  const report = computeReport(world, graph, features, {
    preset: config.preset,
    seed: config.seed,
    counts: {
      pointwise: config.pointwiseVideos,
      pairwiseVideos: graph.latents.length,
      pairs: graph.pairs.length,
      queries: new Set(graph.pairs.map((p) => p.query)).size,
      testA: testCounts[0],
      testB: testCounts[1],
      tagVocab: config.tagVocab,
    },
    seconds: (Date.now() - t0) / 1000,
  });
  Object.assign(report, extra);
  await writeFileAtomic(path.join(outDir, 'corpus_report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** Title / ASR character counts and frame counts of every written video (pointwise lengths come from the same laws). */
class TextLengths {
  private titles: number[] = [];
  private asr: number[] = [];
  private frames: number[] = [];

  add(v: OfficialVideo): void {
    this.titles.push([...v.title].length);
    this.asr.push([...v.asrText].length);
    this.frames.push(v.frames.length);
  }

  stats(): TextLengthStats {
    const q = (xs: number[], p: number) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0;
    };
    const summary = (xs: number[]) => ({ p50: q(xs, 0.5), p95: q(xs, 0.95), max: xs.length ? Math.max(...xs) : 0 });
    return {
      videos: this.titles.length,
      title: summary(this.titles),
      asr: { ...summary(this.asr), emptyShare: this.asr.filter((n) => n === 0).length / Math.max(1, this.asr.length) },
      frames: summary(this.frames),
    };
  }
}

function videoIdOf(world: World, l: VideoLatent): string {
  return videoId(world.seed, l.index);
}

async function writeSet(file: string, videos: Iterable<OfficialVideo>, onVideo: () => void): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  let writer: TfRecordWriter | undefined;
  try {
    writer = await TfRecordWriter.open(file);
    for (const v of videos) {
      await writer.write(encodeOfficialExample(v));
      onVideo();
    }
    await writer.close();
  } catch (e) {
    await writer?.abort();
    throw new SyntheticCorpusError(`writing ${file} failed: ${(e as Error).message}`, 'WRITE_FAILED', {
      file,
      cause: e,
    });
  }
}
