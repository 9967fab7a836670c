export { RunArtifacts, PipelineError } from './artifacts';
export { makeContext, type StageContext } from './stages/context';
export { runCorpus } from './stages/corpus';
export {
  runPrepare,
  prepare,
  discoverInputs,
  buildManifest,
  type PrepareRunOptions,
  type PrepareResult,
} from './stages/prepare';
export type { PrepareArgs } from './stages/prepare-args';
export { runFeatures } from './stages/features';
export { runPretrain } from './stages/pretrain';
export { runPointwise } from './stages/pointwise';
export { runPairwise, normaliseLabels } from './stages/pairwise';
export { runSubmit } from './stages/submit';
export { runSummary, formatSummary, type RunSummary } from './stages/summary';
export {
  runEval,
  formatEval,
  labelledPairSets,
  BOOTSTRAP_METHOD,
  MODEL_STAGES,
  type EvalResult,
  type ScoredSet,
  type OutOfFold,
  type AblationInterval,
  type ModelStage,
} from './stages/eval';
export {
  computeBaselines,
  BASELINE_NAMES,
  BASELINE_LABELS,
  type BaselineResult,
  type BaselineSetResult,
  type BaselineName,
  type PairSet,
} from './eval/baselines';
export { TitleFeaturizer, type TitleFeatures } from './data/text-features';
export { chunkShuffledPlans, sequentialPlans, shuffledPlans } from './data/plans';
export { towerConfig, bertConfigFor } from './model/tower-config';
export { embedSet } from './model/embed';
export { meanFrames, strideRows } from './data/mean-frames';
export { fitStoreProbe, probeEmbedSet } from './model/store-probe';
export { fitStacking, loadStageProbe, readStacking, stackAll, type StackingRecord } from './model/stacking';
export { anisotropy, meanEmbedding, tagDiagnostics, type Anisotropy, type TagDiagnostics } from './model/diagnostics';
export { loadPairs, loadTagVocab, storeDir, titleFeaturizer } from './stages/data-sources';
export { stageMain, type StageCliOptions } from './cli';
export { STAGE_COMMANDS, runStageCommand, type StageCommandName } from './commands';
export { runAblation, rowConfig, formatAblation, ABLATION_ROWS, type AblationRowSpec } from './stages/ablation';
export {
  doctor,
  doctorMain,
  formatDoctor,
  estimateRunNeeds,
  FRAME_BYTES_PER_VIDEO,
  type DoctorReport,
  type RunNeeds,
} from './doctor';
