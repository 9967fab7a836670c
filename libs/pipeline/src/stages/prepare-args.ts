import type { DirectIo } from '@vidsim/data-prep';

/** What `prepare` needs: the run's prepare section (folds, skipBad, subsample, shardRows) plus where and how. */
export interface PrepareArgs {
  /** The official data root (or the synthetic corpus): every sub-folder holding *.tfrecords becomes a set. */
  input: string;
  /** The stage folder: store.json + <set>/part-*.arrow, vocab/, pairs.tsv, folds/, summary.json, manifest.json. */
  out: string;
  skipBad: boolean;
  subsample: boolean;
  shardRows: number;
  /** Ingest threads (machine-specific; do not change the output). */
  workers: number | 'auto';
  directIo: DirectIo;
  numFolds: number;
  /** Rebuild from scratch instead of keeping an up-to-date store or the pieces an interrupted run finished. */
  force: boolean;
}
