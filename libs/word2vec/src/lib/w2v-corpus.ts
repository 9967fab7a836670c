import { Word2VecError } from './errors';

/** A tokenised corpus for word2vec: word ids by descending count, sentences as a flat id array. */
export interface W2vCorpus {
  /** Words, most frequent first (gensim's sorted vocab). */
  words: string[];
  /** [V] occurrences of each word. */
  counts: Float64Array;
  /** All sentences' word ids, concatenated. */
  tokens: Int32Array;
  /** [S + 1] sentence s is tokens[offsets[s] .. offsets[s + 1]). */
  offsets: Int32Array;
}

/** The reference's w2v sentence: `['[CLS]', *title, '[SEP]', *asr, '[SEP]']`. */
export function w2vSentence(titleWords: readonly string[], asrWords: readonly string[]): string[] {
  return ['[CLS]', ...titleWords, '[SEP]', ...asrWords, '[SEP]'];
}

/**
 * One pass over the sentences: count words, store ids in typed arrays, then renumber by descending count
 * (ties: first seen first). Words under `minCount` are dropped from the sentences, as gensim does.
 */
export function buildW2vCorpus(sentences: Iterable<readonly string[]>, minCount = 1): W2vCorpus {
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new Word2VecError(`minCount must be a positive integer, got ${minCount}`, 'BAD_OPTION', { minCount });
  }
  const firstSeen = new Map<string, number>();
  const rawCounts: number[] = [];
  let tokens = new Int32Array(1 << 16);
  let nTok = 0;
  const offsets: number[] = [0];
  for (const sentence of sentences) {
    for (const w of sentence) {
      let id = firstSeen.get(w);
      if (id === undefined) {
        id = rawCounts.length;
        firstSeen.set(w, id);
        rawCounts.push(0);
      }
      rawCounts[id]++;
      if (nTok === tokens.length) {
        const grown = new Int32Array(tokens.length * 2);
        grown.set(tokens);
        tokens = grown;
      }
      tokens[nTok++] = id;
    }
    offsets.push(nTok);
  }
  const order = rawCounts.map((_, i) => i).filter((i) => rawCounts[i] >= minCount);
  order.sort((a, b) => rawCounts[b] - rawCounts[a] || a - b);
  const remap = new Int32Array(rawCounts.length).fill(-1);
  order.forEach((old, i) => (remap[old] = i));
  const words = new Array<string>(order.length);
  for (const [w, old] of firstSeen) if (remap[old] >= 0) words[remap[old]] = w;
  const out = new Int32Array(nTok);
  const newOffsets = new Int32Array(offsets.length);
  let k = 0;
  for (let s = 0; s + 1 < offsets.length; s++) {
    for (let t = offsets[s]; t < offsets[s + 1]; t++) {
      const id = remap[tokens[t]];
      if (id >= 0) out[k++] = id;
    }
    newOffsets[s + 1] = k;
  }
  return {
    words,
    counts: Float64Array.from(order, (old) => rawCounts[old]),
    tokens: out.slice(0, k),
    offsets: newOffsets,
  };
}
