import * as path from 'path';
import { Rng } from '@vidsim/core';
import { setGlobalSeed, tf } from '@vidsim/tf-runtime';
import { RUN_FILES } from '@vidsim/run-layout';
import { Checkpointer } from './checkpoint';
import type { GroupedAdam } from './grouped-adam';
import { MetricsLog } from './metrics-log';
import { Progress } from './progress';
import { TrainerError } from './errors';

/**
 * A batch is planned cheaply (which rows) and materialised separately, so that a resumed run can skip the plans
 * it has done without loading their data.
 */
export interface TrainData<Plan, Batch> {
  /** The batch plans of one epoch, in order; must depend only on (epoch, rng). */
  plans(epoch: number, rng: Rng): Plan[];
  /** Loads a planned batch; `rng` is this step's own generator (e.g. for sampled negatives). */
  load(plan: Plan, rng: Rng): Promise<Batch> | Batch;
  size(batch: Batch): number;
  dispose?(batch: Batch): void;
}

export interface TrainLoopOptions<Plan, Batch> {
  stage: string;
  /** Artifacts folder of the stage: metrics.jsonl and checkpoints/ go here. */
  outDir: string;
  seed: number;
  epochs: number;
  data: TrainData<Plan, Batch>;
  /** Builds the scalar loss of one batch (called inside the gradient tape). */
  loss: (batch: Batch, training: { step: number; epoch: number }) => tf.Scalar;
  optimizer: GroupedAdam;
  /** Everything a checkpoint must hold (trainable and not, e.g. BatchNorm moving statistics). */
  variables: Record<string, tf.Variable>;
  checkpointEvery?: number;
  resume?: boolean;
  /** Evaluation at the end of each epoch; its numbers are logged. */
  onEpochEnd?: (epoch: number, step: number) => Promise<Record<string, number>>;
  /** Stop after this many steps (tests simulate a killed run with it). */
  stopAfterSteps?: number;
  log?: (line: string) => void;
}

export interface TrainSummary {
  steps: number;
  lastLoss: number;
  resumedFrom?: number;
  seconds: number;
}

/**
 * The whole training loop in one place (nanoGPT-style): plan epoch batches, for each step derive its RNG from
 * (seed, stage, step) so dropout and sampling repeat exactly after a resume, take a grouped Adam step, log a
 * metrics line, checkpoint every N steps, evaluate at epoch ends.
 */
export async function trainLoop<Plan, Batch>(opts: TrainLoopOptions<Plan, Batch>): Promise<TrainSummary> {
  const t0 = Date.now();
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const epochPlans = (epoch: number) => opts.data.plans(epoch, new Rng(`${opts.seed}/${opts.stage}/epoch-${epoch}`));
  const stepsPerEpoch = epochPlans(0).length;
  const totalSteps = stepsPerEpoch * opts.epochs;
  if (stepsPerEpoch === 0)
    throw new TrainerError(`[${opts.stage}] the training data yields no batch`, 'NO_DATA', { stage: opts.stage });
  const checkpointer = new Checkpointer(path.join(opts.outDir, RUN_FILES.checkpoints), 2, (line) =>
    log(`[${opts.stage}] ${line}`),
  );
  const metricsFile = path.join(opts.outDir, RUN_FILES.metrics);

  let step = 0;
  let resumedFrom: number | undefined;
  const restored = opts.resume ? await checkpointer.restoreLatest(opts.variables, opts.optimizer) : undefined;
  const latest = restored?.dir;
  if (restored) {
    step = restored.state.step;
    if (step > totalSteps)
      throw new TrainerError(
        `${restored.dir} is at step ${step}, past this run's ${totalSteps} steps (was the config changed?)`,
        'BAD_CHECKPOINT',
        { file: restored.dir },
      );
    resumedFrom = step;
    MetricsLog.truncateAfter(metricsFile, step);
    log(`[${opts.stage}] resumed from ${restored.dir} at step ${step}/${totalSteps}`);
  } else if (opts.resume) {
    log(`[${opts.stage}] --resume: no checkpoint in ${checkpointer.dir}, starting from step 0`);
  }
  const dueCheckpoint = (at: number) => !!opts.checkpointEvery && at % opts.checkpointEvery === 0 && at < totalSteps;
  const metrics = new MetricsLog(metricsFile, !latest);
  const progress = new Progress(opts.stage, totalSteps, 200, step);
  let lastLoss = NaN;
  try {
    for (let epoch = Math.floor(step / stepsPerEpoch); epoch < opts.epochs; epoch++) {
      const plans = epochPlans(epoch);
      for (let i = step - epoch * stepsPerEpoch; i < plans.length; i++) {
        const stepRng = new Rng(`${opts.seed}/${opts.stage}/step-${step}`);
        setGlobalSeed(`${opts.seed}/${opts.stage}/dropout-${step}`);
        const batch = await opts.data.load(plans[i], stepRng);
        const started = Date.now();
        const result = opts.optimizer.step(() => opts.loss(batch, { step, epoch }), step);
        const size = opts.data.size(batch);
        opts.data.dispose?.(batch);
        step++;
        lastLoss = result.loss;
        if (!Number.isFinite(result.loss))
          throw new TrainerError(
            `[${opts.stage}] loss became ${result.loss} at step ${step} (epoch ${epoch})`,
            'NON_FINITE_LOSS',
            { stage: opts.stage, step, epoch },
          );
        metrics.write({
          stage: opts.stage,
          step,
          epoch,
          loss: result.loss,
          lr: result.lr,
          gradNorm: result.gradNorm,
          examples: size,
          stepMs: Date.now() - started,
        });
        progress.update(step, size, {
          epoch: `${epoch + 1}/${opts.epochs}`,
          loss: result.loss,
          lr: Object.values(result.lr)[0],
        });
        // at an epoch's last step the checkpoint waits for the epoch-end evaluation: a resume from it starts the next
        // epoch, so that evaluation (which a stage may keep state from, e.g. early stopping) must already have run
        const evaluatesAfter = opts.onEpochEnd !== undefined && i === plans.length - 1;
        if (dueCheckpoint(step) && !evaluatesAfter) {
          await checkpointer.save({ step, epoch, extra: {} }, opts.variables, opts.optimizer);
        }
        if (opts.stopAfterSteps !== undefined && step >= opts.stopAfterSteps) {
          return { steps: step, lastLoss, resumedFrom, seconds: (Date.now() - t0) / 1000 };
        }
      }
      if (opts.onEpochEnd) {
        const evals = await opts.onEpochEnd(epoch, step);
        metrics.write({ stage: opts.stage, step, epoch, eval: evals });
        log(
          `[${opts.stage}] epoch ${epoch + 1}/${opts.epochs}: ${Object.entries(evals)
            .map(([k, v]) => `${k} ${v.toFixed(4)}`)
            .join('  ')}`,
        );
        if (dueCheckpoint(step)) await checkpointer.save({ step, epoch, extra: {} }, opts.variables, opts.optimizer);
      }
    }
  } finally {
    metrics.close();
  }
  return { steps: step, lastLoss, resumedFrom, seconds: (Date.now() - t0) / 1000 };
}
