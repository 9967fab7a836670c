import { Word2VecError } from './errors';
import { Rng } from '@vidsim/core';
import type { W2vCorpus } from './w2v-corpus';
import { createWasmKernel, type SgKernel } from './word2vec-wasm';
import { WORD_UNK_ID, type WordVocab } from '@vidsim/tokenizer';

/** gensim `Word2Vec` options (reference: sg=1, window=32, min_count=1, epochs=10, d=400; the rest gensim defaults). */
export interface Word2VecConfig {
  dim: number;
  window: number;
  epochs: number;
  /** Negative samples per positive pair. */
  negative: number;
  /** Start and end learning rate; decays linearly over all epochs' words. */
  alpha: number;
  minAlpha: number;
  /** Down-sampling threshold of frequent words (0 = off). */
  sample: number;
  /** Exponent of the unigram distribution of negatives. */
  nsExponent: number;
  /** Size of the negative-sampling table. */
  tableSize: number;
  seed: number;
  /**
   * Inner-loop implementation: 'wasm' (WebAssembly SIMD, single precision like word2vec.c and gensim), 'js' (plain
   * typed arrays), 'auto' (wasm where it is available and syn0 + syn1 fit its 4 GiB, else js).
   */
  kernel: 'auto' | 'wasm' | 'js';
}

export const WORD2VEC_DEFAULTS: Readonly<Word2VecConfig> = {
  dim: 400,
  window: 32,
  epochs: 10,
  negative: 5,
  alpha: 0.025,
  minAlpha: 0.0001,
  sample: 1e-3,
  nsExponent: 0.75,
  tableSize: 1e7,
  seed: 1,
  kernel: 'auto',
};

/** A tiny configuration for tests and smoke runs. */
export const WORD2VEC_TINY: Readonly<Word2VecConfig> = {
  ...WORD2VEC_DEFAULTS,
  dim: 16,
  window: 4,
  epochs: 5,
  tableSize: 1e5,
};

export interface Word2VecModel {
  words: string[];
  index: Map<string, number>;
  dim: number;
  /** [V, dim] input vectors (gensim `wv.vectors`). */
  vectors: Float32Array;
}

export interface Word2VecProgress {
  epoch: number;
  wordsDone: number;
  alpha: number;
}

/** gensim's linear decay: `alpha - (alpha - minAlpha) * progress`, progress in [0, 1]. */
export function learningRate(config: Pick<Word2VecConfig, 'alpha' | 'minAlpha'>, progress: number): number {
  const a = config.alpha - (config.alpha - config.minAlpha) * progress;
  return Math.max(config.minAlpha, a);
}

/** gensim's probability of keeping one occurrence of a word seen `count` times out of `total`. */
export function keepProbability(count: number, total: number, sample: number): number {
  if (sample <= 0) return 1;
  const threshold = sample * total;
  return Math.min(1, (Math.sqrt(count / threshold) + 1) * (threshold / count));
}

/** word2vec's negative table: word w fills a share count[w]^power / sum of the table. */
export function unigramTable(counts: ArrayLike<number>, power: number, size: number): Int32Array {
  if (counts.length === 0) throw new Word2VecError('empty vocabulary', 'BAD_INPUT');
  const table = new Int32Array(size);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += Math.pow(counts[i], power);
  let w = 0;
  let cum = Math.pow(counts[0], power) / total;
  for (let a = 0; a < size; a++) {
    // Midpoint rule: slot a belongs to the word whose cumulative share covers (a + 0.5) / size.
    while ((a + 0.5) / size > cum && w < counts.length - 1) {
      w++;
      cum += Math.pow(counts[w], power) / total;
    }
    table[a] = w;
  }
  return table;
}

const MAX_EXP = 6;
const EXP_TABLE_SIZE = 1000;
const EXP_TABLE = Float32Array.from({ length: EXP_TABLE_SIZE }, (_, i) => {
  const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
  return e / (e + 1);
});

