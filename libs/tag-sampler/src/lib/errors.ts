export type TagSamplerErrorCode = 'BAD_CONFIG' | 'BAD_INPUT';

/** Raised for invalid sampler options and loss inputs; `context` names the field, what was expected and what arrived. */
export class TagSamplerError extends Error {
  constructor(
    message: string,
    readonly code: TagSamplerErrorCode,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'TagSamplerError';
  }
}
