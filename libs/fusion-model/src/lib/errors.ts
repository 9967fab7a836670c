export type FusionModelErrorCode = 'BAD_CONFIG' | 'BAD_INPUT' | 'WASM_HEAP';

/** Raised for invalid tower configs and batches; `context` names the field, what was expected and what arrived. */
export class FusionModelError extends Error {
  constructor(
    message: string,
    readonly code: FusionModelErrorCode,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'FusionModelError';
  }
}
