import { VidsimError, type VidsimErrorContext } from '@vidsim/core';
export type NextVladErrorCode = 'BAD_CONFIG' | 'BAD_INPUT_SHAPE' | 'BAD_WEIGHTS';

/** Raised for invalid NeXtVLAD configs and inputs; `context` names the field, what was expected and what arrived. */
export class NextVladError extends VidsimError {
  declare readonly code: NextVladErrorCode;

  constructor(message: string, code: NextVladErrorCode, context: VidsimErrorContext = {}) {
    super(message, code, context);
  }
}
