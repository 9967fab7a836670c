import * as fs from 'fs';
import * as path from 'path';
import { RunReportError } from './errors';
import { writeRunReport } from './report';

export interface ReportArgs {
  runName: string;
  runDir: string;
  outFile: string;
}

export const USAGE = `usage: vidsim report --run <run> [options]
writes artifacts/<run>/report/report.html: one self-contained page of whatever the run has produced so far
  --run        a run name (artifacts/<name>), or a run.json (its "name", else its folder's name)
  --artifacts  artifacts root folder (default: artifacts)
  -h, --help   this text`;

/**
 * `--run` is a run.json (its "name", else its folder's name) or a bare run name; the report goes to
 * `<artifacts>/<run>/report/report.html`.
 */
export function parseReportArgs(argv: string[], cwd = process.cwd()): ReportArgs | 'help' {
  const flags = new Map<string, string>();
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a !== '--run' && a !== '--artifacts') throw new RunReportError(`unknown argument '${a}'\n${USAGE}`, 'BAD_ARGS');
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new RunReportError(`${a} needs a value\n${USAGE}`, 'BAD_ARGS');
    flags.set(a, v);
  }
  const run = flags.get('--run');
  if (!run) throw new RunReportError(`--run is required\n${USAGE}`, 'BAD_ARGS');
  let runFile = path.resolve(cwd, run);
  if (fs.existsSync(runFile) && fs.statSync(runFile).isDirectory() && fs.existsSync(path.join(runFile, 'run.json')))
    runFile = path.join(runFile, 'run.json');
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
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runName))
    throw new RunReportError(`bad run name '${runName}'`, 'BAD_ARGS', run);
  const runDir = path.resolve(cwd, flags.get('--artifacts') ?? 'artifacts', runName);
  return { runName, runDir, outFile: path.join(runDir, 'report', 'report.html') };
}

/** The report command: `vidsim report` and `apps/report` (exit code 0 done, 1 a known error, 2 bad flags). */
export async function reportMain(argv: string[], cwd = process.cwd()): Promise<number> {
  try {
    const args = parseReportArgs(argv, cwd);
    if (args === 'help') {
      console.log(USAGE);
      return 0;
    }
    const t0 = Date.now();
    const { file, bytes } = await writeRunReport(args.runDir, args.outFile, { runName: args.runName });
    const rel = path.relative(cwd, file) || file;
    console.log(`report: ${rel} (${(bytes / 1024).toFixed(0)} KiB, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (e) {
    if (!(e instanceof RunReportError)) throw e;
    console.error(`report: ${e.message}`);
    return e.code === 'BAD_ARGS' ? 2 : 1;
  }
}
