import * as fs from 'fs';
import * as path from 'path';
import { formatReport, generateCorpus, presetConfig } from '@vidsim/synthetic-corpus';
import type { StageContext } from './context';

export const CORPUS_REPORT = 'corpus_report.json';

/** Generates the synthetic corpus in the official layout; for official data it only checks the folder exists. */
export async function runCorpus(ctx: StageContext): Promise<void> {
  const t0 = Date.now();
  const c = ctx.config.corpus;
  if (c.source === 'official') {
    for (const sub of ['pointwise', 'pairwise']) {
      if (!fs.existsSync(path.join(c.dir, sub))) throw new Error(`corpus.dir ${c.dir} has no ${sub}/ folder: point it at the official challenge files`);
    }
    return;
  }
  const out = await ctx.artifacts.resetStage('corpus', false);
  const report = await generateCorpus(presetConfig(c.preset, { seed: c.seed, style: c.style ?? 'realistic' }), out, {
    onProgress: (e) => { if (e.status === 'done') ctx.log(`[corpus] wrote ${e.set}: ${e.written} videos`); },
    progressEvery: 50_000,
  });
  ctx.log(formatReport(report));
  await ctx.artifacts.completeStage('corpus', { seconds: (Date.now() - t0) / 1000, backend: 'none', config: c, results: { counts: report.counts, spearman: report.spearman } });
}
