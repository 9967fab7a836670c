/**
 * One training-recipe experiment on an already prepared run (default: demo):
 *
 *   tsx tools/experiments/src/main.ts --name fn-full --set '{"model":{"overrides":{"frameNorm":true}}}' [--data demo]
 *     [--pairwise 0,1,2,3,4] [--compare other-name]
 *
 * Runs pointwise (and the listed pairwise folds) under artifacts/exp-<name>/ reading corpus..pretrain from the
 * --data run, prints the held-out zero-shot Spearman with a bootstrap interval, the stage diagnostics, the
 * out-of-fold Spearman of the folds, and with --compare the paired-bootstrap difference to another experiment.
 * Appends one line per experiment to artifacts/experiments/results.jsonl.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  anisotropy,
  embedSet,
  loadTagVocab,
  makeContext,
  runPairwise,
  runPointwise,
  storeDir,
  titleFeaturizer,
  towerConfig,
  type StageContext,
} from '@vidsim/pipeline';
import { VideoSet } from '@vidsim/data-prep';
import { FusionTower, loadTowerInto } from '@vidsim/fusion-model';
import {
  bootstrapSpearman,
  bootstrapSpearmanGain as bootstrapSpearmanDifference,
  evaluateEmbeddings,
  formatInterval,
  parseLabelTsv,
  type SpearmanInterval as Interval,
} from '@vidsim/spearman-eval';
import { resolveRunConfig, type RunFile } from '@vidsim/run-config';
import { initTf } from '@vidsim/tf-runtime';
import { cosineT, fitTransform } from './whitening';

interface Predictions {
  key: string[];
  relevance: number[];
  cosine: number[];
}

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(argv);
  const name = `exp-${flags.name}`;
  const overrides = JSON.parse(flags.set ?? '{}') as Partial<RunFile>;
  const config = resolveRunConfig({
    preset: (flags.preset ?? 'demo') as RunFile['preset'],
    ...overrides,
    name,
  } as RunFile);
  const folds = flags.pairwise ? flags.pairwise.split(',').map(Number) : [];
  config.pairwise.folds = folds;
  const backend = await initTf({});
  const ctx = makeContext(config, backend, { sharedFrom: flags.data ?? 'demo' });
  const t0 = Date.now();
  if (flags.skip !== 'pointwise') await runPointwise(ctx);
  const pointwiseSeconds = (Date.now() - t0) / 1000;
  for (const fold of folds) await runPairwise(ctx, fold);
  if (flags.all === 'true') await runPairwise(ctx, 'all');
  const root = path.join('artifacts', name);
  const stage = JSON.parse(fs.readFileSync(path.join(root, 'pointwise', 'stage.json'), 'utf8'));
  const zero = readPredictions(path.join(root, 'pointwise', 'zero_shot_predictions.tsv'));
  const row: Record<string, unknown> = {
    name: flags.name,
    set: overrides,
    data: flags.data ?? 'demo',
    pointwiseSeconds,
    totalSeconds: (Date.now() - t0) / 1000,
    zeroShot: bootstrapSpearman(zero.cosine, zero.relevance),
    perEpoch: stage.results.zeroShotSpearman,
    perEpochCentred: stage.results.zeroShotCentredPerEpoch,
    diagnostics: stage.results.diagnostics,
    finalLoss: stage.results.finalLoss,
  };
  if (folds.length) {
    const oof = concat(folds.map((f) => readPredictions(path.join(root, `pairwise-${f}`, 'valid_predictions.tsv'))));
    const zeroOnOof = align(zero, oof.key);
    row.oof = bootstrapSpearman(oof.cosine, oof.relevance);
    row.zeroShotOnFoldPairs = bootstrapSpearman(zeroOnOof.cosine, zeroOnOof.relevance);
    row.pairwiseGain = bootstrapSpearmanDifference(oof.cosine, zeroOnOof.cosine, oof.relevance);
    row.foldPairs = oof.key.length;
  }
  row.test = { pointwise: await scoreTestPairs(ctx, 'pointwise') };
  if (flags.all === 'true')
    (row.test as Record<string, unknown>).pairwiseAll = await scoreTestPairs(ctx, 'pairwise-all');
  if (flags.compare) {
    const other = readPredictions(
      path.join('artifacts', `exp-${flags.compare}`, 'pointwise', 'zero_shot_predictions.tsv'),
    );
    const o = align(other, zero.key);
    row.versus = {
      name: flags.compare,
      difference: bootstrapSpearmanDifference(zero.cosine, o.cosine, zero.relevance),
    };
  }
  fs.mkdirSync('artifacts/experiments', { recursive: true });
  fs.appendFileSync('artifacts/experiments/results.jsonl', JSON.stringify(row) + '\n');
  console.log(report(row));
}

/** A stage's tower on the labelled test pairs of each test set (synthetic corpora ship a label.tsv per test set), pooled. */
async function scoreTestPairs(
  ctx: StageContext,
  stage: 'pointwise' | 'pairwise-all',
): Promise<Record<string, unknown> | null> {
  const text = titleFeaturizer(ctx);
  const tower = new FusionTower(
    towerConfig(ctx.config, { tagVocabSize: loadTagVocab(ctx).size, wordVocabSize: text.wordVocab!.size }),
  );
  await loadTowerInto(path.join(ctx.artifacts.dir(stage), 'model.safetensors'), tower);
  const cos: number[] = [],
    rel: number[] = [];
  const embs: Float32Array[] = [];
  // post-hoc transforms fitted on the pairwise set's videos (never the test videos): centring, shrunk whitening
  const fitSet = await VideoSet.open(storeDir(ctx), 'pairwise');
  const fitEmb = [
    ...(
      await embedSet(tower, fitSet, text, { rows: Array.from({ length: Math.min(fitSet.size, 1500) }, (_, i) => i) })
    ).values(),
  ];
  await fitSet.close();
  const variants = {
    centred: fitTransform(fitEmb, null),
    whiten10: fitTransform(fitEmb, 0.1),
    whiten50: fitTransform(fitEmb, 0.5),
  };
  const variantCos: Record<string, number[]> = { centred: [], whiten10: [], whiten50: [] };
  for (const set of ['test_a', 'test_b']) {
    const file = path.join(ctx.artifacts.corpusDir(), set, 'label.tsv');
    if (!fs.existsSync(file)) continue;
    const pairs = parseLabelTsv(fs.readFileSync(file, 'utf8'), file);
    const videos = await VideoSet.open(storeDir(ctx), set);
    const emb = await embedSet(tower, videos, text);
    await videos.close();
    const r = evaluateEmbeddings(emb, pairs);
    cos.push(...r.cosines);
    for (const [k, t] of Object.entries(variants))
      variantCos[k].push(...pairs.map((p) => cosineT(t, emb.get(p.query)!, emb.get(p.candidate)!)));
    rel.push(...pairs.map((p) => p.relevance));
    embs.push(...emb.values());
  }
  tower.dispose();
  if (!cos.length) return null;
  const posthoc = Object.fromEntries(
    Object.entries(variantCos).map(([k, c]) => [k, bootstrapSpearmanDifference(c, cos, rel)]),
  );
  return {
    spearman: bootstrapSpearman(cos, rel),
    pairs: cos.length,
    meanRandomCosine: anisotropy(embs).meanRandomCosine,
    posthoc,
  };
}

