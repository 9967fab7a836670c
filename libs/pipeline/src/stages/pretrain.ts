import * as fs from 'fs';
import * as path from 'path';
import {
  BertMlmHead,
  BertModel,
  bertConfigToHf,
  loadPretrainedBert,
  maskedLmLoss,
  saveHfCheckpoint,
} from '@vidsim/bert';
import { maskTokens } from '@vidsim/tokenizer';
import { GroupedAdam, trainLoop, warmupPolynomialDecay, type TrainData } from '@vidsim/trainer';
import { openStore, VideoSet } from '@vidsim/data-prep';
import { PRETRAIN_FILES, visionTokenInputs } from '@vidsim/fusion-model';
import { Rng } from '@vidsim/core';
import { saveVariables, tf, tfl } from '@vidsim/tf-runtime';
import { chunkShuffledPlans } from '../data/plans';
import { loadVideoRows, type VideoRows } from '../data/tower-batch';
import { bertConfigFor, frameNormFor } from '../model/tower-config';
import { fitFrameStats } from '../data/frame-stats';
import { recentTrainLoss } from '../model/diagnostics';
import type { StageContext } from './context';
import { storeDir, titleFeaturizer } from './data-sources';

interface MlmBatch {
  rows: VideoRows;
  inputIds: tf.Tensor2D; // [B, L] masked title ids
  labels: tf.Tensor2D; // [B, L] original id at masked positions, -100 elsewhere
  titleMask: tf.Tensor2D; // [B, L]
  frames: tf.Tensor3D; // [B, T, F]
}

/**
 * MLM continued pretraining (reference-solution.md §4): titles of every set (transductive) with the frames
 * appended as vision tokens through Dense(F -> H), token type 1, frame attention all ones (the reference attends
 * to padded frame copies here); 15% of the non-special title tokens of a batch masked 80/10/10; loss over the
 * masked title positions. Saves BERT (+ MLM head) in Hugging Face format and the vision Dense.
 */
