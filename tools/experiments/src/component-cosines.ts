/**
 * Dumps, for every labelled pair of a run (pairwise labels and each synthetic test set), the cosine under each
 * component a stacked embedding could mix: the pointwise tower, the stage's linear probe, and raw input views
 * (centred and standardised mean frame, title / ASR / title+ASR character TF-IDF), plus whether both videos show
 * content unseen in training. Writes artifacts/<run>/experiments/component-cosines.json for mix experiments.
 *
 *   tsx tools/experiments/src/component-cosines.ts [--run demo] [--stage pointwise-dir] [--out dir] [--probe file]
 */
import * as fs from 'fs';
import * as path from 'path';
import { cosine } from '@vidsim/core';
import { VideoSet } from '@vidsim/data-prep';
import { FusionTower, loadTowerInto } from '@vidsim/fusion-model';
import { LinearProbe } from '@vidsim/linear-probe';
import {
  embedSet,
  labelledPairSets,
  loadPairs,
  loadTagVocab,
  makeContext,
  meanFrames,
  storeDir,
  strideRows,
  titleFeaturizer,
  towerConfig,
} from '@vidsim/pipeline';
import { CharTfidf, sparseDot, type LabelPair } from '@vidsim/spearman-eval';
import { loadRunArg } from '@vidsim/run-config';
import { RUN_FILES } from '@vidsim/run-layout';
import {
  buildCorpusWorld,
  buildPairGraph,
  isUnseen,
  presetConfig,
  testGraphs,
  videoId,
  type VideoLatent,
} from '@vidsim/synthetic-corpus';
import { initTf } from '@vidsim/tf-runtime';

async function main(argv: string[]): Promise<void> {
  const flag = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const config = loadRunArg(flag('--run') ?? 'demo');
  const backend = await initTf({});
  const ctx = makeContext(config, backend);
  const store = storeDir(ctx);
  const root = flag('--out') ?? path.join('artifacts', config.name);
  // the pointwise stage whose tower and probe are scored (default: the run's own)
  const stageDir = flag('--stage') ?? ctx.artifacts.dir('pointwise');
  const probes: Record<string, LinearProbe> = {
    probe: LinearProbe.load(path.join(stageDir, RUN_FILES.linearProbe)),
  };
  for (const extra of argv.flatMap((a, i) => (argv[i - 1] === '--probe' ? [a] : [])))
    probes[path.basename(extra, '.json')] = LinearProbe.load(extra);

  const train = await VideoSet.open(store, 'pointwise');
  const trainRows = strideRows(train.size, 20_000);
  const trainFrames = await meanFrames(train, trainRows);
  const F = trainFrames[0].length;
  const mean = new Float64Array(F);
  const sq = new Float64Array(F);
  for (const m of trainFrames)
    for (let d = 0; d < F; d++) {
      mean[d] += m[d] / trainFrames.length;
      sq[d] += (m[d] * m[d]) / trainFrames.length;
    }
  const sd = mean.map((m, d) => Math.sqrt(Math.max(sq[d] - m * m, 1e-12)));
  const titleTfidf = CharTfidf.fit(
    trainRows.map((r) => train.titles[r]),
    { ngrams: [1, 2] },
  );
  const asrTfidf = CharTfidf.fit(
    trainRows.map((r) => train.asrTexts[r]),
    { ngrams: [1, 2] },
  );
  await train.close();

  let latentOf: Map<string, VideoLatent> | null = null;
  if (config.corpus.source === 'synthetic') {
    const corpus = presetConfig(config.corpus.preset, { seed: config.corpus.seed, style: config.corpus.style });
    const world = buildCorpusWorld(corpus);
    const graph = buildPairGraph(world, corpus.seed, corpus.pairwiseVideos, corpus.pointwiseVideos);
    const tests = testGraphs(world, corpus, corpus.pointwiseVideos + graph.latents.length);
    latentOf = new Map();
    for (const g of [graph, ...tests]) for (const l of g.latents) latentOf.set(videoId(world.seed, l.index), l);
  }

  const text = titleFeaturizer(ctx);
  const tower = new FusionTower(
    towerConfig(ctx.config, { tagVocabSize: loadTagVocab(ctx).size, wordVocabSize: text.wordVocab!.size }),
  );
  await loadTowerInto(path.join(stageDir, 'model.safetensors'), tower);

  const out: Record<string, unknown> = {};
  for (const ps of labelledPairSets(ctx, await loadPairs(ctx))) {
    const set = await VideoSet.open(store, ps.storeSet);
    const vids = [...new Set(ps.pairs.flatMap((p) => [p.query, p.candidate]))];
    const rows = vids.map((v) => set.row(v));
    const frames = await meanFrames(set, rows);
    const towerEmb = await embedSet(tower, set, text, { rows });
    const view = new Map(
      vids.map((v, i) => {
        const r = rows[i];
        const input = { meanFrame: frames[i], title: set.titles[r], asr: set.asrTexts[r] };
        const title = titleTfidf.transform(set.titles[r]);
        const asr = asrTfidf.transform(set.asrTexts[r]);
        return [
          v,
          {
            tower: towerEmb.get(v)!,
            probes: Object.fromEntries(Object.entries(probes).map(([k, p]) => [k, p.embed(input)])),
            centred: Float64Array.from(frames[i], (x, d) => x - mean[d]),
            standardised: Float64Array.from(frames[i], (x, d) => (x - mean[d]) / sd[d]),
            title,
            asr,
          },
        ];
      }),
    );
    const cols: Record<string, number[]> = { tower: [], centred: [], standardised: [], title: [], asr: [], text: [] };
    for (const k of Object.keys(probes)) cols[k] = [];
    for (const p of ps.pairs) {
      const a = view.get(p.query)!;
      const b = view.get(p.candidate)!;
      cols.tower.push(cosine(a.tower, b.tower));
      for (const k of Object.keys(probes)) cols[k].push(cosine(a.probes[k], b.probes[k]));
      cols.centred.push(cosine(a.centred, b.centred));
      cols.standardised.push(cosine(a.standardised, b.standardised));
      const tt = sparseDot(a.title, b.title);
      const aa = sparseDot(a.asr, b.asr);
      cols.title.push(tt);
      cols.asr.push(aa);
      cols.text.push((tt + aa) / 2);
    }
    const unseen = latentOf
      ? ps.pairs.map((p: LabelPair) => isUnseen(latentOf!.get(p.query)!) && isUnseen(latentOf!.get(p.candidate)!))
      : null;
    out[ps.name] = { pairs: ps.pairs, cols, unseen };
    // every video of the set (not only the labelled ones), for transductive experiments
    const all = Array.from({ length: set.size }, (_, r) => r);
    const allTower = await embedSet(tower, set, text, { rows: all });
    const allFrames = await meanFrames(set, all);
    const emb = all.map((r, i) => ({
      vid: set.ids[r],
      unseen: latentOf ? isUnseen(latentOf.get(set.ids[r])!) : null,
      tower: [...allTower.get(set.ids[r])!],
      probe: [...probes.probe.embed({ meanFrame: allFrames[i], title: set.titles[r], asr: set.asrTexts[r] })],
    }));
    fs.mkdirSync(path.join(root, 'experiments'), { recursive: true });
    fs.writeFileSync(path.join(root, 'experiments', `embeddings-${ps.name}.json`), JSON.stringify(emb));
    console.log(`${ps.name}: ${ps.pairs.length} pairs`);
    await set.close();
  }
  tower.dispose();
  const file = path.join(root, 'experiments', 'component-cosines.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out));
  console.log(`wrote ${file}`);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
