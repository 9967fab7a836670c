/** `<stage>/stage.json`: what a finished stage ran with and produced. */
export interface StageRecord {
  stage: string;
  /** ISO time the stage finished. */
  finishedAt: string;
  /** Wall seconds from the stage's start to this record. */
  seconds: number;
  /** TF.js backend ('none' for stages without TF.js). */
  backend: string;
  /** The stage's config section as it ran. */
  config: unknown;
  results: Record<string, unknown>;
}

/** The reference (3rd-place) solution's published Spearman on the official data (reference-solution.md §6). */
export const REFERENCE_SCORES = { pointwise: 0.7284, pairwise: 0.834 } as const;

/** A published or measured pointwise / pairwise pair of scores; null where not given. */
export interface ScorePair {
  pointwise: number | null;
  pairwise: number | null;
}

/** One row of `ablation/table.json`: the reference's published scores for the row beside this run's. */
export interface AblationRow {
  row: string;
  description: string;
  reference: ScorePair;
  ours: { zeroShot: number | null; offline: number | null; folds: number };
}
