export { LogUniformSampler, type LogUniformSamplerOptions, type SampleResult } from './lib/log-uniform-sampler';
export { sampledSoftmaxTagLoss, tagDotLogits, type SampledSoftmaxOptions } from './lib/sampled-softmax-loss';
export { multiLabelSigmoidLoss, type MultiLabelOptions } from './lib/multi-label-loss';
export { TagSamplerError, type TagSamplerErrorCode } from './lib/errors';
