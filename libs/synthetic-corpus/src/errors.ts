import { VidsimError, type VidsimErrorContext } from '@vidsim/core';
export type SyntheticCorpusErrorCode = 'BAD_CONFIG' | 'UNKNOWN_PRESET' | 'BAD_ARGUMENT' | 'WRITE_FAILED';

/** The one error type of this lib: a stable `code`, a message, and the field / file involved. */
export class SyntheticCorpusError extends VidsimError<SyntheticCorpusErrorCode> {
  constructor(message: string, code: SyntheticCorpusErrorCode, context: VidsimErrorContext = {}) {
    super(message, code, context, { cause: context.cause });
  }
}
