import { VidsimError, type VidsimErrorContext } from '@vidsim/core';
/** Raised when a backend cannot be used; the message names the package and what to do. */
export class TfRuntimeError extends VidsimError {
  declare readonly code: TfRuntimeErrorCode;

  constructor(message: string, code: TfRuntimeErrorCode, context: VidsimErrorContext = {}) {
    super(message, code, context);
  }
}

export type TfRuntimeErrorCode = 'BACKEND_UNAVAILABLE' | 'BAD_BACKEND' | 'WASM_OOM' | 'BAD_SAFETENSORS';
