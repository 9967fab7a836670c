import { existsSync } from 'fs';
import { resolve } from 'path';
import { componentFolds, fnv1a64, idModFolds, pairComponents, strictHashFolds } from './folds';
import { parsePairs, readPairs, type Pair } from './pairs';

const P = (query: string, candidate: string, relevance = 0.5): Pair => ({ query, candidate, relevance });

describe('folds on a hand-built graph', () => {
  // Components: {10,15,21} (2 pairs), {11,16} (1 pair), {12,17} (1 pair).
  const pairs = [P('10', '15'), P('15', '21'), P('11', '16'), P('12', '17')];

  it('hashes with published FNV-1a 64 vectors', () => {
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
  });

  it('finds components', () => {
    const c = pairComponents(pairs);
    expect(new Set(c.values()).size).toBe(3);
    expect(c.get('10')).toBe(c.get('21'));
    expect(c.get('11')).not.toBe(c.get('12'));
  });

  it('id%5: validation needs both ids in the fold; training is everything else', () => {
    const f0 = idModFolds(pairs, 5)[0];
    expect(f0.valid).toEqual([0]); // 10 and 15 are both 0 mod 5
    expect(f0.train).toEqual([1, 2, 3]);
    expect(f0.report).toEqual({
      trainPairs: 3,
      validPairs: 1,
      validVids: 2,
      validVidsInTrain: 1,
      validPairsTouchingTrain: 1,
    });
    expect(idModFolds(pairs, 5)[1].valid).toEqual([2]);
  });

  it('component folds put the biggest component alone and never share vids', () => {
    const folds = componentFolds(pairs, 2);
    expect(folds[0].valid).toEqual([0, 1]);
    expect(folds[1].valid).toEqual([2, 3]);
    folds.forEach((f) => expect(f.report.validVidsInTrain).toBe(0));
  });

  it('strict hash folds drop training pairs that touch a validation vid', () => {
    for (const f of strictHashFolds(pairs, 5, 4)) {
      expect(f.report.validVidsInTrain).toBe(0);
      expect(f.train.every((i) => !f.valid.includes(i))).toBe(true);
    }
  });

  it('parses label lines and names file, line and field for bad ones', () => {
    const ok = parsePairs('1\t2\t0.05\n3\t1\t1\n');
    expect(ok.pairs).toEqual([P('1', '2', 0.05), P('3', '1', 1)]);
    expect(ok.vids).toEqual(['1', '2', '3']);
    const bad = (text: string, known?: Set<string>) => {
      try {
        parsePairs(text, { file: 'label.tsv', knownVids: known });
      } catch (e) {
        const d = e as { code: string; line: number; field: string; file: string };
        return [d.code, d.file, d.line, d.field];
      }
      return undefined;
    };
    expect(bad('1\t2\t0.5\n1\t2\t1.5\n')).toEqual(['BAD_RELEVANCE', 'label.tsv', 2, 'relevance']);
    expect(bad('1\t2\tx\n')).toEqual(['BAD_RELEVANCE', 'label.tsv', 1, 'relevance']);
    expect(bad('1\tab\t0.5\n')).toEqual(['BAD_ID', 'label.tsv', 1, 'candidate']);
    expect(bad('1\t2\n')).toEqual(['BAD_LINE', 'label.tsv', 1, 'line']);
    expect(bad('1\t2\t0\n', new Set(['2']))).toEqual(['UNKNOWN_VID', 'label.tsv', 1, 'query']);
    const skipped = parsePairs('1\t2\t0.5\n1\t2\t-0.1\n', { skipBad: true });
    expect([skipped.pairs.length, skipped.bad.length]).toEqual([1, 1]);
  });
});

const LABELS = resolve(__dirname, '../../../../../shared/data/qq-aiac-2021/pairwise_label.tsv');
const describeWithSharedData = existsSync(LABELS) ? describe : describe.skip;
if (!existsSync(LABELS)) console.warn(`data-prep: ${LABELS} absent, skipping the real-label fold tests`);

describeWithSharedData('folds on the official pairwise labels', () => {
  let pairs: Pair[];
  let vids: string[];
  beforeAll(async () => {
    ({ pairs, vids } = await readPairs(LABELS));
  });

  it('has the published counts', () => {
    expect(pairs.length).toBe(67899);
    expect(vids.length).toBe(63613);
    // reference-solution.md §1.1: 24,692 zeros and 9,451 ones
    expect(pairs.filter((p) => p.relevance === 0).length).toBe(24692);
    expect(pairs.filter((p) => p.relevance === 1).length).toBe(9451);
  });

  it('reproduces the 1st place id%5 fold 0 (train_len=65373 val_len=2526, 1,625 val vids in training)', () => {
    const f0 = idModFolds(pairs, 5)[0].report;
    expect([f0.validPairs, f0.trainPairs, f0.validVids, f0.validVidsInTrain]).toEqual([2526, 65373, 3574, 1625]);
  });

  it('finds 22,040 components, the largest with 16,664 vids; component folds share no vid', () => {
    const comp = pairComponents(pairs);
    const sizes = new Map<number, number>();
    for (const c of comp.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    expect(sizes.size).toBe(22040);
    expect(Math.max(...sizes.values())).toBe(16664);
    const folds = componentFolds(pairs, 5);
    for (const f of folds) {
      expect(f.report.validVidsInTrain).toBe(0);
      expect(f.report.trainPairs + f.report.validPairs).toBe(67899);
    }
  });

  it('strict hash folds hold out about 1/20 of the pairs with no shared vid', () => {
    for (const f of strictHashFolds(pairs, 5)) {
      expect(f.report.validVidsInTrain).toBe(0);
      expect(Math.abs(f.report.validPairs - 67899 / 20)).toBeLessThan(300);
    }
  });
});
