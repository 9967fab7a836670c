import * as fs from 'fs';
import * as path from 'path';
import { generateCorpus, presetConfig, type CorpusReport } from '@vidsim/synthetic-corpus';
import { PipelineError } from '../artifacts';
import type { StageContext } from './context';

export const CORPUS_REPORT = 'corpus_report.json';

/** Generates the synthetic corpus in the official layout; for official data it only checks the folder exists. */
export async function runCorpus(ctx: StageContext): Promise<void> {
  const t0 = Date.now();
  const c = ctx.config.corpus;
  if (c.source === 'official') {
    for (const sub of ['pointwise', 'pairwise']) {
      if (!fs.existsSync(path.join(c.dir, sub)))
        throw new PipelineError(
          `corpus.dir ${c.dir} has no ${sub}/ folder: point it at the official challenge files`,
          'MISSING_INPUT',
          { file: c.dir, field: 'corpus.dir' },
        );
    }
    return;
  }
  const out = await ctx.artifacts.resetStage('corpus', false);
  const report = await generateCorpus(presetConfig(c.preset, { seed: c.seed, style: c.style }), out, {
    progressEvery: 50_000,
  });
  ctx.log(corpusLines(report));
  await ctx.artifacts.completeStage('corpus', {
    seconds: (Date.now() - t0) / 1000,
    backend: 'none',
    config: c,
    results: { counts: report.counts, spearman: report.spearman },
  });
}

/** Two log lines: what was written, and the ceiling and baselines (the full report is corpus_report.json). */
export function corpusLines(r: CorpusReport): string {
  const c = r.counts,
    s = r.spearman,
    f = (v: number) => v.toFixed(4);
  return [
    `[corpus] ${c.pointwise} pointwise, ${c.pairwiseVideos} pairwise videos (${c.pairs} pairs), test_a ${c.testA}, test_b ${c.testB}, ${c.tagVocab} tags in ${r.seconds.toFixed(1)} s`,
    `[corpus] Spearman over ${r.scoredPairs} pairs: oracle ${f(s.oracle)} (text ${f(s.textViewOracle)}, vision ${f(s.visionViewOracle)}); ` +
      `tags ${f(s.sharedTagCount)}, title BoW ${f(s.titleCharBowCosine)}, frames ${f(s.frameMeanCosine)}, random ${f(s.random)}`,
  ].join('\n');
}