function report(r: Record<string, unknown>): string {
  const iv = (x: unknown) => formatInterval(x as Interval);
  const d = r.diagnostics as {
    tags: Record<string, number>;
    anisotropy: { meanRandomCosine: number; topVarianceShare: { top1: number; top5: number } };
  };
  const lines = [
    `experiment ${r.name}: pointwise ${(r.pointwiseSeconds as number).toFixed(0)} s, total ${(r.totalSeconds as number).toFixed(0)} s`,
    `  zero-shot Spearman (all labelled pairs) ${iv(r.zeroShot)}; per epoch raw ${fmt(r.perEpoch)} centred ${fmt(r.perEpochCentred)}`,
    `  tag loss ratio ${d.tags.lossRatio.toFixed(3)} (held-out ${d.tags.heldOutLoss.toFixed(1)} / chance ${d.tags.chanceLoss.toFixed(1)}); top-10 recall ${d.tags.recallAtK.toFixed(3)} vs frequency ${d.tags.frequencyRecallAtK.toFixed(3)}`,
    `  random-pair cosine ${d.anisotropy.meanRandomCosine.toFixed(3)}; top-1/top-5 variance share ${d.anisotropy.topVarianceShare.top1.toFixed(3)}/${d.anisotropy.topVarianceShare.top5.toFixed(3)}`,
  ];
  if (r.oof)
    lines.push(
      `  out-of-fold ${iv(r.oof)} on ${r.foldPairs} pairs; zero-shot on the same pairs ${iv(r.zeroShotOnFoldPairs)}; pairwise gain ${iv(r.pairwiseGain)}`,
    );
  const t = r.test as Record<string, { spearman: Interval; pairs: number; meanRandomCosine: number } | null>;
  for (const [k, v] of Object.entries(t ?? {})) {
    if (!v) continue;
    lines.push(
      `  test pairs (${k}): ${iv(v.spearman)} on ${v.pairs} pairs; random test-pair cosine ${v.meanRandomCosine.toFixed(3)}`,
    );
    const post = (v as unknown as { posthoc?: Record<string, Interval> }).posthoc ?? {};
    lines.push(
      `    post-hoc vs as-is: ${Object.entries(post)
        .map(([n, d]) => `${n} ${iv(d)}`)
        .join('; ')}`,
    );
  }
  if (r.versus) {
    const v = r.versus as { name: string; difference: Interval };
    lines.push(`  versus ${v.name}: difference ${iv(v.difference)}`);
  }
  return lines.join('\n');
}

const fmt = (xs: unknown) => (Array.isArray(xs) ? xs.map((x: number) => x.toFixed(3)).join(' ') : '-');

function readPredictions(file: string): Predictions {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const out: Predictions = { key: [], relevance: [], cosine: [] };
  for (const l of lines) {
    const [q, c, rel, cos] = l.split('\t');
    out.key.push(`${q}\t${c}`);
    out.relevance.push(Number(rel));
    out.cosine.push(Number(cos));
  }
  return out;
}

function concat(ps: Predictions[]): Predictions {
  return {
    key: ps.flatMap((p) => p.key),
    relevance: ps.flatMap((p) => p.relevance),
    cosine: ps.flatMap((p) => p.cosine),
  };
}

/** `p` reordered to `keys` (every key must be present). */
function align(p: Predictions, keys: string[]): Predictions {
  const at = new Map(p.key.map((k, i) => [k, i]));
  const idx = keys.map((k) => {
    const i = at.get(k);
    if (i === undefined) throw new Error(`pair ${k} missing from the other predictions`);
    return i;
  });
  return { key: keys, relevance: idx.map((i) => p.relevance[i]), cosine: idx.map((i) => p.cosine[i]) };
}

function parseFlags(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined)
      throw new Error(`bad argument '${argv[i]}' (flags: --name --set --data --preset --pairwise --compare --skip)`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  if (!out.name) throw new Error('--name is required');
  return out;
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
