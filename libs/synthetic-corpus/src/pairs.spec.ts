import { buildPairGraph, formatRelevance } from './pairs';
import { buildWorld } from './world';

// Real label counts per level int(relevance*20), from the task brief (pairwise_label.tsv, 67,899 rows).
const REAL = [
  24692, 3743, 2591, 2066, 1307, 1058, 1126, 1578, 1572, 1368, 4718, 1960, 2081, 1929, 1192, 794, 855, 1315, 1301, 1202,
  9451,
];

describe('pair graph (demo size, 2500 videos)', () => {
  const world = buildWorld(1024, 3000);
  const g = buildPairGraph(world, 1024, 2500, 4000);

  it('label histogram within 3 points of the real one on every level with >= 5% mass', () => {
    const total = REAL.reduce((s, c) => s + c, 0);
    const synth = new Array<number>(21).fill(0);
    for (const p of g.pairs) synth[p.level]++;
    const heavy = REAL.map((c, l) => [c / total, l] as const).filter(([share]) => share >= 0.05);
    expect(heavy.map(([, l]) => l)).toEqual([0, 1, 10, 20]);
    for (const [share, l] of heavy) expect(Math.abs(synth[l] / g.pairs.length - share)).toBeLessThan(0.03);
  });

  it('queries have 1 to 10 candidates; pairs are never self-pairs', () => {
    const perQuery = new Map<number, number>();
    for (const p of g.pairs) {
      expect(p.query).not.toBe(p.candidate);
      perQuery.set(p.query, (perQuery.get(p.query) ?? 0) + 1);
    }
    const counts = [...perQuery.values()];
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(10);
    // real: 79% of queries have a single candidate
    expect(counts.filter((c) => c === 1).length / counts.length).toBeGreaterThan(0.6);
    expect(g.pairs.length).toBeGreaterThan(1500);
  });

  it('relevance is monotone in the latent similarity on average (level 0 < level 10 < level 20)', () => {
    const mean = (l: number) => {
      const xs = g.pairs.filter((p) => p.level === l).map((p) => p.similarity);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    expect(mean(0)).toBeLessThan(mean(10));
    expect(mean(10)).toBeLessThan(mean(20));
  });

  it('is fixed by the seed', () => {
    const again = buildPairGraph(world, 1024, 2500, 4000);
    expect(again.pairs.slice(0, 50)).toEqual(g.pairs.slice(0, 50));
  });
});

describe('formatRelevance', () => {
  it.each([
    [0, '0.0'],
    [1, '0.05'],
    [10, '0.5'],
    [17, '0.85'],
    [20, '1.0'],
  ])('level %p -> %p (the label file spelling)', (l, s) => {
    expect(formatRelevance(l)).toBe(s);
  });
});
