import * as fs from 'fs';
import * as path from 'path';
import { openStore, VideoSet, type SkippedRecord } from '@vidsim/data-prep';
import { FusionTower, loadTowerInto } from '@vidsim/fusion-model';
import { checkSubmission, writeSubmission } from '@vidsim/spearman-eval';
import { embedSet } from '../model/embed';
import { loadStageProbe, readStacking, stackAll } from '../model/stacking';
import { probeEmbedSet } from '../model/store-probe';
import { towerConfig } from '../model/tower-config';
import type { StageContext } from './context';
import { loadTagVocab, storeDir, titleFeaturizer } from './data-sources';
import { pairwiseStage, RUN_FILES } from '@vidsim/run-layout';
import { TOWER_FILE } from './pointwise';
import { formatSummary, runSummary } from './summary';
import { PipelineError } from '../artifacts';

/**
 * Embeds each test set with the model trained on every pair (the online model; the pointwise model when
 * `pairwise.trainAll` is off), writes `<set>/result.zip` (root `result.json`, float16 values), checks it, and
 * prints the run's fold table beside the corpus ceiling and baselines.
 */
export async function runSubmit(ctx: StageContext): Promise<void> {
  const t0 = Date.now();
  const source = ctx.config.pairwise.trainAll ? pairwiseStage('all') : 'pointwise';
  ctx.artifacts.requireStage(source, 'submit');
  const out = await ctx.artifacts.resetStage('submit', false);
  const text = titleFeaturizer(ctx);
  const tower = new FusionTower(
    towerConfig(ctx.config, { tagVocabSize: loadTagVocab(ctx).size, wordVocabSize: text.wordVocab!.size }),
  );
  await loadTowerInto(path.join(ctx.artifacts.dir(source), TOWER_FILE), tower);
  const stacking = readStacking(ctx.artifacts.dir(source));
  const probe = stacking ? loadStageProbe(ctx.artifacts.dir('pointwise')) : null;
  if (stacking && !probe)
    throw new PipelineError(
      `${source} stacked the tower with the linear probe, but ${path.join(ctx.artifacts.dir('pointwise'), RUN_FILES.linearProbe)} is missing: rerun pointwise`,
      'MISSING_INPUT',
      { file: path.join(ctx.artifacts.dir('pointwise'), RUN_FILES.linearProbe) },
    );
  if (stacking) ctx.log(`[submit] embedding: the tower stacked with the linear probe, tower weight ${stacking.weight}`);
  const written: Record<string, unknown> = {};
  const store = await openStore(storeDir(ctx));
  for (const set of ctx.config.submit.sets) {
    const skipped = store.skippedRecords(set);
    if (skipped.length > 0) ctx.log(missingVideosWarning(set, skipped));
    const videos = await VideoSet.open(storeDir(ctx), set);
    const towerEmb = await embedSet(tower, videos, text);
    const emb =
      stacking && probe
        ? stackAll(towerEmb, await probeEmbedSet(probe, videos, [...videos.ids.keys()]), stacking.weight)
        : towerEmb;
    const zip = path.join(out, set, 'result.zip');
    fs.mkdirSync(path.dirname(zip), { recursive: true });
    await writeSubmission(zip, emb.entries());
    const check = await checkSubmission(zip, videos.ids);
    if (!check.ok)
      throw new PipelineError(`${zip} failed its check: ${check.errors.join('; ')}`, 'BAD_DATA', { file: zip });
    written[set] = {
      zip,
      videos: check.vids,
      dim: check.dim,
      bytes: fs.statSync(zip).size,
      missingSkipped: skipped.length,
    };
    ctx.log(`[submit] ${zip}: ${check.vids} videos x ${check.dim} (checked)`);
    await videos.close();
  }
  tower.dispose();
  const summary = runSummary(ctx);
  fs.writeFileSync(path.join(out, RUN_FILES.summary), JSON.stringify(summary, null, 2) + '\n');
  console.log(formatSummary(summary));
  await ctx.artifacts.completeStage('submit', {
    seconds: (Date.now() - t0) / 1000,
    backend: ctx.backend.name,
    config: ctx.config.submit,
    results: { source, sets: written, offlineScore: summary.offlineScore, stacking },
  });
}

/**
 * The warning for a test set that prepare ingested under --skip-bad: its result.zip cannot hold the skipped videos,
 * and the official scorer counts a missing vid against the submission.
 */
export function missingVideosWarning(set: string, skipped: SkippedRecord[]): string {
  const ids = skipped.map((r) => r.id ?? `${path.basename(r.file)}@${r.offset}`);
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, ... (${ids.length - 5} more)` : '');
  return `[submit] warning: ${set} lacks ${skipped.length} video${skipped.length === 1 ? '' : 's'} that prepare skipped under --skip-bad, so its result.zip will miss them: ${shown} (store.json sets.${set}.skipped)`;
}
