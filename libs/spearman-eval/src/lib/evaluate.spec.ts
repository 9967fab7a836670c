import { cosine } from '@vidsim/core';
import { evaluateEmbeddings, evaluateFolds, parseLabelTsv } from './evaluate';

// Hand-built 2-d embeddings with known cosines: a.b = 0, a.c = 1/sqrt2, a.d = 0.6, b.d = 0.8, c.d = 7/(5 sqrt2), z = 0.
const emb = new Map<string, Float32Array>([
  ['101', Float32Array.of(1, 0)],
  ['102', Float32Array.of(0, 1)],
  ['103', Float32Array.of(1, 1)],
  ['104', Float32Array.of(3, 4)],
  ['105', Float32Array.of(0, 0)],
]);
const tsv = '101\t102\t0\n101\t103\t0.5\n101\t104\t0.5\n102\t104\t1\n103\t104\t1\n101\t105\t0\n';

describe('evaluateEmbeddings', () => {
  it('cosine per pair (hand-computed) and global Spearman = scipy 0.970142500145332', () => {
    const r = evaluateEmbeddings(emb, parseLabelTsv(tsv));
    const expected = [0, Math.SQRT1_2, 0.6, 0.8, 7 / (5 * Math.SQRT2), 0];
    expected.forEach((e, i) => expect(Math.abs(r.cosines[i] - e)).toBeLessThanOrEqual(1e-7));
    // scipy.stats.spearmanr([0, 2**-0.5, 0.6, 0.8, 7/(2**0.5*5), 0], [0, .5, .5, 1, 1, 0]).correlation
    expect(Math.abs(r.spearman - 0.970142500145332)).toBeLessThanOrEqual(1e-12);
    expect(r).toMatchObject({ evaluated: 6, missing: 0 });
  });

  it('a missing vid throws naming the first one, as the official evaluator', () => {
    const pairs = parseLabelTsv(tsv + '101\t999\t1\n998\t101\t0\n');
    expect(() => evaluateEmbeddings(emb, pairs)).toThrow(
      expect.objectContaining({
        code: 'MISSING_VID',
        message: 'vid 999 of pair 6 has no embedding',
        context: { vid: '999', pair: 6, missing: 1 },
      }),
    );
    expect(() => evaluateEmbeddings(emb, pairs, { allowMissing: 1 })).toThrow(
      /vid 998 of pair 7 has no embedding \(more than allowMissing=1/,
    );
  });

  it('allowMissing skips up to that many pairs and counts them; a lookup function works like a Map', () => {
    const pairs = parseLabelTsv(tsv + '101\t999\t1\n');
    const r = evaluateEmbeddings((vid) => emb.get(vid), pairs, { allowMissing: 5 });
    expect(r).toMatchObject({ evaluated: 6, missing: 1, firstMissingVid: '999' });
    expect(Math.abs(r.spearman - 0.970142500145332)).toBeLessThanOrEqual(1e-12);
  });

  it('per-fold and mean: folds scored on their own pairs (scipy: 0.9486832980505138 and 1.0)', () => {
    const pairs = parseLabelTsv(tsv);
    const f = evaluateFolds([
      { embeddings: emb, pairs: pairs.slice(0, 5) },
      { embeddings: emb, pairs: [pairs[0], pairs[2], pairs[3]] },
    ]);
    expect(Math.abs(f.folds[0].spearman - 0.9486832980505138)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(f.folds[1].spearman - 1)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(f.meanSpearman - (0.9486832980505138 + 1) / 2)).toBeLessThanOrEqual(1e-12);
  });

  it('bad rows and mismatched sizes are reported with their place', () => {
    expect(() => parseLabelTsv('1\t2\t0.5\n1\t2\n', 'x.tsv')).toThrow(
      expect.objectContaining({ code: 'BAD_PAIRS', context: { file: 'x.tsv', line: 2 } }),
    );
    expect(() => cosine([1, 2], [1])).toThrow(expect.objectContaining({ code: 'DIM_MISMATCH' }));
  });
});
