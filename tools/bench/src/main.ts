// Usage: tsx tools/bench/src/main.ts <name|--list> [--runs N] [--warmup 0] [--key value ...]
import * as fs from 'fs';
import * as path from 'path';
import type { BenchArgs, Benchmark } from './benchmark';
import { formatNumber, runBenchmark, summariseMetrics } from './runner';

const dir = path.join(__dirname, 'benchmarks');
const available = () =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();

function parseArgs(argv: string[]): { name?: string; args: BenchArgs } {
  const args: BenchArgs = {};
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      args[a.slice(2)] = next === undefined || next.startsWith('--') ? 'true' : (i++, next);
    } else if (!name) name = a;
    else throw new Error(`unexpected argument '${a}'`);
  }
  return { name, args };
}

async function main(): Promise<void> {
  const { name, args } = parseArgs(process.argv.slice(2));
  if (!name || args.list) {
    for (const n of available()) {
      const b = (await import(path.join(dir, n))).default as Benchmark;
      console.log(`${n.padEnd(24)} ${b.description}`);
    }
    return;
  }
  if (!available().includes(name)) throw new Error(`no benchmark '${name}'; available: ${available().join(', ')}`);
  const bench = (await import(path.join(dir, name))).default as Benchmark;
  console.log(`# ${name}: ${bench.description}`);
  const r = await runBenchmark(name, bench, args);
  const metrics = Object.entries(summariseMetrics(r.metrics))
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
  console.log(
    `${name}: ${r.runs} runs  min ${formatNumber(r.minMs)} ms  median ${formatNumber(r.medianMs)} ms  max ${formatNumber(r.maxMs)} ms${metrics ? '  ' + metrics : ''}`,
  );
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exit(1);
});
