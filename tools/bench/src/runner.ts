import { performance } from 'perf_hooks';
import type { BenchArgs, BenchResult, Benchmark } from './benchmark';

export async function runBenchmark(name: string, bench: Benchmark<unknown>, args: BenchArgs): Promise<BenchResult> {
  const runs = Number(args.runs ?? bench.runs ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got '${args.runs}'`);
  const ctx = bench.setup ? await bench.setup(args) : undefined;
  try {
    const warmup = args.warmup !== undefined ? args.warmup !== '0' : bench.warmup !== false;
    if (warmup) await bench.run(ctx, args);
    const times: number[] = [];
    const metrics = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const m = await bench.run(ctx, args);
      times.push(performance.now() - t0);
      if (m) metrics.push(m);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      name,
      runs,
      minMs: sorted[0],
      medianMs: sorted[Math.floor((runs - 1) / 2)],
      maxMs: sorted[runs - 1],
      metrics,
    };
  } finally {
    await bench.teardown?.(ctx);
  }
}

/** Median of each numeric metric over the runs; strings from the last run. */
export function summariseMetrics(metrics: BenchResult['metrics']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(metrics.flatMap((m) => Object.keys(m)))) {
    const values = metrics.map((m) => m[key]).filter((v) => v !== undefined);
    if (values.every((v) => typeof v === 'number')) {
      const s = (values as number[]).sort((a, b) => a - b);
      out[key] = formatNumber(s[Math.floor((s.length - 1) / 2)]);
    } else out[key] = String(values[values.length - 1]);
  }
  return out;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
