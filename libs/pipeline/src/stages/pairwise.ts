import * as fs from 'fs';
import * as path from 'path';
import { VideoSet, type Pair } from '@vidsim/data-prep';
import {
  FusionTower,
  loadTowerInto,
  pairCorrelationLoss,
  pairLoss,
  saveTower,
  towerVariables,
  type TowerBatch,
} from '@vidsim/fusion-model';
import { identityNorm, QuantileNorm, rankNorm, sampleWeight, thresLabel } from '@vidsim/label-norm';
import { evaluateEmbeddings } from '@vidsim/spearman-eval';
import { GroupedAdam, trainLoop, warmupPolynomialDecay, type TrainData } from '@vidsim/trainer';
import { Rng, writeFileAtomicSync } from '@vidsim/core';
import type { LinearProbe } from '@vidsim/linear-probe';
import { loadTensors, readSafetensors, saveVariables, tf } from '@vidsim/tf-runtime';
import { shuffledPlans } from '../data/plans';
import { disposeTowerBatch, loadVideoRows, toTowerBatch } from '../data/tower-batch';
import { anisotropy, recentTrainLoss } from '../model/diagnostics';
import { embedSet } from '../model/embed';
import { fitStacking, loadStageProbe, stackAll, type StackingRecord } from '../model/stacking';
import { probeEmbedSet } from '../model/store-probe';
import { towerConfig } from '../model/tower-config';
import { pairwiseStage, RUN_FILES, type FoldName } from '@vidsim/run-layout';
import type { StageContext } from './context';
import { loadFolds, loadPairs, loadTagVocab, storeDir, titleFeaturizer } from './data-sources';
import { TOWER_FILE } from './pointwise';
import { PipelineError } from '../artifacts';
import { hashUnit } from '../data/hash-unit';

interface PairBatch {
  query: TowerBatch;
  candidate: TowerBatch;
  target: tf.Tensor1D; // [B] normalised relevance
  weight: tf.Tensor1D; // [B]
}

/**
 * Pairwise fine-tuning of one fold (reference-solution.md §5.3): start from the pointwise tower, embed both videos
 * of a pair with the same tower (one after the other, as the reference), and minimise the weighted MSE between
 * their cosine and the normalised relevance (quantile "bin norm" fitted on this fold's training pairs, weight
 * ln(100·THRES[k] + 2)). Fold k validates on the strict fold's pairs against the raw relevance; 'all' trains on
 * every pair and is the model that embeds the test sets.
 */
