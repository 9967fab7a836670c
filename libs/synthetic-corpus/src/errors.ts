export type SyntheticCorpusErrorCode = 'BAD_CONFIG' | 'UNKNOWN_PRESET' | 'BAD_ARGUMENT' | 'WRITE_FAILED';

/** The one error type of this lib: a stable `code`, a message, and the field / file involved. */
export class SyntheticCorpusError extends Error {
  readonly code: SyntheticCorpusErrorCode;
  readonly context: Record<string, unknown>;

  constructor(code: SyntheticCorpusErrorCode, message: string, context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SyntheticCorpusError';
    this.code = code;
    this.context = context;
  }
}
