import { VidsimError } from '@vidsim/core';
export type NextVladErrorCode = 'BAD_CONFIG' | 'BAD_INPUT_SHAPE' | 'BAD_WEIGHTS';

/** Raised for invalid NeXtVLAD configs and inputs; `context` names the field, what was expected and what arrived. */
export class NextVladError extends VidsimError<NextVladErrorCode> {}
