// Long fuzz run of the data-prep readers: npx tsx libs/data-prep/src/testing/fuzz-main.ts [--seconds 600] [--seed N]
// (or `npx tsx tools/bench/src/main.ts fuzz-data --seconds 600`). Exit 1 when a property fails, with its counterexample.
import { runDataPrepFuzz } from './fuzz-properties';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0)
    throw new Error(`--${name} needs a positive number, got ${JSON.stringify(process.argv[i + 1])}`);
  return v;
}

async function main(): Promise<number> {
  const seconds = flag('seconds', 60);
  const seed = flag('seed', Date.now() % 2147483647);
  const t0 = Date.now();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250);
  const results = await runDataPrepFuzz({ seed, seconds }).finally(() => clearInterval(timer));
  for (const r of results) console.log(`${r.property}: ${r.runs} cases, ${r.failed ? 'FAILED' : 'no finding'}`);
  console.log(
    `fuzz-data: seed ${seed}, ${((Date.now() - t0) / 1000).toFixed(0)} s, peak rss ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
  const failed = results.filter((r) => r.failed);
  for (const r of failed) console.log(`\n${r.property}:\n${r.report}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`fuzz-data: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);
