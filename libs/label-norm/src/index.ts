export { LabelNormError } from './lib/errors';
export type { LabelNormErrorCode } from './lib/errors';
export { QuantileNorm } from './lib/quantile-norm';
export type { QuantileNormArgs, QuantileNormJSON } from './lib/quantile-norm';
export { rankNorm, identityNorm } from './lib/rank-norm';
export { THRES, relevanceLevel, thresLabel, thresLabels, sampleWeight, sampleWeights } from './lib/thres';