export async function runPairwise(ctx: StageContext, fold: FoldName): Promise<void> {
  const t0 = Date.now();
  const c = ctx.config.pairwise;
  const stage = pairwiseStage(fold);
  const wanted = fold === 'all' ? c.trainAll : c.folds.includes(fold);
  if (!wanted) {
    // every run has the same Nx targets; a fold the config leaves out completes at once, marked skipped
    await ctx.artifacts.resetStage(stage, false);
    await ctx.artifacts.completeStage(stage, {
      seconds: 0,
      backend: ctx.backend.name,
      config: c,
      results: { fold, skipped: true },
    });
    ctx.log(`[${stage}] skipped: not in pairwise.${fold === 'all' ? 'trainAll' : 'folds'} of run ${ctx.config.name}`);
    return;
  }
  for (const s of ['prepare', 'features', 'pointwise'] as const) ctx.artifacts.requireStage(s, stage);
  const out = await ctx.artifacts.resetStage(stage, ctx.resume);
  const pairs = await loadPairs(ctx);
  const split = splitFold(ctx, pairs, fold);
  const valid = split.valid;
  // early stopping: whole queries of the training pairs held out to pick the epoch (never the fold's validation pairs)
  const { fit: train, holdout } = holdOut(split.train, c.holdoutShare);
  const targets = normaliseLabels(
    train.map((p) => p.relevance),
    c.labelNorm,
  );
  const weights = train.map((p) => (c.sampleWeights ? sampleWeight(p.relevance) : 1));

  const text = titleFeaturizer(ctx);
  const config = towerConfig(ctx.config, { tagVocabSize: loadTagVocab(ctx).size, wordVocabSize: text.wordVocab!.size });
  const tower = new FusionTower(config);
  await loadTowerInto(path.join(ctx.artifacts.dir('pointwise'), TOWER_FILE), tower);
  const videos = await VideoSet.open(storeDir(ctx), 'pairwise', { cacheBatches: 1 << 20 }); // pairs read it at random

  const data: TrainData<number[], PairBatch> = {
    plans: (_epoch, rng) => shuffledPlans(train.length, c.batchSize, rng),
    load: async (idx) => ({
      query: toTowerBatch(
        await loadVideoRows(
          videos,
          idx.map((i) => videos.row(train[i].query)),
          text,
        ),
        videos,
        text,
      ),
      candidate: toTowerBatch(
        await loadVideoRows(
          videos,
          idx.map((i) => videos.row(train[i].candidate)),
          text,
        ),
        videos,
        text,
      ),
      target: tf.tensor1d(idx.map((i) => targets[i])),
      weight: tf.tensor1d(idx.map((i) => weights[i])),
    }),
    size: (b) => b.target.shape[0],
    dispose: (b) => {
      disposeTowerBatch(b.query);
      disposeTowerBatch(b.candidate);
      tf.dispose([b.target, b.weight]);
    },
  };
  const totalSteps = data.plans(0, new Rng(0)).length * c.epochs;
  const schedule = (lr: number) =>
    warmupPolynomialDecay({ lr, totalSteps, warmupProportion: c.warmupProportion, endLr: c.endLr });
  const groups = tower.trainableVariables();
  const optimizer = new GroupedAdam([
    { name: 'head', variables: groups.head, schedule: schedule(c.lrHead), clipNorm: c.clipNorm },
    { name: 'bert', variables: groups.bert, schedule: schedule(c.lrBert), clipNorm: c.clipNorm },
  ]);
  const validRows = [...new Set(valid.flatMap((p) => [p.query, p.candidate]))].map((v) => videos.row(v));
  const perEpoch: number[] = [];
  let validEmbeddings = new Map<string, Float32Array>();
  const evaluate = async () => {
    validEmbeddings = await embedSet(tower, videos, text, { rows: validRows });
    return evaluateEmbeddings(validEmbeddings, valid);
  };
  // the pointwise model's score on this fold, so the fold table shows what fine-tuning added
  const before = valid.length && !ctx.resume ? (await evaluate()).spearman : null;
  const holdoutRows = [...new Set(holdout.flatMap((p) => [p.query, p.candidate]))].map((v) => videos.row(v));
  const scoreHoldout = async () =>
    evaluateEmbeddings(await embedSet(tower, videos, text, { rows: holdoutRows }), holdout).spearman;
  const variables = towerVariables(tower);
  let best: { epoch: number; spearman: number; state: tf.Tensor[] } | null = null;
  // the best state so far is kept on disk too, so that a resumed run chooses among the same epochs as an
  // uninterrupted one (the trainer checkpoints an epoch's end only after its evaluation)
  const bestFile = path.join(out, RUN_FILES.bestHoldout);
  const names = Object.keys(variables);
  const keepIfBest = async (epoch: number) => {
    const spearman = await scoreHoldout();
    if (best && spearman <= best.spearman) return spearman;
    if (best) tf.dispose(best.state);
    const state = names.map((n) => tf.clone(variables[n]));
    best = { epoch, spearman, state };
    const tensors = Object.fromEntries(names.map((n, i) => [n, state[i]]));
    await saveVariables(bestFile, tensors, { epoch: String(epoch), spearman: String(spearman) });
    return spearman;
  };
  if (holdout.length && ctx.resume && fs.existsSync(bestFile)) {
    const { metadata } = await readSafetensors(bestFile);
    const saved = await loadTensors(bestFile);
    best = { epoch: Number(metadata?.epoch), spearman: Number(metadata?.spearman), state: names.map((n) => saved[n]) };
  }
  const holdoutPerEpoch: number[] = [];
  if (holdout.length && !best) {
    holdoutPerEpoch.push(await keepIfBest(0));
    ctx.log(
      `[${stage}] early stopping on ${holdout.length} held-out training pairs: ${holdoutPerEpoch[0].toFixed(4)} before fine-tuning`,
    );
  }
  const summary = await trainLoop({
    stage,
    outDir: out,
    seed: ctx.config.seed,
    epochs: c.epochs,
    data,
    optimizer,
    variables: towerVariables(tower),
    checkpointEvery: c.checkpointEvery,
    resume: ctx.resume,
    log: ctx.log,
    loss: (b) =>
      tf.tidy(() => {
        const q = tower.embed(b.query, { training: true });
        const d = tower.embed(b.candidate, { training: true });
        return c.loss === 'correlation'
          ? pairCorrelationLoss(q, d, b.target, b.weight)
          : pairLoss(q, d, b.target, b.weight);
      }),
    onEpochEnd:
      valid.length || holdout.length
        ? async (epoch) => {
            const evals: Record<string, number> = {};
            if (holdout.length) holdoutPerEpoch.push((evals.holdoutSpearman = await keepIfBest(epoch + 1)));
            if (valid.length) perEpoch.push((evals.spearman = (await evaluate()).spearman));
            return evals;
          }
        : undefined,
  });
  let keptEpoch = c.epochs;
  const chosen = best as { epoch: number; spearman: number; state: tf.Tensor[] } | null;
  if (chosen) {
    keptEpoch = chosen.epoch;
    if (chosen.epoch !== c.epochs) Object.values(variables).forEach((v, i) => v.assign(chosen.state[i]));
    tf.dispose(chosen.state);
    ctx.log(
      `[${stage}] kept epoch ${keptEpoch} of ${c.epochs} (held-out training pairs ${chosen.spearman.toFixed(4)})${keptEpoch === 0 ? ': fine-tuning did not beat the pointwise tower' : ''}`,
    );
  }
  // chance: for mse the best constant prediction (the weighted mean target), whose loss is the weighted variance
  // of the targets; for correlation an unrelated score, 1 - 0
  const wSum = weights.reduce((s, w) => s + w, 0);
  const wMean = weights.reduce((s, w, i) => s + w * targets[i], 0) / wSum;
  const chanceLoss =
    c.loss === 'correlation' ? 1 : weights.reduce((s, w, i) => s + w * (targets[i] - wMean) ** 2, 0) / wSum;
  const endLoss = recentTrainLoss(out, Math.max(1, Math.ceil(summary.steps / c.epochs / 5)));
  ctx.log(
    `[${stage}] training loss ${endLoss.toFixed(4)} at the end vs chance ${chanceLoss.toFixed(4)} (ratio ${(endLoss / chanceLoss).toFixed(3)})`,
  );
  let results: Record<string, unknown> = {
    fold,
    trainPairs: train.length,
    validPairs: valid.length,
    holdoutPairs: holdout.length,
    holdoutSpearmanPerEpoch: holdoutPerEpoch,
    keptEpoch,
    steps: summary.steps,
    finalLoss: summary.lastLoss,
    resumedFrom: summary.resumedFrom ?? null,
    diagnostics: { trainLoss: { endLoss, chanceLoss, lossRatio: endLoss / chanceLoss } } as Record<string, unknown>,
  };
  const probe = c.stackProbe ? requireStageProbe(ctx, stage) : null;
  let stacking: StackingRecord | null = null;
  if (probe) {
    // the weight is fitted on labels the tower did not train on: the held-out queries (all training pairs without them);
    // with pointwise.withPairwiseVideos both the tower and the probe saw these videos' tags, never their labels
    const fitPairs = holdout.length ? holdout : train;
    const rows = [...new Set(fitPairs.flatMap((p) => [p.query, p.candidate]))].map((v) => videos.row(v));
    const f = fitStacking(
      await embedSet(tower, videos, text, { rows }),
      await probeEmbedSet(probe, videos, rows),
      fitPairs,
    );
    stacking = {
      weight: f.weight,
      spearman: f.spearman,
      towerSpearman: f.towerSpearman,
      probeSpearman: f.probeSpearman,
      pairs: fitPairs.length,
      fittedOn: holdout.length ? 'holdout' : 'train',
      probeDims: probe.dims,
    };
    writeFileAtomicSync(path.join(out, RUN_FILES.stacking), JSON.stringify(stacking, null, 2) + '\n');
    results.stacking = stacking;
    ctx.log(
      `[${stage}] stacked with the linear probe: tower weight ${f.weight.toFixed(2)} fitted on ${fitPairs.length} ${stacking.fittedOn === 'holdout' ? 'held-out' : 'training'} pairs (Spearman ${f.spearman.toFixed(4)}; tower alone ${f.towerSpearman.toFixed(4)}, probe alone ${f.probeSpearman.toFixed(4)})`,
    );
  }
  if (valid.length) {
    const towerOnly = await evaluate();
    const r =
      probe && stacking
        ? evaluateEmbeddings(
            stackAll(validEmbeddings, await probeEmbedSet(probe, videos, validRows), stacking.weight),
            valid,
          )
        : towerOnly;
    if (stacking) results.towerSpearman = towerOnly.spearman;
    const lines = valid.map((p, i) => `${p.query}\t${p.candidate}\t${p.relevance}\t${r.cosines[i]}`);
    fs.writeFileSync(
      path.join(out, RUN_FILES.validPredictions),
      'query\tcandidate\trelevance\tcosine\n' + lines.join('\n') + '\n',
    );
    // the validation videos' embeddings with their category, for the run report's 2-D map
    const embLines = [...validEmbeddings].map(
      ([vid, e]) =>
        `${vid}\t${videos.categoryIds[videos.row(vid)]}\t${Array.from(e, (x) => x.toPrecision(6)).join(',')}`,
    );
    fs.writeFileSync(
      path.join(out, RUN_FILES.validEmbeddings),
      'vid\tcategory\tembedding\n' + embLines.join('\n') + '\n',
    );
    const spread = anisotropy([...validEmbeddings.values()]);
    (results.diagnostics as Record<string, unknown>).anisotropy = spread;
    results = {
      ...results,
      spearman: r.spearman,
      pearson: r.pearson,
      spearmanPerEpoch: perEpoch,
      spearmanBefore: before,
    };
    const was =
      (before !== null ? ` (${before.toFixed(4)} before fine-tuning)` : '') +
      (stacking ? `, ${towerOnly.spearman.toFixed(4)} for the tower alone` : '');
    ctx.log(
      `[${stage}] validation Spearman ${r.spearman.toFixed(4)} on ${valid.length} pairs${was}; random-pair cosine ${spread.meanRandomCosine.toFixed(3)}, top-1/5 variance ${spread.topVarianceShare.top1.toFixed(2)}/${spread.topVarianceShare.top5.toFixed(2)}`,
    );
  }
  await saveTower(path.join(out, TOWER_FILE), tower);
  optimizer.dispose();
  tower.dispose();
  await videos.close();
  await ctx.artifacts.completeStage(stage, {
    seconds: (Date.now() - t0) / 1000,
    backend: ctx.backend.name,
    config: c,
    results,
  });
  // only now: a kill after training but before stage.json resumes from the last checkpoint with no epoch left to
  // evaluate, and without this file it would score the pointwise tower as epoch 0 and could keep it instead
  fs.rmSync(bestFile, { force: true });
}

