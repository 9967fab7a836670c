export { warmupPolynomialDecay, constantSchedule, type Schedule, type ScheduleConfig } from './schedule';
export { clipByGlobalNorm } from './clip';
export { TrainerError, type TrainerErrorCode } from './errors';
export { GroupedAdam, REFERENCE_ADAM, type ParamGroup, type AdamConfig, type StepResult } from './grouped-adam';
export { Checkpointer, type CheckpointState } from './checkpoint';
export { MetricsLog } from './metrics-log';
export { Progress, formatDuration } from './progress';
export { trainLoop, type TrainData, type TrainLoopOptions, type TrainSummary } from './train-loop';
