/** Raised when a backend cannot be used; the message names the package and what to do. */
export class TfRuntimeError extends Error {
  constructor(message: string, readonly code: 'BACKEND_UNAVAILABLE' | 'BAD_BACKEND' | 'WASM_OOM' | 'BAD_SAFETENSORS') {
    super(message);
    this.name = 'TfRuntimeError';
  }
}
