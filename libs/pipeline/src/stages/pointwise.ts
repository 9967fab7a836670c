import * as fs from 'fs';
import * as path from 'path';
import { encodeTags, VideoSet } from '@vidsim/data-prep';
import {
  buildTowerFromPretrain,
  FusionTower,
  saveTower,
  towerVariables,
  type TagTargets,
  type TowerBatch,
} from '@vidsim/fusion-model';
import { loadPretrainedBert } from '@vidsim/bert';
import { evaluateEmbeddings, type LabelPair } from '@vidsim/spearman-eval';
import { RUN_FILES } from '@vidsim/run-layout';
import { LogUniformSampler } from '@vidsim/tag-sampler';
import { GroupedAdam, trainLoop, warmupPolynomialDecay, type TrainData } from '@vidsim/trainer';
import { Rng } from '@vidsim/core';
import { tf } from '@vidsim/tf-runtime';
import { multiSetPlans, type SourcePlan } from '../data/plans';
import { disposeTowerBatch, loadVideoRows, toTowerBatch } from '../data/tower-batch';
import { fitFrameStats } from '../data/frame-stats';
import { anisotropy, meanEmbedding, recentTrainLoss, tagDiagnostics } from '../model/diagnostics';
import { embedSet } from '../model/embed';
import { describeProbe } from '../eval/baselines';
import { stackAll } from '../model/stacking';
import { fitStoreProbe, probeEmbedSet } from '../model/store-probe';
import { strideRows } from '../data/mean-frames';
import { hashUnit } from '../data/hash-unit';
import { towerConfig } from '../model/tower-config';
import type { StageContext } from './context';
import { loadPairs, loadTagVocab, loadWordVectors, storeDir, titleFeaturizer } from './data-sources';

export const TOWER_FILE = 'model.safetensors';

/**
 * Share of the pointwise videos kept out of training for the tag diagnostics when the pairwise videos train too, and
 * at most this many (a tenth of the real 1M would take 100k videos from training for a diagnostic).
 */
export const DIAGNOSTIC_SHARE = 0.1;
export const DIAGNOSTIC_MAX_VIDEOS = 5000;

