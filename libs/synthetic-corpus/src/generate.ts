import { promises as fsp } from 'fs';
import * as path from 'path';
import { encodeOfficialExample, TfRecordWriter, type OfficialVideo } from '@vidsim/data-prep';
import { CorpusConfig, validateConfig } from './config';
import { videoId } from './ids';
import { SyntheticCorpusError } from './errors';
import { VideoLatent, sampleLatent } from './latent';
import { PairGraph, buildPairGraph, formatRelevance } from './pairs';
import { renderVideo } from './render';
import { CorpusReport, PairVideoFeatures, computeReport } from './report';
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

/** The latent of pointwise / test video `index`: its own seeded draw, so sets stream in any order. */
export function standaloneLatent(world: World, index: number): VideoLatent {
  return sampleLatent(world, new CorpusRng(world.seed, 0x1a7e, index), index);
}

/** Pointwise videos [from, to) of a corpus, rendered one at a time (the `full` preset never holds them). */
export function* pointwiseVideos(world: World, from: number, to: number): Generator<OfficialVideo> {
  for (let i = from; i < to; i++) yield renderVideo(world, standaloneLatent(world, i), { labelled: true }).video;
}

/**
 * Writes the corpus in the official layout under `outDir` and returns its report (also written, last,
 * as `corpus_report.json`: its presence marks a complete corpus). Files appear only when complete.
 */
export async function generateCorpus(cfg: CorpusConfig, outDir: string, opts: GenerateOptions = {}): Promise<CorpusReport> {
  const config = validateConfig(cfg);
  const t0 = Date.now();
  const world = buildWorld(config.seed, config.tagVocab);
  const graph = buildPairGraph(world, config.seed, config.pairwiseVideos, config.pointwiseVideos);
  const every = opts.progressEvery ?? 1000;
  const emit = opts.onProgress ?? (() => undefined);
  await fsp.rm(path.join(outDir, 'corpus_report.json'), { force: true });

  // pointwise shards: contiguous blocks of the pointwise numbering
  const shards = config.pointwiseShards;
  emit({ status: 'start', set: 'pointwise', videos: config.pointwiseVideos });
  let written = 0;
  for (let s = 0; s < shards; s++) {
    const from = Math.floor((s * config.pointwiseVideos) / shards);
    const to = Math.floor(((s + 1) * config.pointwiseVideos) / shards);
    const file = path.join(outDir, 'pointwise', `pretrain_${s}.tfrecords`);
    await writeSet(file, pointwiseVideos(world, from, to), () => {
      if (++written % every === 0) emit({ status: 'progress', set: 'pointwise', written, videos: config.pointwiseVideos });
    });
  }
  emit({ status: 'done', set: 'pointwise', written, file: path.join(outDir, 'pointwise') });

  const features = await writePairwise(world, graph, config, outDir, emit);

  for (const which of [0, 1] as const) {
    const set: CorpusSet = which === 0 ? 'test_a' : 'test_b';
    const first = testRange(config, graph, which);
    const file = path.join(outDir, set, `${set}.tfrecords`);
    emit({ status: 'start', set, videos: config.testVideos });
    const videos = (function* () {
      for (let i = first; i < first + config.testVideos; i++) yield renderVideo(world, standaloneLatent(world, i), { labelled: false }).video;
    })();
    await writeSet(file, videos, () => undefined);
    emit({ status: 'done', set, written: config.testVideos, file });
  }

  const queries = new Set(graph.pairs.map((p) => p.query)).size;
  const report = computeReport(world, graph, features, {
    preset: config.preset,
    seed: config.seed,
    counts: { pointwise: config.pointwiseVideos, pairwiseVideos: graph.latents.length, pairs: graph.pairs.length, queries, testA: config.testVideos, testB: config.testVideos, tagVocab: config.tagVocab },
    seconds: (Date.now() - t0) / 1000,
  });
  await writeFileAtomic(path.join(outDir, 'corpus_report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

async function writePairwise(world: World, graph: PairGraph, config: CorpusConfig, outDir: string, emit: (e: CorpusProgress) => void): Promise<Map<number, PairVideoFeatures>> {
  const scored = new Set<number>();
  for (const p of graph.pairs.slice(0, config.reportMaxPairs)) scored.add(p.query).add(p.candidate);
  const features = new Map<number, PairVideoFeatures>();
  const file = path.join(outDir, 'pairwise', 'pairwise.tfrecords');
  emit({ status: 'start', set: 'pairwise', videos: graph.latents.length });
  const videos = (function* () {
    for (let i = 0; i < graph.latents.length; i++) {
      const r = renderVideo(world, graph.latents[i], { labelled: true, meanFrame: scored.has(i) });
      if (r.meanFrame) features.set(i, { meanFrame: r.meanFrame, title: r.video.title, tagIds: (r.video.tagIds ?? []).map(Number) });
      yield r.video;
    }
  })();
  await writeSet(file, videos, () => undefined);
  const ids = graph.latents.map((l) => videoIdOf(world, l));
  const tsv = graph.pairs.map((p) => `${ids[p.query]}\t${ids[p.candidate]}\t${formatRelevance(p.level)}\n`).join('');
  await writeFileAtomic(path.join(outDir, 'pairwise', 'label.tsv'), tsv);
  emit({ status: 'done', set: 'pairwise', written: graph.latents.length, file });
  return features;
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
    throw new SyntheticCorpusError(`writing ${file} failed: ${(e as Error).message}`, 'WRITE_FAILED', { file, cause: e });
  }
}
