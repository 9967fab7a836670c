import * as path from 'path';
import { encodeTags, VideoSet } from '@vidsim/data-prep';
import { buildTowerFromPretrain, FusionTower, saveTower, towerVariables, type TagTargets, type TowerBatch } from '@vidsim/fusion-model';
import { loadPretrainedBert } from '@vidsim/bert';
import { evaluateEmbeddings } from '@vidsim/spearman-eval';
import { LogUniformSampler } from '@vidsim/tag-sampler';
import { GroupedAdam, trainLoop, warmupPolynomialDecay, type TrainData } from '@vidsim/trainer';
import { Rng } from '@vidsim/core';
import { tf } from '@vidsim/tf-runtime';
import { chunkShuffledPlans } from '../data/plans';
import { disposeTowerBatch, loadVideoRows, toTowerBatch } from '../data/tower-batch';
import { embedSet } from '../model/embed';
import { towerConfig } from '../model/tower-config';
import type { StageContext } from './context';
import { loadPairs, loadTagVocab, loadWordVectors, storeDir, titleFeaturizer } from './data-sources';

export const TOWER_FILE = 'model.safetensors';

/**
 * Pointwise tag training (reference-solution.md §3): the fusion tower over the pointwise set with the sampled
 * softmax over each positive tag and 1000 log-uniform negatives (or the sigmoid ablation); BERT at 3e-5 and the
 * rest at 5e-4, each group clipped to global norm 1; the per-epoch sawtooth schedule; zero-shot Spearman of the
 * embeddings' cosine over every labelled pair at the end of each epoch.
 */
export async function runPointwise(ctx: StageContext): Promise<void> {
  const t0 = Date.now();
  const c = ctx.config.pointwise;
  for (const s of ['prepare', 'features', 'pretrain'] as const) ctx.artifacts.requireStage(s, 'pointwise');
  const out = await ctx.artifacts.resetStage('pointwise', ctx.resume);
  const tags = loadTagVocab(ctx);
  const text = titleFeaturizer(ctx);
  const config = towerConfig(ctx.config, { tagVocabSize: tags.size, wordVocabSize: text.wordVocab!.size });
  const tower = await buildTower(ctx, config, await loadWordVectors(ctx));
  const train = await VideoSet.open(storeDir(ctx), 'pointwise');
  const pairwise = await VideoSet.open(storeDir(ctx), 'pairwise', { cacheBatches: 1 << 20 });
  const pairs = await loadPairs(ctx);
  const pairVids = [...new Set(pairs.flatMap((p) => [p.query, p.candidate]))];
  const maxTags = ctx.config.features.maxTags;

  const data: TrainData<number[], { batch: TowerBatch; targets: TagTargets; size: number }> = {
    plans: (_epoch, rng) => chunkShuffledPlans(train.chunks, c.batchSize, rng),
    load: async (rows, rng) => {
      const batch = toTowerBatch(await loadVideoRows(train, rows, text), train, text);
      const positives = new Int32Array(rows.length * maxTags);
      rows.forEach((r, i) => positives.set(encodeTags(tags, train.tagIds[r], maxTags), i * maxTags));
      const targets: TagTargets = { positives: tf.tensor2d(positives, [rows.length, maxTags], 'int32') };
      if (config.tagLoss === 'softmax') {
        // a fresh draw per example and step (reference: per example, before batching), from the step's own RNG
        const sampler = new LogUniformSampler({ rangeMax: tags.size - 2, seed: rng.uint32() | 0 });
        targets.negatives = tf.tensor2d(sampler.sampleBatch(rows.length, config.numNegatives), [rows.length, config.numNegatives], 'int32');
      }
      return { batch, targets, size: rows.length };
    },
    size: (b) => b.size,
    dispose: (b) => { disposeTowerBatch(b.batch); tf.dispose([b.targets.positives, ...(b.targets.negatives ? [b.targets.negatives] : [])]); },
  };
  const stepsPerEpoch = data.plans(0, new Rng(0)).length;
  const totalSteps = stepsPerEpoch * c.epochs;
  const schedule = (lr: number) => warmupPolynomialDecay({
    lr, totalSteps, endLr: c.endLr, warmupProportion: c.warmupProportion,
    ...(c.decayEpochs > 0 ? { decaySteps: c.decayEpochs * stepsPerEpoch, cycle: true } : {}),
  });
  const groups = tower.trainableVariables();
  const optimizer = new GroupedAdam([
    { name: 'head', variables: groups.head, schedule: schedule(c.lrHead), clipNorm: c.clipNorm },
    { name: 'bert', variables: groups.bert, schedule: schedule(c.lrBert), clipNorm: c.clipNorm },
  ]);
  const zeroShot: number[] = [];
  const pairRows = pairVids.map((v) => pairwise.row(v));
  const summary = await trainLoop({
    stage: 'pointwise', outDir: out, seed: ctx.config.seed, epochs: c.epochs, data, optimizer,
    variables: towerVariables(tower),
    checkpointEvery: c.checkpointEvery, resume: ctx.resume, log: ctx.log,
    loss: (b) => tower.loss(b.batch, b.targets, { training: true }),
    onEpochEnd: async () => {
      const emb = await embedSet(tower, pairwise, text, { rows: pairRows });
      const r = evaluateEmbeddings(emb, pairs);
      zeroShot.push(r.spearman);
      return { zeroShotSpearman: r.spearman };
    },
  });
  await saveTower(path.join(out, TOWER_FILE), tower);
  const params = tower.countParams();
  optimizer.dispose();
  tower.dispose();
  await Promise.all([train.close(), pairwise.close()]);
  await ctx.artifacts.completeStage('pointwise', {
    seconds: (Date.now() - t0) / 1000, backend: ctx.backend.name, config: { pointwise: c, model: config },
    results: { steps: summary.steps, finalLoss: summary.lastLoss, zeroShotSpearman: zeroShot, videos: train.size, params, resumedFrom: summary.resumedFrom ?? null },
  });
}

/** From the pretrain stage when it ran; otherwise from `pretrain.init` (a Hugging Face folder) or scratch. */
async function buildTower(ctx: StageContext, config: ReturnType<typeof towerConfig>, wordVectors: Float32Array): Promise<FusionTower> {
  if (ctx.config.pretrain.enabled) return buildTowerFromPretrain(config, ctx.artifacts.dir('pretrain'), wordVectors);
  if (ctx.config.pretrain.init === 'scratch') return new FusionTower(config, { wordVectors });
  return new FusionTower(config, { wordVectors, bert: (await loadPretrainedBert(ctx.config.pretrain.init, { allowUnexpected: true })).bert });
}
