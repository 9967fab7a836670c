import { Rng } from '@vidsim/core';
import { chunkShuffledPlans, multiSetPlans, sequentialPlans, shuffledPlans } from './plans';

/** A stand-in Rng whose shuffle reverses: the plans become hand-computable. */
const reversing = { shuffle: <T>(xs: T[]) => xs.reverse() } as unknown as Rng;

describe('batch planning', () => {
  it('sequentialPlans cuts rows in order, the last batch short', () => {
    expect(sequentialPlans(7, 3)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(sequentialPlans(0, 3)).toEqual([]);
  });

  it('chunkShuffledPlans: chunk order, then rows shuffled with the leftovers of the window before (hand-computed)', () => {
    // chunks: rows 0-2, 3-7, 8-9; the reversing shuffle takes them as 2, 1, 0. window 1:
    //   chunk 2: pending [8, 9] -> reversed [9, 8]: fewer than 4, carried
    //   chunk 1: [9, 8, 3, 4, 5, 6, 7] -> reversed [7, 6, 5, 4, 3, 8, 9]: batch [7, 6, 5, 4], carry [3, 8, 9]
    //   chunk 0: [3, 8, 9, 0, 1, 2] -> reversed [2, 1, 0, 9, 8, 3]: batch [2, 1, 0, 9], carry [8, 3]
    const chunks = [
      { start: 0, rows: 3 },
      { start: 3, rows: 5 },
      { start: 8, rows: 2 },
    ];
    expect(chunkShuffledPlans(chunks, 4, reversing, 1)).toEqual([
      [7, 6, 5, 4],
      [2, 1, 0, 9],
      [8, 3],
    ]);
    expect(chunkShuffledPlans(chunks, 4, reversing, 1, true)).toEqual([
      [7, 6, 5, 4],
      [2, 1, 0, 9],
    ]);
    // one window over all chunks: [8, 9, 3..7, 0, 1, 2] reversed = [2, 1, 0, 7, 6, 5, 4, 3, 9, 8]
    expect(chunkShuffledPlans(chunks, 4, reversing, 16)).toEqual([
      [2, 1, 0, 7],
      [6, 5, 4, 3],
      [9, 8],
    ]);
  });

  it('chunkShuffledPlans with a real Rng: every row once, a batch spans at most the window plus carried rows', () => {
    // 40 record batches of 25 rows (1,000 videos), batch 32, window 4
    const chunks = Array.from({ length: 40 }, (_, i) => ({ start: i * 25, rows: 25 }));
    const plans = chunkShuffledPlans(chunks, 32, new Rng(7), 4);
    expect(plans.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(plans.slice(0, -1).every((p) => p.length === 32)).toBe(true);
    expect(plans.length).toBe(Math.ceil(1000 / 32));
    // the planner's first draw is the record-batch order, so the same seed recovers it: window of chunk c
    const order = new Rng(7).shuffle(Array.from({ length: 40 }, (_, i) => i)) as number[];
    const windowOf = new Map(order.map((c, pos) => [c, Math.floor(pos / 4)]));
    for (const p of plans) {
      const windows = p.map((r) => windowOf.get(Math.floor(r / 25))!);
      const current = Math.max(...windows);
      // a batch is cut in its window: rows carried from earlier windows are fewer than a batch
      expect(windows.filter((w) => w < current).length).toBeLessThan(32);
      expect(
        new Set(p.filter((_, i) => windows[i] === current).map((r) => Math.floor(r / 25))).size,
      ).toBeLessThanOrEqual(4);
    }
    expect(chunkShuffledPlans(chunks, 32, new Rng(7), 4)).toEqual(plans); // seeded: the same epoch twice
    expect(chunkShuffledPlans(chunks, 32, new Rng(8), 4)).not.toEqual(plans);
  });

  it('shuffledPlans: a permutation cut into batches; dropLast drops the short one', () => {
    expect(shuffledPlans(10, 4, reversing)).toEqual([
      [9, 8, 7, 6],
      [5, 4, 3, 2],
      [1, 0],
    ]);
    expect(shuffledPlans(10, 4, reversing, true)).toEqual([
      [9, 8, 7, 6],
      [5, 4, 3, 2],
    ]);
    const plans = shuffledPlans(67899, 256, new Rng(1));
    expect(plans.length).toBe(266);
    expect(plans.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 67899 }, (_, i) => i));
  });

  it('multiSetPlans with one set and nothing held out is chunkShuffledPlans from the same draws', () => {
    const chunks = Array.from({ length: 12 }, (_, i) => ({ start: i * 25, rows: 25 }));
    expect(multiSetPlans([{ chunks }], 32, new Rng(3)).map((p) => p.rows)).toEqual(
      chunkShuffledPlans(chunks, 32, new Rng(3)),
    );
    expect(multiSetPlans([{ chunks }], 32, new Rng(3)).every((p) => p.source === 0)).toBe(true);
  });

  it('multiSetPlans over two sets: each batch from one set, every row once but the held-out ones, sets interleaved', () => {
    const pointwise = { chunks: Array.from({ length: 40 }, (_, i) => ({ start: i * 25, rows: 25 })) }; // 1,000 rows
    const pairwise = { chunks: Array.from({ length: 10 }, (_, i) => ({ start: i * 30, rows: 30 })) }; // 300 rows
    const heldOut = new Set(Array.from({ length: 100 }, (_, i) => i * 10)); // every tenth pointwise row
    const plans = multiSetPlans([pointwise, pairwise], 32, new Rng(11), heldOut);
    const rowsOf = (source: number) =>
      plans
        .filter((p) => p.source === source)
        .flatMap((p) => p.rows)
        .sort((a, b) => a - b);
    expect(rowsOf(0)).toEqual(Array.from({ length: 1000 }, (_, i) => i).filter((r) => r % 10 !== 0));
    expect(rowsOf(1)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(plans.every((p) => p.rows.length > 0 && p.rows.length <= 32)).toBe(true);
    // interleaved, not all pointwise batches first: some pairwise batch comes before the last pointwise one
    const firstPairwise = plans.findIndex((p) => p.source === 1);
    const lastPointwise = plans.map((p) => p.source).lastIndexOf(0);
    expect(firstPairwise).toBeLessThan(lastPointwise);
    expect(multiSetPlans([pointwise, pairwise], 32, new Rng(11), heldOut)).toEqual(plans); // seeded
  });
});
