export { TokenizerError, type TokenizerErrorCode } from './lib/errors';
export { WordPieceVocab, loadChineseBertVocab, chineseBertVocabPath } from './lib/vocab';
export { BertNormalizer, type NormalizerOptions } from './lib/normalizer';
export { bertPreTokenize } from './lib/pre-tokenizer';
export { WordPiece, DEFAULT_WORDPIECE, type WordPieceOptions } from './lib/wordpiece';
export {
  BertTokenizer,
  BERT_SPECIAL_TOKENS,
  TITLE_ENCODING,
  ASR_ENCODING,
  type BertTokenizerOptions,
  type SpecialTokens,
  type Encoding,
  type EncodeOptions,
  type DetailedTokens,
} from './lib/bert-tokenizer';
export { encodeBatch, stackEncodings, type BatchEncoding } from './lib/batch';
export { bertTokenizerFromJson, loadBertTokenizerJson } from './lib/tokenizer-json';
export { padHeadTail, truncateLongestFirst } from './lib/truncation';
export { JiebaSegmenter, type Segmenter } from './lib/segmenter';
export {
  WordVocab,
  wordIds,
  TITLE_WORDS,
  WORD_RESERVED_IDS,
  WORD_UNK_ID,
  WORD_START_ID,
  WORD_END_ID,
} from './lib/word-vocab';
export { maskTokens, MLM_DEFAULTS, type MlmOptions, type MlmBatch } from './lib/mlm';
export { alignWordStarts, wholeWordStarts } from './lib/whole-word';
