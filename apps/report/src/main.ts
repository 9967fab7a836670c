// Writes a run's self-contained HTML report from its artifacts.
// Usage: npx tsx apps/report/src/main.ts --run <apps/runs/<run>/run.json | run name> [--artifacts <root, default artifacts>]
import * as path from 'path';
import { RunReportError, writeRunReport } from '@vidsim/run-report';
import { parseReportArgs } from './args';

async function main(): Promise<void> {
  const args = parseReportArgs(process.argv.slice(2));
  const t0 = Date.now();
  const { file, bytes } = await writeRunReport(args.runDir, args.outFile, { runName: args.runName });
  const rel = path.relative(process.cwd(), file) || file;
  console.log(`report: ${rel} (${(bytes / 1024).toFixed(0)} KiB, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

main().catch((e) => {
  console.error(e instanceof RunReportError ? `report: ${e.message}` : e);
  process.exit(1);
});
