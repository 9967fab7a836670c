import { VidsimError } from '@vidsim/core';

/** Raised when a backend cannot be used; the message names the package and what to do. */
export class TfRuntimeError extends VidsimError<TfRuntimeErrorCode> {}

export type TfRuntimeErrorCode = 'BACKEND_UNAVAILABLE' | 'BAD_BACKEND' | 'WASM_OOM' | 'BAD_SAFETENSORS';
