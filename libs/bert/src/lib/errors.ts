import { VidsimError } from '@vidsim/core';
export type BertErrorCode =
  | 'BAD_CONFIG'
  | 'UNKNOWN_CONFIG_KEY'
  | 'BAD_INPUT'
  | 'NO_MLM_LABELS'
  | 'WEIGHT_SHAPE_MISMATCH'
  | 'MISSING_WEIGHTS'
  | 'UNEXPECTED_WEIGHTS'
  | 'UNSUPPORTED_DTYPE'
  | 'BAD_CHECKPOINT';

/** The one error class of @vidsim/bert: a stable `code`, a readable message, and what was involved. */
export class BertError extends VidsimError<BertErrorCode> {}
