import { foldOf } from '@vidsim/run-layout';
import { RunReadout, StageArtifacts } from './read-artifacts';
import { isNum, median } from './series';

export type StageStatus = 'done' | 'incomplete' | 'not run' | 'not in this run';

/** The fold list of the run, from any pairwise stage's config (undefined when no pairwise stage wrote one). */
export function runFolds(run: RunReadout): number[] | undefined {
  for (const s of [...run.foldStages, 'pairwise-all']) {
    const folds = (run.stages.get(s)?.record?.config as { folds?: unknown } | undefined)?.folds;
    if (Array.isArray(folds) && folds.every(isNum)) return folds;
  }
  return undefined;
}

export function stageStatus(run: RunReadout, s: StageArtifacts): StageStatus {
  if (s.record) return 'done';
  if (s.hasMetrics) return 'incomplete';
  const fold = foldOf(s.name);
  const folds = runFolds(run);
  if (typeof fold === 'number' && folds && !folds.includes(fold)) return 'not in this run';
  return 'not run';
}

/** Training lines only (epoch-end eval lines carry no loss). */
export function trainLines(s: StageArtifacts) {
  return s.metrics.filter((m) => isNum(m.loss));
}

/** Median examples per second over the steps after the first (the first one includes kernel warm-up). */
export function examplesPerSecond(s: StageArtifacts): number | undefined {
  const rates = trainLines(s)
    .slice(1)
    .filter((m) => isNum(m.examples) && isNum(m.stepMs) && m.stepMs > 0)
    .map((m) => (m.examples! * 1000) / m.stepMs!);
  return rates.length ? median(rates) : undefined;
}

/** Per-epoch eval values of one key (`zeroShotSpearman` or `spearman`) from the log, else from stage.json. */
export function epochEvals(s: StageArtifacts, key: string, resultsKey: string): { epoch: number; value: number }[] {
  const fromLog = s.metrics
    .filter((m) => m.eval && isNum(m.eval[key]))
    .map((m) => ({ epoch: m.epoch + 1, value: m.eval![key] as number }));
  if (fromLog.length) return fromLog;
  const arr = s.record?.results?.[resultsKey];
  return Array.isArray(arr) ? arr.map((v, i) => ({ epoch: i + 1, value: v })).filter((r) => isNum(r.value)) : [];
}
