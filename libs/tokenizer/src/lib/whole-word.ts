import type { BertTokenizer, EncodeOptions } from './bert-tokenizer';
import { bertPreTokenize } from './pre-tokenizer';
import type { Segmenter } from './segmenter';
import { padHeadTail } from './truncation';

/**
 * Word-start flags of tokens, given how many normalised characters each token and each word covers:
 * a token starts a word when it begins at a word boundary. [tokens] -> Uint8Array [tokens].
 */
export function alignWordStarts(tokenCharLengths: readonly number[], wordCharLengths: readonly number[]): Uint8Array {
  const boundaries = new Set<number>([0]);
  let pos = 0;
  for (const n of wordCharLengths) boundaries.add((pos += n));
  const out = new Uint8Array(tokenCharLengths.length);
  pos = 0;
  tokenCharLengths.forEach((n, i) => {
    out[i] = boundaries.has(pos) ? 1 : 0;
    pos += n;
  });
  return out;
}

/**
 * Whole-word flags for `tokenizer.encode(text, options)`, laid out like its `inputIds` ([CLS], tokens,
 * [SEP], the same head+tail cut, padding): 1 where a token starts a jieba word (or is special/padding),
 * 0 where it continues one. Feed it to `maskTokens({ wordStarts })`.
 */
export function wholeWordStarts(
  tokenizer: BertTokenizer,
  segmenter: Segmenter,
  text: string,
  options: EncodeOptions = {},
): Uint8Array {
  const { charLengths } = tokenizer.tokenizeDetailed(text);
  const wordLengths = segmenter
    .cut(text)
    .map((w) => bertPreTokenize(tokenizer.normalizer.normalize(w)).reduce((s, p) => s + [...p].length, 0));
  const starts = Array.from(alignWordStarts(charLengths, wordLengths));
  const flags = options.addSpecialTokens === false ? starts : [1, ...starts, 1];
  if (options.maxLength === undefined) return Uint8Array.from(flags);
  const last = options.lastTokens ?? 0;
  const fixed = padHeadTail(flags, options.maxLength, 1, last);
  // The head+tail splice joins two unrelated stretches: the tail never continues the head's word.
  if (flags.length > options.maxLength && last > 0) fixed[options.maxLength - last] = 1;
  return Uint8Array.from(fixed);
}
