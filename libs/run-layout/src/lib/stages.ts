/**
 * The pipeline's stages in run order. Each is an app (`apps/<stage>`), an Nx target of every run project
 * (`apps/runs/<run>/project.json`) and a folder `artifacts/<run>/<stage>/`; `pairwise` runs once per fold
 * (`pairwise-<k>`) and once over every pair (`pairwise-all`). Each stage's config is the run.json section of the
 * same name (see `stageSections` in @vidsim/run-config).
 */
export const STAGES = ['corpus', 'prepare', 'features', 'pretrain', 'pointwise', 'pairwise', 'submit', 'eval'] as const;
export type StageName = (typeof STAGES)[number];

/** A pairwise run: validation fold k (0 .. numFolds-1) or every pair ('all', the submission model). */
export type FoldName = number | 'all';
export type PairwiseStageName = `pairwise-${number}` | 'pairwise-all';

/** A folder under artifacts/<run>/: a stage, one pairwise fold, the report or the ablation table. */
export type StageDirName = Exclude<StageName, 'pairwise'> | PairwiseStageName | 'report' | 'ablation';

/** The stages an ablation row reads from its base run instead of redoing (they do not depend on the row). */
export const SHARED_STAGES: readonly StageDirName[] = ['corpus', 'prepare', 'features', 'pretrain'];

export function pairwiseStage(fold: FoldName): PairwiseStageName {
  return `pairwise-${fold}` as PairwiseStageName;
}

/** pairwise-0 .. pairwise-(numFolds-1): one validation run per fold prepare wrote. */
export function foldStages(numFolds: number): PairwiseStageName[] {
  if (!Number.isInteger(numFolds) || numFolds < 1)
    throw new RangeError(`the fold count must be a positive integer, got ${numFolds}`);
  return Array.from({ length: numFolds }, (_, k) => pairwiseStage(k));
}

/** Every stage folder of a run in run order, pairwise expanded into its folds and 'all'. */
export function stageDirs(numFolds: number): StageDirName[] {
  return STAGES.flatMap((s): StageDirName[] => (s === 'pairwise' ? [...foldStages(numFolds), 'pairwise-all'] : [s]));
}

/** The stages that train (metrics.jsonl, checkpoints/, --resume). */
export function trainingStageDirs(numFolds: number): StageDirName[] {
  return ['pretrain', 'pointwise', ...foldStages(numFolds), 'pairwise-all'];
}

/** The fold number of a pairwise stage folder ('pairwise-3' -> 3, 'pairwise-all' -> 'all'), else undefined. */
export function foldOf(stage: string): FoldName | undefined {
  const m = /^pairwise-(\d+|all)$/.exec(stage);
  if (!m) return undefined;
  return m[1] === 'all' ? 'all' : Number(m[1]);
}

/**
 * Parses a `--fold` value against the run's fold count: '0' .. String(numFolds-1) or 'all'. Returns an error
 * message (not an exception: the caller owns its error class) when it is neither.
 */
export function parseFold(value: string | undefined, numFolds: number): FoldName | string {
  if (value === 'all') return 'all';
  const k = Number(value);
  if (value !== undefined && /^\d+$/.test(value) && k < numFolds) return k;
  return `--fold must be 0..${numFolds - 1} or all, got '${value ?? ''}'`;
}
