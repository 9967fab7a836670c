import { MODEL2, TINY, resolveFusionConfig, type FusionConfig } from '@vidsim/fusion-model';
import type { RunConfig } from '@vidsim/run-config';

/** The tower's config for a run: the preset, the run's overrides, and the vocab sizes of the prepared data. */
export function towerConfig(run: RunConfig, sizes: { tagVocabSize: number; wordVocabSize: number }): FusionConfig {
  const base = run.model.preset === 'tiny' ? TINY : MODEL2;
  return resolveFusionConfig({ ...run.model.overrides, ...sizes, seed: run.seed }, base);
}

/** The BERT config a run's tower will use (pretraining needs it before the data sizes are known). */
export function bertConfigFor(run: RunConfig): FusionConfig['bert'] {
  const base = run.model.preset === 'tiny' ? TINY : MODEL2;
  return resolveFusionConfig({ bert: run.model.overrides.bert ?? {} }, base).bert;
}
