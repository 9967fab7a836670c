import * as fs from 'fs';
import * as path from 'path';
import { RunReportError } from '@vidsim/run-report';

export interface ReportArgs { runName: string; runDir: string; outFile: string }

export const USAGE = 'usage: npx tsx apps/report/src/main.ts --run <apps/runs/<run>/run.json | run name> [--artifacts <root, default artifacts>]';

/**
 * `--run` is a run.json (its "name", else its folder's name) or a bare run name; the report goes to
 * `<artifacts>/<run>/report/report.html`.
 */
export function parseReportArgs(argv: string[], cwd = process.cwd()): ReportArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a !== '--run' && a !== '--artifacts') throw new RunReportError(`unknown argument '${a}'\n${USAGE}`, 'BAD_ARGS');
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new RunReportError(`${a} needs a value\n${USAGE}`, 'BAD_ARGS');
    flags.set(a, v);
  }
  const run = flags.get('--run');
  if (!run) throw new RunReportError(`--run is required\n${USAGE}`, 'BAD_ARGS');
  const runFile = path.resolve(cwd, run);
  let runName = run;
  if (run.endsWith('.json') || (fs.existsSync(runFile) && fs.statSync(runFile).isFile())) {
    let json: { name?: unknown };
    try {
      json = JSON.parse(fs.readFileSync(runFile, 'utf8'));
    } catch (e) {
      throw new RunReportError(`cannot read run config ${run}: ${(e as Error).message}`, 'BAD_ARGS', run);
    }
    runName = typeof json.name === 'string' && json.name ? json.name : path.basename(path.dirname(runFile));
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runName)) throw new RunReportError(`bad run name '${runName}'`, 'BAD_ARGS', run);
  const runDir = path.resolve(cwd, flags.get('--artifacts') ?? 'artifacts', runName);
  return { runName, runDir, outFile: path.join(runDir, 'report', 'report.html') };
}
