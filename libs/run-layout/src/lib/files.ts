/** The file names the stages write and read inside `artifacts/<run>/<stage>/`, named once. */
export const RUN_FILES = {
  /** Written last by every stage: its completion record (StageRecord). A folder without it is unfinished. */
  stage: 'stage.json',
  /** The full resolved run config the stage ran with. */
  config: 'config.json',
  /** One JSON line per training step or epoch-end evaluation (trainer). */
  metrics: 'metrics.jsonl',
  /** Resume points of a training stage (removed when the stage completes). */
  checkpoints: 'checkpoints',
  /** prepare: labelled pairs `query\tcandidate\trelevance`. */
  pairs: 'pairs.tsv',
  /** prepare: fold files, one per scheme: `folds/<scheme>.json`. */
  foldsDir: 'folds',
  /** prepare and submit: their summary JSON. */
  summary: 'summary.json',
  /** pairwise-k: validation pairs with the model's cosine. */
  validPredictions: 'valid_predictions.tsv',
  /** pairwise-k: validation video embeddings (for the report's projection). */
  validEmbeddings: 'valid_embeddings.tsv',
  /** pairwise-k: the best state on the held-out training pairs so far (early stopping; removed when the stage ends). */
  bestHoldout: 'best-holdout.safetensors',
  /** pointwise: the linear probe (`pointwise.probe`), a JSON header beside its `.bin` maps. */
  linearProbe: 'linear-probe.json',
  /** pairwise-k: the weight of the tower in the stacked embedding, fitted on pairs (`pairwise.stackProbe`). */
  stacking: 'stacking.json',
  /** ablation/: the table of rows. */
  ablationTable: 'table.json',
  /** eval/: baselines and every model score with bootstrap intervals. */
  eval: 'eval.json',
  /** report/: the HTML report. */
  report: 'report.html',
} as const;

/** Where the per-stage locks live: `artifacts/<run>/.locks/<stage>.lock` (outside the stage folders, which stages reset). */
export const LOCKS_DIR = '.locks';
