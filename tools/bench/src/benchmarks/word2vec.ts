import { Rng } from '@vidsim/core';
import { buildW2vCorpus, trainWord2Vec, type W2vCorpus } from '@vidsim/word2vec';
import type { Benchmark } from '../benchmark';

/** Short texts of Zipf-distributed words (vocab `vocab`, 10-50 words each), like title+ASR sentences. */
function generateCorpus(texts: number, vocab: number, seed = 1): W2vCorpus {
  const rng = new Rng(seed, 'mulberry32');
  // Zipf(1) by inverse CDF over a cumulative table.
  const cum = new Float64Array(vocab);
  let acc = 0;
  for (let i = 0; i < vocab; i++) cum[i] = acc += 1 / (i + 1);
  const draw = (): number => {
    const u = rng.next() * acc;
    let lo = 0;
    let hi = vocab - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const sentences: string[][] = [];
  for (let t = 0; t < texts; t++) {
    const n = 10 + rng.int(41);
    sentences.push(Array.from({ length: n }, () => `w${draw()}`));
  }
  return buildW2vCorpus(sentences);
}

/** Options: --texts N (20000), --vocab V (50000), --dim (400), --window (32), --epochs (1), --sample (1e-3), --kernel (auto|wasm|js). */
const bench: Benchmark<W2vCorpus> = {
  description: 'word2vec skip-gram/negative sampling words/s (reference dim 400, window 32) on a generated corpus',
  runs: 1,
  setup: (args) => generateCorpus(Number(args.texts ?? 20_000), Number(args.vocab ?? 50_000)),
  run: (corpus, args) => {
    const epochs = Number(args.epochs ?? 1);
    const t0 = performance.now();
    trainWord2Vec(corpus, {
      dim: Number(args.dim ?? 400),
      window: Number(args.window ?? 32),
      epochs,
      sample: Number(args.sample ?? 1e-3),
      kernel: (args.kernel ?? 'auto') as 'auto',
    });
    const s = (performance.now() - t0) / 1000;
    const words = corpus.tokens.length * epochs;
    return {
      corpus_words: corpus.tokens.length,
      vocab: corpus.words.length,
      kernel: args.kernel ?? 'auto',
      words_per_s: Math.round(words / s),
      // 1M texts x ~40 words x 10 epochs at this rate:
      est_hours_1M_texts_10_epochs: +((1e6 * 40 * 10) / (words / s) / 3600).toFixed(1),
    };
  },
};
export default bench;
