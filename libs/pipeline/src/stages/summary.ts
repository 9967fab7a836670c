import * as fs from 'fs';
import { mean } from '@vidsim/spearman-eval';
import { pairwiseStage, REFERENCE_SCORES, stageDirs, type StageDirName, type StageRecord } from '@vidsim/run-layout';
import type { StageContext } from './context';

export interface RunSummary {
  run: string;
  folds: { fold: number; trainPairs: number; validPairs: number; spearman: number; spearmanBefore: number | null }[];
  offlineScore: number | null;
  zeroShot: number | null;
  corpus: Record<string, number> | null;
  stageSeconds: Record<string, number>;
}

/** Gathers the fold scores, the pointwise zero-shot score and the corpus report from a run's stage records. */
export function runSummary(ctx: StageContext): RunSummary {
  const read = (stage: StageDirName): StageRecord | undefined => {
    const f = ctx.artifacts.stageFile(stage);
    return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as StageRecord) : undefined;
  };
  const folds = ctx.config.pairwise.folds.flatMap((k) => {
    const r = read(pairwiseStage(k))?.results as
      { trainPairs: number; validPairs: number; spearman: number; spearmanBefore?: number | null } | undefined;
    return r && r.spearman !== undefined
      ? [
          {
            fold: k,
            trainPairs: r.trainPairs,
            validPairs: r.validPairs,
            spearman: r.spearman,
            spearmanBefore: r.spearmanBefore ?? null,
          },
        ]
      : [];
  });
  const pw = read('pointwise')?.results as { zeroShotSpearman?: number[]; finalZeroShotSpearman?: number } | undefined;
  // the final score over every labelled pair (the per-epoch curve scores a sample of them)
  const zs = pw?.finalZeroShotSpearman !== undefined ? [pw.finalZeroShotSpearman] : pw?.zeroShotSpearman;
  const corpus = (read('corpus')?.results as { spearman?: Record<string, number> } | undefined)?.spearman ?? null;
  const stageSeconds: Record<string, number> = {};
  for (const s of stageDirs(ctx.config.prepare.numFolds)) {
    const r = read(s);
    // a fold the config leaves out completes at once, marked skipped: not a stage that ran
    if (r && !(r.results as { skipped?: boolean }).skipped) stageSeconds[s] = r.seconds;
  }
  return {
    run: ctx.config.name,
    folds,
    offlineScore: folds.length ? mean(folds.map((f) => f.spearman)) : null,
    zeroShot: zs?.length ? zs[zs.length - 1] : null,
    corpus,
    stageSeconds,
  };
}

export function formatSummary(s: RunSummary): string {
  const f4 = (v: number | null | undefined) => (v === null || v === undefined ? '   -  ' : v.toFixed(4));
  const lines = [
    `run ${s.run}: pairwise folds (validation Spearman of cosine vs relevance)`,
    '  fold  train pairs  valid pairs  before fine-tuning  spearman',
  ];
  for (const f of s.folds)
    lines.push(
      `  ${String(f.fold).padStart(4)}  ${String(f.trainPairs).padStart(11)}  ${String(f.validPairs).padStart(11)}  ${f4(f.spearmanBefore).padStart(17)}  ${f4(f.spearman)}`,
    );
  const befores = s.folds.map((f) => f.spearmanBefore).filter((v): v is number => v !== null);
  lines.push(
    `  offline score (mean of ${s.folds.length} folds): ${f4(s.offlineScore)}${befores.length === s.folds.length && befores.length ? `   (pointwise model on the same folds: ${f4(befores.reduce((a, b) => a + b, 0) / befores.length)})` : ''}`,
  );
  lines.push(`  pointwise zero-shot (all labelled pairs):    ${f4(s.zeroShot)}`);
  if (s.corpus) {
    lines.push('corpus (same pairs): ceiling and baselines');
    lines.push(
      `  oracle ceiling ${f4(s.corpus.oracle)}   text-only oracle ${f4(s.corpus.textViewOracle)}   vision-only oracle ${f4(s.corpus.visionViewOracle)}`,
    );
    lines.push(
      `  shared tags ${f4(s.corpus.sharedTagCount)}   title char bag-of-words ${f4(s.corpus.titleCharBowCosine)}   mean frame cosine ${f4(s.corpus.frameMeanCosine)}   random ${f4(s.corpus.random)}`,
    );
  }
  lines.push(
    `reference solution on the real data: pointwise ${REFERENCE_SCORES.pointwise}, pairwise 5-fold mean ${REFERENCE_SCORES.pairwise}`,
  );
  const total = Object.values(s.stageSeconds).reduce((a, b) => a + b, 0);
  // wrapped, so a run with many folds still prints short lines
  const entries = Object.entries(s.stageSeconds).map(([k, v]) => `${k} ${v.toFixed(0)}`);
  let line = 'stage seconds:';
  for (const e of entries) {
    if (line.length + e.length > 100) {
      lines.push(line + ',');
      line = ' ';
    }
    line += `${line.endsWith(':') || line === ' ' ? ' ' : ', '}${e}`;
  }
  lines.push(`${line} (total ${total.toFixed(0)})`);
  return lines.join('\n');
}
