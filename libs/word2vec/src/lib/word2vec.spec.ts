import { Rng } from '@vidsim/core';
import { buildW2vCorpus, w2vSentence } from './w2v-corpus';
import { WordVocab } from '@vidsim/tokenizer';
import { alignToWordVocab, keepProbability, learningRate, trainWord2Vec, unigramTable } from './word2vec';
import { Word2VecError } from './errors';
import { createWasmKernel } from './word2vec-wasm';

function cosine(v: Float32Array, dim: number, a: number, b: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < dim; k++) {
    ab += v[a * dim + k] * v[b * dim + k];
    aa += v[a * dim + k] ** 2;
    bb += v[b * dim + k] ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('word2vec building blocks', () => {
  it('builds the corpus with ids by descending count and the reference sentence layout', () => {
    const c = buildW2vCorpus([w2vSentence(['猫', '狗'], ['狗']), ['猫']]);
    // counts: [CLS] 1, 猫 2, 狗 2, [SEP] 2; ties keep first-seen order
    expect(c.words).toEqual(['猫', '狗', '[SEP]', '[CLS]']);
    expect(Array.from(c.counts)).toEqual([2, 2, 2, 1]);
    expect(Array.from(c.tokens)).toEqual([3, 0, 1, 2, 1, 2, 0]);
    expect(Array.from(c.offsets)).toEqual([0, 6, 7]);
    expect(buildW2vCorpus([['a', 'b', 'a']], 2).words).toEqual(['a']);
  });

  it('decays the learning rate linearly like gensim', () => {
    expect(learningRate({ alpha: 0.025, minAlpha: 0.0001 }, 0)).toBeCloseTo(0.025, 12);
    expect(learningRate({ alpha: 0.025, minAlpha: 0.0001 }, 0.5)).toBeCloseTo(0.01255, 12);
    expect(learningRate({ alpha: 0.025, minAlpha: 0.0001 }, 1)).toBeCloseTo(0.0001, 12);
  });

  it('keeps frequent words with gensim probability (sqrt(c/t)+1)·t/c', () => {
    // t = 1e-3 · 10000 = 10; c = 1000: (sqrt(100) + 1) · 0.01 = 0.11
    expect(keepProbability(1000, 10000, 1e-3)).toBeCloseTo(0.11, 12);
    expect(keepProbability(5, 10000, 1e-3)).toBe(1);
    expect(keepProbability(1000, 10000, 0)).toBe(1);
  });

  it('fills the negative table in proportion to count^0.75', () => {
    // 16^0.75 = 8, 1^0.75 = 1, 81^0.75 = 27: shares 8/36, 1/36, 27/36
    const t = unigramTable([16, 1, 81], 0.75, 3600);
    const n = [0, 0, 0];
    t.forEach((w) => n[w]++);
    expect(n).toEqual([800, 100, 2700]);
  });

  it('rejects bad options', () => {
    expect(() => trainWord2Vec(buildW2vCorpus([['a', 'b']]), { dim: 0 })).toThrow(Word2VecError);
    expect(() => trainWord2Vec(buildW2vCorpus([['a', 'b']]), { kernel: 'gpu' as 'js' })).toThrow(Word2VecError);
  });
});

describe('wasm SIMD kernel', () => {
  it("applies word2vec.c's pair update (checked against the formula in float64)", () => {
    const MAX_EXP = 6;
    const SIZE = 1000;
    const exp = Float32Array.from({ length: SIZE }, (_, i) => 1 / (1 + Math.exp(-((i / SIZE) * 2 - 1) * MAX_EXP)));
    const V = 30;
    const dim = 13;
    const k = createWasmKernel(V, dim, 6, exp, MAX_EXP);
    if (!k) throw new Error('no wasm SIMD in this Node');
    expect(k.stride).toBe(16);
    const rng = new Rng(5, 'mulberry32');
    const s0 = new Float64Array(V * dim);
    const s1 = new Float64Array(V * dim);
    for (let r = 0; r < V; r++) {
      for (let d = 0; d < dim; d++) {
        k.syn0[r * k.stride + d] = s0[r * dim + d] = Math.fround(rng.next() * 2 - 1);
        k.syn1[r * k.stride + d] = s1[r * dim + d] = Math.fround((rng.next() * 2 - 1) * 0.5);
      }
    }
    for (let it = 0; it < 300; it++) {
      const row1 = rng.int(V);
      const targets = [rng.int(V), rng.int(V), rng.int(V), rng.int(V)];
      targets.forEach((t, i) => (k.targets[i] = k.targetBase + t * k.targetStep));
      k.pair(row1, targets.length, 0.05);
      // syn0 row1 += sum_t g_t syn1[t] (syn1 before its own update), syn1[t] += g_t syn0[row1]; g = (label - sigma(f)) alpha
      const work = new Float64Array(dim);
      targets.forEach((t, i) => {
        let f = 0;
        for (let d = 0; d < dim; d++) f += s0[row1 * dim + d] * s1[t * dim + d];
        if (Math.abs(f) >= MAX_EXP) return;
        const g = ((i === 0 ? 1 : 0) - exp[Math.floor((f + MAX_EXP) * (SIZE / MAX_EXP / 2))]) * 0.05;
        for (let d = 0; d < dim; d++) {
          work[d] += g * s1[t * dim + d];
          s1[t * dim + d] += g * s0[row1 * dim + d];
        }
      });
      for (let d = 0; d < dim; d++) s0[row1 * dim + d] += work[d];
    }
    let err = 0;
    for (let r = 0; r < V; r++) {
      for (let d = 0; d < k.stride; d++) {
        err = Math.max(err, Math.abs(k.syn0[r * k.stride + d] - (d < dim ? s0[r * dim + d] : 0)));
        err = Math.max(err, Math.abs(k.syn1[r * k.stride + d] - (d < dim ? s1[r * dim + d] : 0)));
      }
    }
    // float32 arithmetic vs float64: a few float32 ulps of values of order 1 after 300 updates
    expect(err).toBeLessThan(1e-5);
  });
});

describe('skip-gram with negative sampling', () => {
  // Two topics: animals share the context words c*, vehicles the context words d*.
  const rng = new Rng(7, 'mulberry32');
  const pick = (xs: string[]) => xs[rng.int(xs.length)];
  const ctxA = ['c1', 'c2', 'c3', 'c4', 'c5'];
  const ctxB = ['d1', 'd2', 'd3', 'd4', 'd5'];
  const sentences: string[][] = [];
  for (let i = 0; i < 600; i++) {
    const a = i % 2 === 0;
    const ctx = a ? ctxA : ctxB;
    sentences.push([pick(ctx), pick(ctx), pick(a ? ['cat', 'dog'] : ['car', 'bus']), pick(ctx), pick(ctx)]);
  }
  const corpus = buildW2vCorpus(sentences);
  const model = trainWord2Vec(corpus, { dim: 24, window: 3, epochs: 8, sample: 0, tableSize: 1e5, seed: 3 });
  const id = (w: string) => model.index.get(w) as number;

  it.each(['wasm', 'js'] as const)(
    'puts words that share contexts closer than unrelated words (%s kernel)',
    (kernel) => {
      // dim 21: not a multiple of the wasm kernel's 8-float step, so its row padding is exercised too
      for (const [m, dim] of [
        [model, 24],
        [trainWord2Vec(corpus, { dim: 21, window: 3, epochs: 8, sample: 0, tableSize: 1e5, seed: 3, kernel }), 21],
      ] as const) {
        const same = [cosine(m.vectors, dim, id('cat'), id('dog')), cosine(m.vectors, dim, id('car'), id('bus'))];
        const cross = ['car', 'bus'].flatMap((v) => ['cat', 'dog'].map((a) => cosine(m.vectors, dim, id(a), id(v))));
        for (const s of same) for (const c of cross) expect(s).toBeGreaterThan(c + 0.2);
      }
    },
  );

  it('is deterministic for a seed', () => {
    const again = trainWord2Vec(corpus, { dim: 24, window: 3, epochs: 8, sample: 0, tableSize: 1e5, seed: 3 });
    expect(again.vectors).toEqual(model.vectors);
  });

  it('aligns to the word vocab: known rows copied, others U(-0.05, 0.05)', () => {
    const vocab = new WordVocab(['cat', 'unseen', 'car']);
    const m = alignToWordVocab(model, vocab, 11);
    expect(m.length).toBe(vocab.size * 24);
    expect(Array.from(m.subarray(201 * 24, 202 * 24))).toEqual(
      Array.from(model.vectors.subarray(id('cat') * 24, (id('cat') + 1) * 24)),
    );
    expect(Array.from(m.subarray(203 * 24, 204 * 24))).toEqual(
      Array.from(model.vectors.subarray(id('car') * 24, (id('car') + 1) * 24)),
    );
    const random = [...m.subarray(0, 201 * 24), ...m.subarray(202 * 24, 203 * 24)];
    expect(random.every((x) => x >= -0.05 && x <= 0.05)).toBe(true);
    const mean = random.reduce((s, x) => s + x, 0) / random.length;
    const variance = random.reduce((s, x) => s + (x - mean) ** 2, 0) / random.length;
    // U(-a, a) variance a²/3 = 8.33e-4
    expect(variance).toBeGreaterThan(7.5e-4);
    expect(variance).toBeLessThan(9.2e-4);
  });
});
