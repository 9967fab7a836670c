import { VidsimError } from '@vidsim/core';
export type TagSamplerErrorCode = 'BAD_CONFIG' | 'BAD_INPUT';

/** Raised for invalid sampler options and loss inputs; `context` names the field, what was expected and what arrived. */
export class TagSamplerError extends VidsimError<TagSamplerErrorCode> {}
