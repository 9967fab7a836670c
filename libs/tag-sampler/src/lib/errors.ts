import { VidsimError, type VidsimErrorContext } from '@vidsim/core';
export type TagSamplerErrorCode = 'BAD_CONFIG' | 'BAD_INPUT';

/** Raised for invalid sampler options and loss inputs; `context` names the field, what was expected and what arrived. */
export class TagSamplerError extends VidsimError {
  declare readonly code: TagSamplerErrorCode;

  constructor(message: string, code: TagSamplerErrorCode, context: VidsimErrorContext = {}) {
    super(message, code, context);
  }
}
