import { VidsimError, type VidsimErrorContext } from '@vidsim/core';

export type Word2VecErrorCode = 'BAD_OPTION' | 'BAD_INPUT';

/** The one error class of @vidsim/word2vec: a bad option (naming the field) or an empty corpus. */
export class Word2VecError extends VidsimError {
  declare readonly code: Word2VecErrorCode;

  constructor(message: string, code: Word2VecErrorCode, context: VidsimErrorContext = {}) {
    super(message, code, context);
  }
}