function validate(c: Word2VecConfig): void {
  const ints: (keyof Word2VecConfig)[] = ['dim', 'window', 'epochs', 'negative', 'tableSize'];
  for (const k of ints) {
    if (!Number.isInteger(c[k]) || (c[k] as number) < (k === 'negative' ? 0 : 1)) {
      throw new Word2VecError(`word2vec ${k} must be a positive integer, got ${c[k]}`, 'BAD_OPTION', { field: k });
    }
  }
  if (!(c.alpha > 0) || !(c.minAlpha >= 0) || !(c.sample >= 0)) {
    throw new Word2VecError('word2vec alpha must be > 0, minAlpha and sample >= 0', 'BAD_OPTION', { config: c });
  }
  if (!['auto', 'wasm', 'js'].includes(c.kernel)) {
    throw new Word2VecError(`word2vec kernel must be 'auto', 'wasm' or 'js', got ${String(c.kernel)}`, 'BAD_OPTION', {
      field: 'kernel',
    });
  }
}

/** The plain-JS kernel: the same update as the wasm one, in double precision over float32 storage. */
function createJsKernel(V: number, dim: number, maxTargets: number): SgKernel {
  const syn0 = new Float32Array(V * dim);
  const syn1 = new Float32Array(V * dim);
  const work = new Float64Array(dim);
  const targets = new Uint32Array(maxTargets);
  return {
    syn0,
    syn1,
    stride: dim,
    targets,
    targetBase: 0,
    targetStep: dim,
    pair: (row, n, alpha) => {
      const row1 = row * dim;
      work.fill(0);
      for (let t = 0; t < n; t++) {
        const row2 = targets[t];
        const f = dot(syn0, row1, syn1, row2, dim);
        if (f <= -MAX_EXP || f >= MAX_EXP) continue;
        const sig = EXP_TABLE[Math.floor((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))];
        const g = ((t === 0 ? 1 : 0) - sig) * alpha;
        for (let k = 0; k < dim; k++) {
          work[k] += g * syn1[row2 + k];
          syn1[row2 + k] += g * syn0[row1 + k];
        }
      }
      for (let k = 0; k < dim; k++) syn0[row1 + k] += work[k];
    },
  };
}

function createKernel(c: Word2VecConfig, V: number): SgKernel {
  if (c.kernel !== 'js') {
    const k = createWasmKernel(V, c.dim, c.negative + 1, EXP_TABLE, MAX_EXP);
    if (k) return k;
    if (c.kernel === 'wasm')
      throw new Word2VecError(
        `word2vec wasm kernel unavailable (no WebAssembly SIMD, or ${V} x ${c.dim} over 4 GiB)`,
        'BAD_OPTION',
        { field: 'kernel' },
      );
  }
  return createJsKernel(V, c.dim, c.negative + 1);
}

/**
 * Skip-gram with negative sampling, single-threaded, following gensim's `train_batch_sg`: frequent-word
 * down-sampling, a random reduced window per centre word, each context word's input vector trained to
 * predict the centre word against `negative` draws from the unigram^0.75 table, updates skipped where
 * |dot| >= 6, learning rate decaying linearly over the whole run. Sampling runs here; each pair's update runs in a
 * WebAssembly SIMD kernel where available (`kernel`), else in plain JS. Both draw the same random numbers.
 */
