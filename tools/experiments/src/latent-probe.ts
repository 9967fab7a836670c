/**
 * How far could a linear map of the probe's inputs go on a synthetic corpus? Fits the linear probe's ridge (same
 * inputs: standardised mean frame + SVD of title/ASR TF-IDF, on the pointwise videos) to the generator's latent
 * vector instead of the tags, and prints its Spearman on every labelled test set beside the probe's, the run's
 * submitted embedding (its result.zip, when submit ran) and the latent ceiling, on all pairs and on the pairs whose
 * two videos both show content never seen in training. Synthetic corpora only (it regenerates the latents).
 *
 *   tsx tools/experiments/src/latent-probe.ts [--run demo]
 */
import * as fs from 'fs';
import * as path from 'path';
import { cosine } from '@vidsim/core';
import { VideoSet } from '@vidsim/data-prep';
import { fitLinearProbe, LinearProbe } from '@vidsim/linear-probe';
import {
  bootstrapSpearman,
  bootstrapSpearmanGain,
  formatInterval,
  parseLabelTsv,
  readSubmission,
  type LabelPair,
} from '@vidsim/spearman-eval';
import { loadRunArg } from '@vidsim/run-config';
import { RUN_FILES } from '@vidsim/run-layout';
import {
  buildCorpusWorld,
  buildPairGraph,
  isUnseen,
  latentSimilarity,
  latentVector,
  presetConfig,
  standaloneLatent,
  testGraphs,
  videoId,
  type VideoLatent,
} from '@vidsim/synthetic-corpus';
import { meanFrames } from '@vidsim/pipeline';

const TOPICS = 20; // N_TOPICS of the synthetic world

async function main(argv: string[]): Promise<void> {
  const run = argv.includes('--run') ? argv[argv.indexOf('--run') + 1] : 'demo';
  const config = loadRunArg(run);
  if (config.corpus.source !== 'synthetic') throw new Error(`run ${run}: latent-probe needs a synthetic corpus`);
  const corpus = presetConfig(config.corpus.preset, { seed: config.corpus.seed, style: config.corpus.style });
  const root = path.join('artifacts', config.name);
  const store = path.join(root, 'prepare');
  const world = buildCorpusWorld(corpus);
  const graph = buildPairGraph(world, corpus.seed, corpus.pairwiseVideos, corpus.pointwiseVideos);
  const tests = testGraphs(world, corpus, corpus.pointwiseVideos + graph.latents.length);
  const latentOf = new Map<string, VideoLatent>();
  for (const g of [graph, ...tests]) for (const l of g.latents) latentOf.set(videoId(world.seed, l.index), l);

  const train = await VideoSet.open(store, 'pointwise');
  const rows = Array.from({ length: train.size }, (_, i) => i);
  const frames = await meanFrames(train, rows);
  // pointwise videos are the generator's videos 0 .. pointwiseVideos-1; match them by id, not by store order
  const pointwiseLatent = new Map<string, VideoLatent>();
  for (let i = 0; i < corpus.pointwiseVideos; i++)
    pointwiseLatent.set(videoId(world.seed, i), standaloneLatent(world, i));
  const trainLatent = rows.map((r) => {
    const l = pointwiseLatent.get(train.ids[r]);
    if (!l) throw new Error(`pointwise row ${r}: id ${train.ids[r]} is no pointwise video of the generator`);
    return l;
  });
  const videos = rows.map((r, i) => ({
    meanFrame: frames[i],
    title: train.titles[r],
    asr: train.asrTexts[r],
    tags: [],
  }));
  // the same training videos as the run's probe: the pairwise ones too when the run trained on them
  if (config.pointwise.withPairwiseVideos) {
    const pairwise = await VideoSet.open(store, 'pairwise');
    const pr = Array.from({ length: pairwise.size }, (_, i) => i);
    const pf = await meanFrames(pairwise, pr);
    pr.forEach((r, i) => {
      const l = latentOf.get(pairwise.ids[r]);
      if (!l) throw new Error(`pairwise row ${r}: id ${pairwise.ids[r]} is no pairwise video of the generator`);
      videos.push({ meanFrame: pf[i], title: pairwise.titles[r], asr: pairwise.asrTexts[r], tags: [] });
      trainLatent.push(l);
    });
    await pairwise.close();
  }
  const t0 = Date.now();
  const { probe: oracle, report } = fitLinearProbe(videos, {
    targets: trainLatent.map((l) => latentVector(l, TOPICS)),
    dims: 64,
  });
  console.log(
    `latent-supervised linear map: ${report.videos} videos, lambda ${report.lambda.toExponential(1)}, hold-out cosine ${report.holdoutCosine.toFixed(3)} (${((Date.now() - t0) / 1000).toFixed(0)}s)`,
  );
  const probeFile = path.join(root, 'pointwise', RUN_FILES.linearProbe);
  const probe = fs.existsSync(probeFile) ? LinearProbe.load(probeFile) : null;
  for (const set of ['test_a', 'test_b']) {
    const labelFile = path.join(root, 'corpus', set, 'label.tsv');
    if (!fs.existsSync(labelFile)) continue;
    const pairs = parseLabelTsv(fs.readFileSync(labelFile, 'utf8'), labelFile);
    const vs = await VideoSet.open(store, set);
    const vids = [...new Set(pairs.flatMap((p) => [p.query, p.candidate]))];
    const vrows = vids.map((v) => vs.row(v));
    const f = await meanFrames(vs, vrows);
    const input = new Map(
      vids.map((v, i) => [v, { meanFrame: f[i], title: vs.titles[vrows[i]], asr: vs.asrTexts[vrows[i]] }]),
    );
    const latent = (p: LabelPair) => latentSimilarity(latentOf.get(p.query)!, latentOf.get(p.candidate)!);
    const cosOf = (e: Map<string, Float32Array>) => (p: LabelPair) => cosine(e.get(p.query)!, e.get(p.candidate)!);
    const embedAll = (m: LinearProbe) => new Map([...input].map(([v, x]) => [v, m.embed(x)]));
    const scorers: Array<[string, (p: LabelPair) => number]> = [
      ['latent ceiling', latent],
      ['linear map supervised by the latent', cosOf(embedAll(oracle))],
    ];
    if (probe) scorers.push(['linear probe (tags + categories)', cosOf(embedAll(probe))]);
    const zip = path.join(root, 'submit', set, 'result.zip');
    if (fs.existsSync(zip)) scorers.push(['submitted embedding (result.zip)', cosOf(await readSubmission(zip))]);
    const unseen = pairs.filter((p) => isUnseen(latentOf.get(p.query)!) && isUnseen(latentOf.get(p.candidate)!));
    for (const [subset, ps] of [
      ['all pairs', pairs],
      ['both videos unseen content', unseen],
    ] as const) {
      console.log(`${set}, ${subset} (${ps.length} pairs)`);
      const y = ps.map((p) => p.relevance);
      const scores = scorers.map(([name, f]) => [name, ps.map(f)] as const);
      for (const [name, c] of scores) console.log(`  ${name.padEnd(38)} ${formatInterval(bootstrapSpearman(c, y))}`);
      const probeScore = scores.find(([n]) => n.startsWith('linear probe'))?.[1];
      const submitted = scores.find(([n]) => n.startsWith('submitted'))?.[1];
      if (probeScore && submitted)
        console.log(
          `    submitted minus probe                ${formatInterval(bootstrapSpearmanGain(submitted, probeScore, y))}`,
        );
    }
    await vs.close();
  }
  await train.close();
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
