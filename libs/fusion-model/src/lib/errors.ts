import { VidsimError } from '@vidsim/core';

export type FusionModelErrorCode = 'BAD_CONFIG' | 'BAD_INPUT' | 'WASM_HEAP' | 'BAD_WEIGHTS';

/** Raised for invalid tower configs and batches; `context` names the field, what was expected and what arrived. */
export class FusionModelError extends VidsimError<FusionModelErrorCode> {}