export function trainWord2Vec(
  corpus: W2vCorpus,
  config: Partial<Word2VecConfig> = {},
  onEpoch?: (p: Word2VecProgress) => void,
): Word2VecModel {
  const c: Word2VecConfig = { ...WORD2VEC_DEFAULTS, ...config };
  validate(c);
  const { dim, window, negative } = c;
  const V = corpus.words.length;
  const rng = new Rng(c.seed, 'mulberry32');
  const kernel = createKernel(c, V);
  const { syn0, stride, targets, targetBase, targetStep, pair } = kernel;
  for (let r = 0; r < V; r++) for (let k = 0; k < dim; k++) syn0[r * stride + k] = (rng.next() * 2 - 1) / dim;
  const table = unigramTable(corpus.counts, c.nsExponent, c.tableSize);
  const tableLen = table.length;
  let total = 0;
  for (let i = 0; i < V; i++) total += corpus.counts[i];
  const keep = Uint32Array.from(corpus.counts, (n) =>
    Math.min(4294967295, Math.round(keepProbability(n, total, c.sample) * 4294967296)),
  );
  const nSent = corpus.offsets.length - 1;
  const buf = new Int32Array(Math.max(1, maxSentenceLength(corpus.offsets)));
  const totalWords = total * c.epochs;
  let done = 0;
  let alpha = c.alpha;

  for (let epoch = 0; epoch < c.epochs; epoch++) {
    for (let s = 0; s < nSent; s++) {
      const from = corpus.offsets[s];
      const to = corpus.offsets[s + 1];
      let n = 0;
      for (let t = from; t < to; t++) {
        const w = corpus.tokens[t];
        if (c.sample === 0 || keep[w] >= rng.uint32()) buf[n++] = w;
      }
      for (let i = 0; i < n; i++) {
        const word = buf[i];
        const wordTarget = targetBase + word * targetStep;
        const b = rng.uint32() % window;
        const lo = Math.max(0, i - window + b);
        const hi = Math.min(n, i + window + 1 - b);
        for (let j = lo; j < hi; j++) {
          if (j === i) continue;
          targets[0] = wordTarget;
          let m = 1;
          for (let d = 0; d < negative; d++) {
            const target = table[rng.uint32() % tableLen];
            if (target !== word) targets[m++] = targetBase + target * targetStep;
          }
          pair(buf[j], m, alpha);
        }
      }
      done += to - from;
      alpha = learningRate(c, done / totalWords);
    }
    onEpoch?.({ epoch, wordsDone: done, alpha });
  }
  const index = new Map<string, number>();
  corpus.words.forEach((w, i) => index.set(w, i));
  // A view into the wasm memory would keep syn1 alive too: copy the rows out (dropping the padding).
  let vectors = syn0;
  if (stride !== dim || syn0.byteLength !== syn0.buffer.byteLength) {
    vectors = new Float32Array(V * dim);
    for (let r = 0; r < V; r++) vectors.set(syn0.subarray(r * stride, r * stride + dim), r * dim);
  }
  return { words: corpus.words, index, dim, vectors };
}

/** Dot product of two rows; four accumulators let V8 overlap the multiply-adds. */
function dot(a: Float32Array, ra: number, b: Float32Array, rb: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < dim; k += 4) {
    s0 += a[ra + k] * b[rb + k];
    s1 += a[ra + k + 1] * b[rb + k + 1];
    s2 += a[ra + k + 2] * b[rb + k + 2];
    s3 += a[ra + k + 3] * b[rb + k + 3];
  }
  for (; k < dim; k++) s0 += a[ra + k] * b[rb + k];
  return s0 + s1 + s2 + s3;
}

function maxSentenceLength(offsets: Int32Array): number {
  let m = 0;
  for (let s = 0; s + 1 < offsets.length; s++) m = Math.max(m, offsets[s + 1] - offsets[s]);
  return m;
}

/**
 * The reference's `word.npy`: a [vocab.size, dim] matrix drawn U(-0.05, 0.05), with the row of every
 * vocab word that word2vec knows overwritten by its vector. Reserved ids and UNK stay random.
 */
export function alignToWordVocab(model: Word2VecModel, vocab: WordVocab, seed = 1024): Float32Array {
  const { dim } = model;
  const rng = new Rng(seed, 'mulberry32');
  const out = new Float32Array(vocab.size * dim);
  for (let i = 0; i < out.length; i++) out[i] = (rng.next() * 2 - 1) * 0.05;
  for (let id = WORD_UNK_ID + 1; id < vocab.size; id++) {
    const row = model.index.get(vocab.key(id));
    if (row !== undefined) out.set(model.vectors.subarray(row * dim, (row + 1) * dim), id * dim);
  }
  return out;
}