export async function runPretrain(ctx: StageContext): Promise<void> {
  const t0 = Date.now();
  const c = ctx.config.pretrain;
  ctx.artifacts.requireStage('prepare', 'pretrain');
  const out = await ctx.artifacts.resetStage('pretrain', ctx.resume);
  if (!c.enabled) {
    await ctx.artifacts.completeStage('pretrain', {
      seconds: 0,
      backend: ctx.backend.name,
      config: c,
      results: { skipped: true },
    });
    return;
  }
  const bertConfig = bertConfigFor(ctx.config);
  const { bert, head } = await initBert(c.init, bertConfig, ctx.config.seed);
  const H = bert.config.hiddenSize;
  const setNames = (await openStore(storeDir(ctx))).setNames;
  const sets = await Promise.all(setNames.map((s) => VideoSet.open(storeDir(ctx), s)));
  const F = sets[0].frames.frameDim,
    T = sets[0].frames.framesPerVideo;
  const visionDense = tfl.layers.dense({
    units: H,
    kernelInitializer: tfl.initializers.glorotUniform({ seed: ctx.config.seed }),
  });
  visionDense.build([null, F]);
  const text = titleFeaturizer(ctx, false);
  const L = text.titleLength;
  // the pointwise tower standardises its frames (frameNorm): the vision Dense it inherits must learn on the same scale
  const norm = frameNormFor(ctx.config)
    ? await fitFrameStats(sets.find((s) => s.name === 'pointwise') ?? sets[0])
    : undefined;
  const scale = norm ? Float32Array.from(norm.std, (s) => 1 / Math.max(s, 1e-6)) : undefined;
  const standardise = (frames: Float32Array) => {
    if (!norm || !scale) return frames;
    for (let i = 0; i < frames.length; i++) frames[i] = (frames[i] - norm.mean[i % F]) * scale[i % F];
    return frames;
  };

  // one index space over every set: global row g lives in set k at g - offsets[k]
  const offsets: number[] = [];
  let total = 0;
  for (const s of sets) {
    offsets.push(total);
    total += s.size;
  }
  const chunks = sets.flatMap((s, k) => s.chunks.map((ch) => ({ start: ch.start + offsets[k], rows: ch.rows })));
  const locate = (g: number) => {
    let k = sets.length - 1;
    while (offsets[k] > g) k--;
    return { set: sets[k], row: g - offsets[k] };
  };

  const data: TrainData<number[], MlmBatch> = {
    plans: (_epoch, rng: Rng) => chunkShuffledPlans(chunks, c.batchSize, rng),
    load: async (plan, rng) => {
      // a batch may span sets: load each set's rows and concatenate
      const bySet = new Map<VideoSet, number[]>();
      for (const g of plan) {
        const { set, row } = locate(g);
        const rows = bySet.get(set);
        if (rows) rows.push(row);
        else bySet.set(set, [row]);
      }
      const parts = await Promise.all([...bySet].map(([set, rows]) => loadVideoRows(set, rows, text)));
      const rows = concatRows(parts);
      const masked = maskTokens(rows.titleIds, new Rng(rng.uint32(), 'mulberry32'), { rate: c.maskProbability });
      const B = rows.rows.length;
      return {
        rows,
        inputIds: tf.tensor2d(masked.inputIds, [B, L], 'int32'),
        labels: tf.tensor2d(masked.labels, [B, L], 'int32'),
        titleMask: tf.tensor2d(rows.titleMask, [B, L], 'int32'),
        frames: tf.tensor3d(standardise(rows.frames), [B, T, F]),
      };
    },
    size: (b) => b.rows.rows.length,
    dispose: (b) => tf.dispose([b.inputIds, b.labels, b.titleMask, b.frames]),
  };
  const stepsPerEpoch = data.plans(0, new Rng(0)).length;
  const totalSteps = stepsPerEpoch * c.epochs;
  const variables = [
    ...bert.trainableVariables,
    ...head.trainableVariables,
    ...visionDense.trainableWeights.map((w) => w.read() as tf.Variable),
  ];
  // LazyAdam, eps 1e-6, no clipping, warmup 10% then linear decay to endLr (cycle off)
  const optimizer = new GroupedAdam([
    {
      name: 'all',
      variables,
      clipNorm: 0,
      schedule: warmupPolynomialDecay({ lr: c.lr, totalSteps, warmupProportion: c.warmupProportion, endLr: c.endLr }),
    },
  ]);
  const named = Object.fromEntries(variables.map((v, i) => [`${String(i).padStart(4, '0')}_${v.shape.join('x')}`, v]));
  const summary = await trainLoop({
    stage: 'pretrain',
    outDir: out,
    seed: ctx.config.seed,
    epochs: c.epochs,
    data,
    optimizer,
    variables: named,
    checkpointEvery: c.checkpointEvery,
    resume: ctx.resume,
    log: ctx.log,
    loss: (b) =>
      tf.tidy(() => {
        const B = b.inputIds.shape[0];
        // every frame row attended, as the reference's padded frame copies
        const inputs = visionTokenInputs(bert, visionDense, b.inputIds, b.titleMask, b.frames, tf.ones([B, T]));
        const { sequence } = bert.apply(inputs, { training: true });
        return maskedLmLoss(head, tf.slice(sequence, [0, 0, 0], [B, L, H]) as tf.Tensor3D, b.labels);
      }),
  });
  await saveHfCheckpoint(path.join(out, PRETRAIN_FILES.bertDir, 'model.safetensors'), bert, head);
  fs.writeFileSync(
    path.join(out, PRETRAIN_FILES.bertDir, 'config.json'),
    JSON.stringify(bertConfigToHf(bert.config), null, 2) + '\n',
  );
  const [kernel, bias] = visionDense.getWeights();
  await saveVariables(path.join(out, PRETRAIN_FILES.visionDense), { kernel, bias });
  optimizer.dispose();
  await Promise.all(sets.map((s) => s.close()));
  // chance: a model that predicts every vocab token alike pays ln(V) per masked token
  const chanceLoss = Math.log(bert.config.vocabSize);
  const endLoss = recentTrainLoss(out, Math.max(1, Math.ceil(stepsPerEpoch / 5)));
  ctx.log(
    `[pretrain] MLM loss ${endLoss.toFixed(3)} at the end vs chance ${chanceLoss.toFixed(3)} (ratio ${(endLoss / chanceLoss).toFixed(3)})`,
  );
  await ctx.artifacts.completeStage('pretrain', {
    seconds: (Date.now() - t0) / 1000,
    backend: ctx.backend.name,
    config: c,
    results: {
      steps: summary.steps,
      finalLoss: summary.lastLoss,
      videos: total,
      resumedFrom: summary.resumedFrom ?? null,
      diagnostics: { endLoss, chanceLoss, lossRatio: endLoss / chanceLoss, frameNorm: Boolean(norm) },
    },
  });
}

async function initBert(
  init: string,
  config: BertModel['config'],
  seed: number,
): Promise<{ bert: BertModel; head: BertMlmHead }> {
  if (init === 'scratch') {
    const bert = new BertModel({ config, seed });
    return { bert, head: new BertMlmHead(bert, seed + 1) };
  }
  const loaded = await loadPretrainedBert(init);
  return { bert: loaded.bert, head: loaded.mlmHead ?? new BertMlmHead(loaded.bert, seed + 1) };
}

function concatRows(parts: VideoRows[]): VideoRows {
  if (parts.length === 1) return parts[0];
  const cat = <T extends Int32Array | Float32Array>(xs: T[]): T => {
    const out = new (xs[0].constructor as { new (n: number): T })(xs.reduce((s, x) => s + x.length, 0));
    let at = 0;
    for (const x of xs) {
      out.set(x, at);
      at += x.length;
    }
    return out;
  };
  return {
    rows: parts.flatMap((p) => p.rows),
    frames: cat(parts.map((p) => p.frames)),
    numFrames: cat(parts.map((p) => p.numFrames)),
    titleIds: cat(parts.map((p) => p.titleIds)),
    titleMask: cat(parts.map((p) => p.titleMask)),
    wordIds: cat(parts.map((p) => p.wordIds)),
  };
}
