import { categoryVocabs, encodeTags, Vocab } from './vocab';

describe('vocabs', () => {
  const counts = new Map<string, number>([
    ['300', 2],
    ['7', 5],
    ['12', 2],
    ['9', 1],
  ]);

  it('orders tags by count with PAD=0, UNK=1, ties by numeric id', () => {
    const v = Vocab.fromCounts(counts);
    expect(v.tokens).toEqual(['7', '12', '300', '9']);
    expect([v.id('7'), v.id(12n), v.id(300), v.id('9'), v.id('404'), v.size]).toEqual([2, 3, 4, 5, 1, 6]);
    expect([v.token(0), v.token(1), v.token(2)]).toEqual(['<PAD>', '<UNK>', '7']);
    expect(Vocab.fromTsv(v.toTsv()).tokens).toEqual(v.tokens);
    expect(v.toTsv().split('\n')[0]).toBe('7\t5');
  });

  it('encodes tag lists truncated and padded', () => {
    const v = Vocab.fromCounts(counts);
    expect(Array.from(encodeTags(v, new BigInt64Array([9n, 7n, 5n]), 4))).toEqual([5, 2, 1, 0]);
    expect(Array.from(encodeTags(v, new BigInt64Array([9n, 7n, 5n]), 2))).toEqual([5, 2]);
    expect(Array.from(encodeTags(v, null, 2))).toEqual([0, 0]);
  });

  it('builds level-1 (first 3 digits) and full category vocabs, skipping -1', () => {
    const { level1, full } = categoryVocabs(
      new Map([
        [10104, 3],
        [10105, 2],
        [20301, 4],
        [-1, 9],
      ]),
    );
    expect(level1.tokens).toEqual(['101', '203']);
    expect(level1.counts).toEqual([5, 4]);
    expect(full.tokens).toEqual(['20301', '10104', '10105']);
  });

  it('names the line of a bad vocab file', () => {
    expect(() => Vocab.fromTsv('7\t5\noops\n', 'tags.tsv')).toThrow(/tags.tsv, line 2/);
  });
});
