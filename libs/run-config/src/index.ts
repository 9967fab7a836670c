export type {
  RunConfig,
  CorpusConfig,
  PrepareConfig,
  FeaturesConfig,
  PretrainConfig,
  PointwiseConfig,
  PairwiseConfig,
  SubmitConfig,
  PresetName,
} from './config';
export { REFERENCE, DEMO, TINY, PRESETS } from './presets';
export { resolveRunConfig, loadRunConfig, stageSections, RunConfigError, type RunFile } from './resolve';
export { loadRunArg, runFileOf, PRESET_NAMES } from './run-arg';
