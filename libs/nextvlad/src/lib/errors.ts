export type NextVladErrorCode = 'BAD_CONFIG' | 'BAD_INPUT_SHAPE' | 'BAD_WEIGHTS';

/** Raised for invalid NeXtVLAD configs and inputs; `context` names the field, what was expected and what arrived. */
export class NextVladError extends Error {
  constructor(
    message: string,
    readonly code: NextVladErrorCode,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'NextVladError';
  }
}