/**
 * Pointwise tag training (reference-solution.md §3): the fusion tower over the pointwise set with the sampled
 * softmax over each positive tag and 1000 log-uniform negatives (or the sigmoid ablation); BERT at 3e-5 and the
 * rest at 5e-4, each group clipped to global norm 1; the per-epoch sawtooth schedule; zero-shot Spearman of the
 * embeddings' cosine over every labelled pair at the end of each epoch. With `withPairwiseVideos` (demo, tiny) the
 * pairwise set's videos and tags train too, and the diagnostics move to held-out pointwise videos.
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
  // with the pairwise videos in training, the tag diagnostics need videos no stage trained on: a tenth of the pointwise
  // set, at most DIAGNOSTIC_MAX_VIDEOS
  const share = Math.min(DIAGNOSTIC_SHARE, DIAGNOSTIC_MAX_VIDEOS / Math.max(1, train.size));
  const heldOutRows = c.withPairwiseVideos ? train.ids.flatMap((v, r) => (hashUnit(v) < share ? [r] : [])) : [];
  const heldOut = new Set(heldOutRows);
  const sources = c.withPairwiseVideos ? [train, pairwise] : [train];
  if (c.withPairwiseVideos)
    ctx.log(
      `[pointwise] training on ${train.size - heldOutRows.length} pointwise and ${pairwise.size} pairwise videos (their tags, never their labels); ${heldOutRows.length} pointwise videos held out for the tag diagnostics`,
    );
  let frameStats: { frames: number } | null = null;
  if (config.frameNorm) {
    const stats = await fitFrameStats(train);
    tower.setFrameNorm(stats.mean, stats.std);
    frameStats = { frames: stats.frames };
    ctx.log(`[pointwise] frame statistics fitted on ${stats.frames} training frames`);
  }

  const data: TrainData<SourcePlan, { batch: TowerBatch; targets: TagTargets; size: number }> = {
    plans: (_epoch, rng) => multiSetPlans(sources, c.batchSize, rng, heldOut),
    load: async ({ source, rows }, rng) => {
      const set = sources[source];
      const batch = toTowerBatch(await loadVideoRows(set, rows, text), set, text);
      const positives = new Int32Array(rows.length * maxTags);
      rows.forEach((r, i) => positives.set(encodeTags(tags, set.tagIds[r], maxTags), i * maxTags));
      const targets: TagTargets = { positives: tf.tensor2d(positives, [rows.length, maxTags], 'int32') };
      if (config.tagLoss === 'softmax') {
        // a fresh draw per example and step (reference: per example, before batching), from the step's own RNG
        const sampler = new LogUniformSampler({ rangeMax: tags.size - 2, seed: rng.uint32() | 0 });
        targets.negatives = tf.tensor2d(
          sampler.sampleBatch(rows.length, config.numNegatives),
          [rows.length, config.numNegatives],
          'int32',
        );
      }
      return { batch, targets, size: rows.length };
    },
    size: (b) => b.size,
    dispose: (b) => {
      disposeTowerBatch(b.batch);
      tf.dispose([b.targets.positives, ...(b.targets.negatives ? [b.targets.negatives] : [])]);
    },
  };
  const stepsPerEpoch = data.plans(0, new Rng(0)).length;
  const totalSteps = stepsPerEpoch * c.epochs;
  const schedule = (lr: number) =>
    warmupPolynomialDecay({
      lr,
      totalSteps,
      endLr: c.endLr,
      warmupProportion: c.warmupProportion,
      ...(c.decayEpochs > 0 ? { decaySteps: c.decayEpochs * stepsPerEpoch, cycle: true } : {}),
    });
  const groups = tower.trainableVariables();
  const optimizer = new GroupedAdam([
    { name: 'head', variables: groups.head, schedule: schedule(c.lrHead), clipNorm: c.clipNorm },
    { name: 'bert', variables: groups.bert, schedule: schedule(c.lrBert), clipNorm: c.clipNorm },
  ]);
  const zeroShot: number[] = [];
  const zeroShotCentred: number[] = [];
  const pairRows = pairVids.map((v) => pairwise.row(v));
  // the per-epoch curve on at most 1500 pairs (the final score below uses every pair): an eval costs a fraction of an epoch
  const epochPairs = pairs.slice(0, 1500);
  const epochRows = [...new Set(epochPairs.flatMap((p) => [p.query, p.candidate]))].map((v) => pairwise.row(v));
  const summary = await trainLoop({
    stage: 'pointwise',
    outDir: out,
    seed: ctx.config.seed,
    epochs: c.epochs,
    data,
    optimizer,
    variables: towerVariables(tower),
    checkpointEvery: c.checkpointEvery,
    resume: ctx.resume,
    log: ctx.log,
    loss: (b) => tower.loss(b.batch, b.targets, { training: true }),
    onEpochEnd: async () => {
      const emb = await embedSet(tower, pairwise, text, { rows: epochRows });
      const r = evaluateEmbeddings(emb, epochPairs);
      zeroShot.push(r.spearman);
      // centred on these videos' own mean: a cheap per-epoch view of what the fitted embedding centre will buy
      const mean = meanEmbedding([...emb.values()]);
      const centred = evaluateEmbeddings(
        new Map([...emb].map(([v, e]) => [v, e.map((x, d) => x - mean[d])])),
        epochPairs,
      ).spearman;
      zeroShotCentred.push(centred);
      return { zeroShotSpearman: r.spearman, zeroShotCentred: centred };
    },
  });
  // held-out diagnostics, before any centre is fitted: on the pairwise videos, or on the held-out pointwise videos
  // when the pairwise videos trained too
  const rawEmb = await embedSet(tower, pairwise, text, { rows: pairRows });
  const diagnosticSet = c.withPairwiseVideos ? train : pairwise;
  const diagnosticRows = c.withPairwiseVideos ? heldOutRows : pairRows;
  const rawDiagnostic = c.withPairwiseVideos ? await embedSet(tower, train, text, { rows: heldOutRows }) : rawEmb;
  const trainedTags = c.withPairwiseVideos
    ? [...train.tagIds.filter((_, r) => !heldOut.has(r)), ...pairwise.tagIds]
    : train.tagIds;
  const tagsHeldOut = await tagDiagnostics(tower, diagnosticSet, rawDiagnostic, tags, trainedTags, {
    maxTags,
    seed: ctx.config.seed,
  });
  const endLoss = recentTrainLoss(out, Math.max(1, Math.ceil(stepsPerEpoch / 5)));
  const trainLoss = { endLoss, chanceLoss: tagsHeldOut.chanceLoss, lossRatio: endLoss / tagsHeldOut.chanceLoss };
  ctx.log(
    `[pointwise] training loss ${endLoss.toFixed(2)} at the end vs chance ${tagsHeldOut.chanceLoss.toFixed(2)} (ratio ${trainLoss.lossRatio.toFixed(3)})`,
  );
  ctx.log(
    `[pointwise] held-out tag loss ${tagsHeldOut.heldOutLoss.toFixed(2)} vs chance ${tagsHeldOut.chanceLoss.toFixed(2)} (ratio ${tagsHeldOut.lossRatio.toFixed(3)}); top-${tagsHeldOut.k} tag recall ${tagsHeldOut.recallAtK.toFixed(3)} vs ${tagsHeldOut.frequencyRecallAtK.toFixed(3)} for the most frequent tags (${(tagsHeldOut.recallAtK / Math.max(tagsHeldOut.frequencyRecallAtK, 1e-9)).toFixed(2)}x)`,
  );
  let finalEmb = rawEmb;
  if (config.embeddingCentre) {
    const sample = strideRows(train.size, 2000);
    tower.fitEmbeddingCentre([...(await embedSet(tower, train, text, { rows: sample })).values()]);
    finalEmb = await embedSet(tower, pairwise, text, { rows: pairRows });
    ctx.log(
      `[pointwise] embedding centre${config.embeddingWhiten ? ` and whitening (shrinkage ${config.whitenShrinkage})` : ''} fitted on ${sample.length} training videos`,
    );
  }
  const final = evaluateEmbeddings(finalEmb, pairs);
  const spread = anisotropy([
    ...(c.withPairwiseVideos
      ? (await embedSet(tower, diagnosticSet, text, { rows: diagnosticRows })).values()
      : finalEmb.values()),
  ]);
  ctx.log(
    `[pointwise] ${c.withPairwiseVideos ? 'Spearman (labels unseen, tags trained on)' : 'zero-shot Spearman'} ${final.spearman.toFixed(4)} on ${pairs.length} labelled pairs; held-out videos' random-pair cosine ${spread.meanRandomCosine.toFixed(3)}, top-1/top-5 variance share ${spread.topVarianceShare.top1.toFixed(3)}/${spread.topVarianceShare.top5.toFixed(3)}`,
  );
  fs.writeFileSync(
    path.join(out, 'zero_shot_predictions.tsv'),
    'query\tcandidate\trelevance\tcosine\n' +
      pairs.map((p, i) => `${p.query}\t${p.candidate}\t${p.relevance}\t${final.cosines[i]}`).join('\n') +
      '\n',
  );
  await saveTower(path.join(out, TOWER_FILE), tower);
  const probe =
    c.probeDims > 0
      ? await fitAndSaveProbe(ctx, out, pairwise, pairRows, pairs, finalEmb, {
          sets: c.withPairwiseVideos ? ['pointwise', 'pairwise'] : ['pointwise'],
          exclude: new Set(heldOutRows.map((r) => train.ids[r])),
        })
      : null;
  const params = tower.countParams();
  optimizer.dispose();
  tower.dispose();
  await Promise.all([train.close(), pairwise.close()]);
  await ctx.artifacts.completeStage('pointwise', {
    seconds: (Date.now() - t0) / 1000,
    backend: ctx.backend.name,
    config: { pointwise: c, model: config },
    results: {
      steps: summary.steps,
      finalLoss: summary.lastLoss,
      zeroShotSpearman: zeroShot,
      zeroShotCentredPerEpoch: zeroShotCentred,
      finalZeroShotSpearman: final.spearman,
      uncentredZeroShotSpearman: finalEmb === rawEmb ? final.spearman : evaluateEmbeddings(rawEmb, pairs).spearman,
      diagnostics: { trainLoss, tags: tagsHeldOut, anisotropy: spread, frameStats },
      videos: train.size,
      trainedVideos: { pointwise: train.size - heldOutRows.length, pairwise: c.withPairwiseVideos ? pairwise.size : 0 },
      diagnosticVideos: diagnosticRows.length,
      params,
      resumedFrom: summary.resumedFrom ?? null,
      probe,
    },
  });
}

/**
 * The linear probe beside the tower (for `pairwise.stackProbe`): fitted on the sets the tower trained on, saved as
 * linear-probe.json, and scored zero-shot on the labelled pairs alone and mixed half and half with the tower.
 */
