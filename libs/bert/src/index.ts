export { BertError, type BertErrorCode } from './lib/errors';
export {
  type BertConfig,
  chineseRobertaWwmExt,
  tiny,
  resolveBertConfig,
  bertConfigFromHf,
  bertConfigToHf,
} from './lib/config';
export { BertModel, type BertInputs, type BertOutputs, type BertModelArgs, type ApplyOptions } from './lib/bert-model';
export { BertMlmHead, maskedLmLoss } from './lib/mlm-head';
export { gelu, layerNorm } from './lib/ops';
export {
  loadHfTensors,
  toHfTensors,
  saveHfCheckpoint,
  type HfCheckpointInfo,
  type LoadHfOptions,
} from './lib/checkpoint/hf-checkpoint';
export { loadPretrainedBert, type PretrainedBert } from './lib/checkpoint/pretrained';