function splitFold(ctx: StageContext, pairs: Pair[], fold: FoldName): { train: Pair[]; valid: Pair[] } {
  if (fold === 'all') return { train: pairs, valid: [] };
  const f = loadFolds(ctx).find((x) => x.fold === fold);
  if (!f)
    throw new PipelineError(
      `fold ${fold} is not in the ${ctx.config.prepare.foldScheme} folds of the prepare stage`,
      'BAD_ARGUMENT',
      { field: 'fold' },
    );
  return { train: f.train.map((i) => pairs[i]), valid: f.valid.map((i) => pairs[i]) };
}

/**
 * Splits training pairs into fit and holdout by whole queries (a hash of the query id, so a query's candidates
 * never straddle the two and the split is the same on every run); share 0 holds nothing out.
 */
export function holdOut(pairs: Pair[], share: number): { fit: Pair[]; holdout: Pair[] } {
  if (share <= 0) return { fit: pairs, holdout: [] };
  const fit: Pair[] = [],
    holdout: Pair[] = [];
  for (const p of pairs) (hashUnit(p.query) < share ? holdout : fit).push(p);
  return { fit, holdout };
}

/** The training target: fitted on this fold's training labels, as the reference fits each CSV separately. */
export function normaliseLabels(relevance: number[], kind: 'bin' | 'rank' | 'thres' | 'identity'): Float64Array {
  if (kind === 'bin') return QuantileNorm.fit(relevance).transform(relevance);
  if (kind === 'thres') return Float64Array.from(relevance, (r) => thresLabel(r));
  if (kind === 'rank') return rankNorm(relevance);
  return Float64Array.from(identityNorm(relevance));
}

/** The pointwise stage's linear probe, which `pairwise.stackProbe` needs. */
function requireStageProbe(ctx: StageContext, stage: string): LinearProbe {
  const dir = ctx.artifacts.dir('pointwise');
  const probe = loadStageProbe(dir);
  if (!probe)
    throw new PipelineError(
      `[${stage}] pairwise.stackProbe needs the pointwise stage's linear probe, and ${path.join(dir, RUN_FILES.linearProbe)} does not exist: rerun pointwise with pointwise.probeDims above 0`,
      'MISSING_INPUT',
      { file: path.join(dir, RUN_FILES.linearProbe) },
    );
  return probe;
}
