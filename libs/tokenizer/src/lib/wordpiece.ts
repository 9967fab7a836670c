import type { WordPieceVocab } from './vocab';

export interface WordPieceOptions {
  unkToken: string;
  continuingSubwordPrefix: string;
  maxInputCharsPerWord: number;
}

export const DEFAULT_WORDPIECE: WordPieceOptions = {
  unkToken: '[UNK]',
  continuingSubwordPrefix: '##',
  maxInputCharsPerWord: 100,
};

/**
 * Greedy longest-match-first WordPiece over one pre-tokenised word. If any part of the word cannot be
 * matched, or it has more than `maxInputCharsPerWord` characters (code points), the whole word is `[UNK]`.
 */
export class WordPiece {
  readonly unkId: number;

  constructor(
    readonly vocab: WordPieceVocab,
    readonly options: WordPieceOptions = DEFAULT_WORDPIECE,
  ) {
    this.unkId = vocab.require(options.unkToken);
  }

  /** Appends the ids of `word` to `ids`; returns how many were appended. */
  encodeWord(word: string, ids: number[]): number {
    const whole = this.vocab.get(word);
    if (whole !== undefined && word.length <= this.options.maxInputCharsPerWord) {
      ids.push(whole);
      return 1;
    }
    const bounds = codePointBounds(word);
    const n = bounds.length - 1;
    if (n > this.options.maxInputCharsPerWord) {
      ids.push(this.unkId);
      return 1;
    }
    const startLen = ids.length;
    const prefix = this.options.continuingSubwordPrefix;
    let start = 0;
    while (start < n) {
      let end = n;
      let found: number | undefined;
      while (start < end) {
        const sub = word.slice(bounds[start], bounds[end]);
        found = this.vocab.get(start > 0 ? prefix + sub : sub);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) {
        ids.length = startLen;
        ids.push(this.unkId);
        return 1;
      }
      ids.push(found);
      start = end;
    }
    return ids.length - startLen;
  }
}

/** Code-unit offsets of the code point boundaries of `s` (length = code points + 1). */
function codePointBounds(s: string): number[] {
  const b = [0];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) i++;
    }
    b.push(i + 1);
  }
  return b;
}
