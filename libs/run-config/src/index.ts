export type {
  RunConfig, CorpusConfig, PrepareConfig, FeaturesConfig, PretrainConfig, PointwiseConfig, PairwiseConfig, SubmitConfig,
  PresetName, StageName,
} from './config';
export { STAGES } from './config';
export { REFERENCE, DEMO, TINY, PRESETS } from './presets';
export { resolveRunConfig, loadRunConfig, stageSections, RunConfigError, type RunFile } from './resolve';
