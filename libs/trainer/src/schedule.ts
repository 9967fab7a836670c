import { TrainerError } from './errors';
/**
 * Learning-rate schedules of the reference solution (reference-solution.md §3.2): linear warmup over a proportion
 * of the decay span, then Keras `PolynomialDecay(lr0, D + 1, endLr, power = 1, cycle)`.
 * - `cycle: false` (pairwise, MLM): one linear decay to `endLr` over all steps.
 * - `cycle: true` with `decaySteps` = one epoch (pointwise, decay_epochs=1): the sawtooth whose peaks are
 *   lr0, lr0/2, ..., because Keras stretches the span to `(D+1)·ceil(s/(D+1))`.
 */
export interface ScheduleConfig {
  /** Peak learning rate. */
  lr: number;
  /** Total optimisation steps of the run. */
  totalSteps: number;
  /** Decay span D in steps; default totalSteps. */
  decaySteps?: number;
  /** Warmup steps = floor(warmupProportion · D); default 0.1. */
  warmupProportion?: number;
  /** Final learning rate; default 1e-7. */
  endLr?: number;
  /** Keras cycle semantics (the pointwise sawtooth); default false. */
  cycle?: boolean;
}

export type Schedule = (step: number) => number;

export function warmupPolynomialDecay(config: ScheduleConfig): Schedule {
  const { lr, totalSteps } = config;
  const decay = config.decaySteps ?? totalSteps;
  const endLr = config.endLr ?? 1e-7;
  const warmupProportion = config.warmupProportion ?? 0.1;
  if (!(lr > 0) || !(totalSteps > 0) || !(decay > 0)) {
    throw new TrainerError(
      `schedule needs lr > 0, totalSteps > 0 and decaySteps > 0; got lr=${lr}, totalSteps=${totalSteps}, decaySteps=${decay}`,
      'BAD_OPTION',
      { field: 'schedule' },
    );
  }
  // a negative endLr drives the rate below zero (gradient ascent) at the end of every decay
  if (!(endLr >= 0 && endLr <= lr))
    throw new TrainerError(`schedule needs 0 <= endLr <= lr (${lr}); got endLr=${endLr}`, 'BAD_OPTION', {
      field: 'endLr',
    });
  if (!(warmupProportion >= 0 && warmupProportion <= 1))
    throw new TrainerError(`schedule needs warmupProportion in [0, 1]; got ${warmupProportion}`, 'BAD_OPTION', {
      field: 'warmupProportion',
    });
  const warmup = Math.floor(warmupProportion * decay);
  const span = decay + 1;
  return (step: number) => {
    if (step < warmup) return (lr * step) / warmup;
    let s = step;
    let denom = span;
    if (config.cycle) denom = span * Math.max(1, Math.ceil(s / span));
    else s = Math.min(s, span);
    return (lr - endLr) * (1 - s / denom) + endLr;
  };
}
