export { LinearProbeError } from './lib/errors';
export type { LinearProbeErrorCode } from './lib/errors';
export { LinearProbe, LINEAR_PROBE_FILE, linearProbePath } from './lib/probe';
export type { LinearProbeState, ProbeInput } from './lib/probe';
export { fitLinearProbe } from './lib/fit';
export type { LinearProbeOptions, LinearProbeReport, ProbeTrainingVideo } from './lib/fit';
export { crossFittedMix, fitMixWeight, stackEmbeddings } from './lib/stack';
export type { MixWeight } from './lib/stack';
export { topEigen } from './lib/eigen';
