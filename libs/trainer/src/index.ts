export { warmupPolynomialDecay, type Schedule, type ScheduleConfig } from './schedule';
export { clipByGlobalNorm } from './clip';
export { GroupedAdam, REFERENCE_ADAM, type ParamGroup, type AdamConfig, type StepResult } from './grouped-adam';
export { Checkpointer, type CheckpointState } from './checkpoint';
export { checkpointProblem, fileCrc32c, MANIFEST as CHECKPOINT_MANIFEST } from './checkpoint-integrity';
export { TrainerError, describeFsError, type TrainerErrorCode } from './errors';
export { MetricsLog } from './metrics-log';
export { Progress, formatDuration } from './progress';
export { trainLoop, type TrainData, type TrainLoopOptions, type TrainSummary } from './train-loop';
