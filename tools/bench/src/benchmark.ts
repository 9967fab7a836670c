/**
 * A named benchmark. `run` is timed over several runs; what it returns (throughputs such as MB/s or
 * GFLOP/s, computed from its own timings) is printed beside the min/median/max wall times.
 */
export interface Benchmark<Ctx = unknown> {
  description: string;
  /** Timed runs after one untimed warm-up (default 5). */
  runs?: number;
  /** Whether the runner does that warm-up run (default true; `--warmup 0|1` overrides). False for a benchmark that warms up inside `run`. */
  warmup?: boolean;
  /** Untimed preparation; its result is passed to every run. */
  setup?: (args: BenchArgs) => Promise<Ctx> | Ctx;
  run: (ctx: Ctx, args: BenchArgs) => Promise<BenchMetrics | void> | BenchMetrics | void;
  teardown?: (ctx: Ctx) => Promise<void> | void;
}

export type BenchMetrics = Record<string, number | string>;

/** `--key value` / `--flag` options after the benchmark name, as strings. */
export type BenchArgs = Record<string, string>;

export interface BenchResult {
  name: string;
  runs: number;
  minMs: number;
  medianMs: number;
  maxMs: number;
  metrics: BenchMetrics[];
}
