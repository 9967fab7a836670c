import { VidsimError } from '@vidsim/core';

export type TokenizerErrorCode =
  'BAD_VOCAB' | 'VOCAB_NOT_FOUND' | 'BAD_TOKENIZER_JSON' | 'BAD_OPTION' | 'BAD_INPUT' | 'BAD_WORD_VOCAB';

/** The one error class of @vidsim/tokenizer: a stable `code`, a readable message, and what was involved. */
export class TokenizerError extends VidsimError<TokenizerErrorCode> {}
