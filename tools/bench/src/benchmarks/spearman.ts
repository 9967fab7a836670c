import * as fs from 'fs';
import * as path from 'path';
import { sampleRankCorrelation } from 'simple-statistics';
import { spearman } from '@vidsim/core';
import type { Benchmark } from '../benchmark';

interface Ctx {
  x: Float64Array;
  y: Float64Array;
  source: string;
}

/** Global Spearman on 67,899 pairs: the real labels when ../shared/data is present, else the same-size label histogram. */
const bench: Benchmark<Ctx> = {
  description:
    'spearman() on 67,899 (cosine, relevance) pairs with 21-level tied labels; --compare adds simple-statistics',
  runs: 20,
  setup: () => {
    const file = path.resolve(__dirname, '../../../../../shared/data/qq-aiac-2021/pairwise_label.tsv');
    let y: Float64Array;
    let source = 'real labels';
    if (fs.existsSync(file)) {
      const rows = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      y = Float64Array.from(rows, (l) => Number(l.split('\t')[2]));
    } else {
      source = 'synthetic labels';
      y = Float64Array.from(
        { length: 67899 },
        (_, i) => Math.floor((((i * 2654435761) % 4294967296) / 4294967296) * 21) / 20,
      );
    }
    let s = 1;
    const x = Float64Array.from(y, (v) =>
      Math.fround(v * 0.6 + ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 0.4),
    );
    return { x, y, source };
  },
  run: (ctx, args) => {
    const t0 = performance.now();
    const r = spearman(ctx.x, ctx.y);
    const ms = performance.now() - t0;
    const metrics: Record<string, number | string> = { pairs: ctx.x.length, spearman_ms: ms, rho: r, data: ctx.source };
    if (args.compare) {
      const xs = Array.from(ctx.x);
      const ys = Array.from(ctx.y);
      const t1 = performance.now();
      const ss = sampleRankCorrelation(xs, ys);
      metrics.simple_statistics_ms = performance.now() - t1;
      metrics.abs_diff = Math.abs(ss - r);
    }
    return metrics;
  },
};
export default bench;
