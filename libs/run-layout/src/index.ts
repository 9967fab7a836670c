export {
  STAGES,
  SHARED_STAGES,
  pairwiseStage,
  foldStages,
  stageDirs,
  trainingStageDirs,
  foldOf,
  parseFold,
  type StageName,
  type FoldName,
  type PairwiseStageName,
  type StageDirName,
} from './lib/stages';
export { RUN_FILES, LOCKS_DIR } from './lib/files';
export { REFERENCE_SCORES, type StageRecord, type AblationRow, type ScorePair } from './lib/records';
export { RunLayout } from './lib/run-layout';
export { acquireStageLock, StageLockError, type StageLock, type LockHolder } from './lib/stage-lock';