async function fitAndSaveProbe(
  ctx: StageContext,
  out: string,
  pairwise: VideoSet,
  pairRows: number[],
  pairs: LabelPair[],
  towerEmb: Map<string, Float32Array>,
  trainOn: { sets: string[]; exclude: ReadonlySet<string> },
): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  const { probe, report } = await fitStoreProbe(storeDir(ctx), {
    ...trainOn,
    dims: ctx.config.pointwise.probeDims,
    maxTrainVideos: ctx.config.eval.maxTrainVideos,
    tags: ctx.config.eval.probeTags,
  });
  probe.save(path.join(out, RUN_FILES.linearProbe));
  const probeEmb = await probeEmbedSet(probe, pairwise, pairRows);
  const alone = evaluateEmbeddings(probeEmb, pairs).spearman;
  const half = evaluateEmbeddings(stackAll(towerEmb, probeEmb, 0.5), pairs).spearman;
  ctx.log(`[pointwise] linear probe: ${describeProbe(report)} (${((Date.now() - t0) / 1000).toFixed(0)}s)`);
  ctx.log(
    `[pointwise] zero-shot Spearman of the probe ${alone.toFixed(4)}, of the tower and probe mixed half and half ${half.toFixed(4)}`,
  );
  return { ...report, zeroShotSpearman: alone, halfMixZeroShotSpearman: half };
}

/** From the pretrain stage when it ran; otherwise from `pretrain.init` (a Hugging Face folder) or scratch. */
async function buildTower(
  ctx: StageContext,
  config: ReturnType<typeof towerConfig>,
  wordVectors: Float32Array,
): Promise<FusionTower> {
  if (ctx.config.pretrain.enabled) return buildTowerFromPretrain(config, ctx.artifacts.dir('pretrain'), wordVectors);
  if (ctx.config.pretrain.init === 'scratch') return new FusionTower(config, { wordVectors });
  return new FusionTower(config, {
    wordVectors,
    bert: (await loadPretrainedBert(ctx.config.pretrain.init, { allowUnexpected: true })).bert,
  });
}
