import { VidsimError } from '@vidsim/core';

export type Word2VecErrorCode = 'BAD_OPTION' | 'BAD_INPUT';

/** The one error class of @vidsim/word2vec: a bad option (naming the field) or an empty corpus. */
export class Word2VecError extends VidsimError<Word2VecErrorCode> {}
