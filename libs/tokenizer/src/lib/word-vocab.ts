import * as fs from 'node:fs';
import { TokenizerError } from './errors';
import type { Segmenter } from './segmenter';
import { padHeadTail } from './truncation';
import { writeFileAtomicSync } from '@vidsim/core';

/** Reference word-vocab layout: ids 0..199 reserved, 200 = UNK, words from 201 by descending count. */
export const WORD_RESERVED_IDS = 200;
export const WORD_UNK_ID = 200;
export const WORD_START_ID = 101;
export const WORD_END_ID = 102;

/**
 * The reference word vocabulary (gezi `Vocab(file, num_reserved_ids=200)`): `[<PAD>]*200 + [<UNK>] + words`.
 * Saved as gezi's `WordCounter` text: `word<TAB>count` a line, most frequent first.
 */
export class WordVocab {
  private readonly index = new Map<string, number>();

  constructor(
    readonly words: readonly string[],
    readonly counts: readonly number[] = [],
  ) {
    words.forEach((w, i) => {
      if (w.length === 0 || /[\t\n\r]/.test(w)) {
        throw new TokenizerError(`word ${JSON.stringify(w)} cannot be stored in a word vocab`, 'BAD_WORD_VOCAB', {
          line: i + 1,
        });
      }
      if (!this.index.has(w)) this.index.set(w, WORD_UNK_ID + 1 + i);
    });
  }

  /** Total ids: 200 reserved + UNK + words. */
  get size(): number {
    return WORD_UNK_ID + 1 + this.words.length;
  }

  /** Id of `word`, UNK (200) when absent. */
  id(word: string): number {
    return this.index.get(word) ?? WORD_UNK_ID;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** Word of an id; reserved ids read `<PAD>`, 200 reads `<UNK>` (as gezi). */
  key(id: number): string {
    if (id < WORD_UNK_ID) return '<PAD>';
    if (id === WORD_UNK_ID) return '<UNK>';
    const w = this.words[id - WORD_UNK_ID - 1];
    if (w === undefined)
      throw new TokenizerError(`word id ${id} is outside the vocab (size ${this.size})`, 'BAD_INPUT', { id });
    return w;
  }

  /** Count every word of every text; order by count descending, ties in first-seen order. No min count. */
  static build(texts: Iterable<string>, segmenter: Segmenter, minCount = 1): WordVocab {
    const counts = new Map<string, number>();
    for (const t of texts) for (const w of segmenter.cut(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
    return WordVocab.fromCounts(counts, minCount);
  }

  static fromCounts(counts: Map<string, number>, minCount = 1): WordVocab {
    const entries = [...counts].filter(([, c]) => c >= minCount);
    entries.sort((a, b) => b[1] - a[1]); // stable: ties keep first-seen order
    return new WordVocab(
      entries.map((e) => e[0]),
      entries.map((e) => e[1]),
    );
  }

  toText(): string {
    return this.words.map((w, i) => `${w}\t${this.counts[i] ?? 0}\n`).join('');
  }

  static fromText(text: string, file?: string): WordVocab {
    const words: string[] = [];
    const counts: number[] = [];
    text.split('\n').forEach((line, i) => {
      if (line === '') return;
      const tab = line.lastIndexOf('\t');
      const word = tab < 0 ? line : line.slice(0, tab);
      const count = tab < 0 ? 0 : Number(line.slice(tab + 1));
      if (!Number.isFinite(count)) {
        throw new TokenizerError(`bad count on line ${i + 1}`, 'BAD_WORD_VOCAB', { file, line: i + 1 });
      }
      words.push(word);
      counts.push(count);
    });
    return new WordVocab(words, counts);
  }

  /** Write atomically (temp name, then rename). */
  save(file: string): void {
    writeFileAtomicSync(file, this.toText());
  }

  static load(file: string): WordVocab {
    if (!fs.existsSync(file)) throw new TokenizerError(`word vocab not found: ${file}`, 'VOCAB_NOT_FOUND', { file });
    return WordVocab.fromText(fs.readFileSync(file, 'utf8'), file);
  }
}

/** Reference title words: 26 = int(40 * 2 / 3) ids, first 16 + last 10. */
export const TITLE_WORDS = { maxLength: 26, lastTokens: 10 } as const;

/**
 * `title_word_ids`: `[101, ...ids, 102]` (OOV -> 200), padded with 0 or cut to the first
 * `maxLength - lastTokens` and the last `lastTokens`. Output shape [maxLength].
 */
export function wordIds(
  words: readonly string[],
  vocab: WordVocab,
  options: { maxLength: number; lastTokens: number } = TITLE_WORDS,
): Int32Array {
  const ids = [WORD_START_ID, ...words.map((w) => vocab.id(w)), WORD_END_ID];
  return Int32Array.from(padHeadTail(ids, options.maxLength, 0, options.lastTokens));
}
