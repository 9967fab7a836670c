/** Raised when a backend cannot be used; the message names the package and what to do. */
export class TfRuntimeError extends Error {
  constructor(
    message: string,
    readonly code: 'BACKEND_UNAVAILABLE' | 'BAD_BACKEND' | 'WASM_OOM' | 'BAD_SAFETENSORS',
    /** What the error is about: for a bad file, its path, the tensor and the byte offset involved. */
    readonly context: { file?: string; tensor?: string; offset?: number } = {},
  ) {
    super(message);
    this.name = 'TfRuntimeError';
  }
}
