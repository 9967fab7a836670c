// The vidsim command: each pipeline stage, a whole run through Nx, the report, the doctor and the smoke check.
// Usage: npx vidsim <command> [--run <run>] [options]; npx vidsim <command> --help
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { doctorMain, runStageCommand, STAGE_COMMANDS, type StageCommandName } from '@vidsim/pipeline';
import { reportMain } from '@vidsim/run-report';

const USAGE = `usage: vidsim <command> [--run <run>] [options]     (vidsim <command> --help for its options)

A run is a name (apps/runs/<name>/run.json), a path to a run.json, or a preset (reference, demo, tiny).

whole runs (through Nx, so finished stages are cached):
  demo        run every stage and the report: the demo run, or --run <workspace run> (e.g. --run tiny)
one stage (directly; each reads run.json when it starts and holds a lock on its stage folder):
${Object.entries(STAGE_COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`)
  .join('\n')}
tools:
  report      write artifacts/<run>/report/report.html from whatever the run has produced
  doctor      which TF.js backends load and why not, CUDA libraries for tfjs-node-gpu, disk and memory for a run
  smoke       train a tiny model for a few steps on the chosen backend (a 3-second backend check)`;

const DEMO_USAGE = `usage: vidsim demo [--run <workspace run>]
runs every stage of a workspace run and writes its report, through Nx (npx nx run <run>:report), so stages whose
code, config section and inputs are unchanged are replayed from the cache
  --run        a run under apps/runs/ (default: demo; tiny is the CI-sized one)
  -h, --help   this text`;

function runThroughNx(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(DEMO_USAGE);
    return 0;
  }
  let run = 'demo';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--run' || argv[i + 1] === undefined) {
      console.error(`vidsim demo: unknown argument '${argv[i]}'\n${DEMO_USAGE}`);
      return 2;
    }
    run = argv[++i];
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(run) || !fs.existsSync(path.join('apps/runs', run, 'project.json'))) {
    console.error(
      `vidsim demo: no workspace run '${run}' (apps/runs/${run}/project.json); make one with npx tsx tools/workspace/new-run.ts`,
    );
    return 2;
  }
  const nx = path.resolve('node_modules/.bin/nx');
  const r = spawnSync(nx, ['run', `${run}:report`, '--parallel=2', '--output-style=stream'], { stdio: 'inherit' });
  return r.status ?? 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command in STAGE_COMMANDS) {
    await runStageCommand(command as StageCommandName, rest);
    return Number(process.exitCode ?? 0);
  }
  switch (command) {
    case 'demo':
      return runThroughNx(rest);
    case 'report':
      return reportMain(rest);
    case 'doctor':
      return doctorMain(rest);
    case 'smoke':
      return (
        spawnSync(path.resolve('node_modules/.bin/tsx'), ['apps/smoke/src/main.ts', ...rest], { stdio: 'inherit' })
          .status ?? 1
      );
    default:
      console.error(`vidsim: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
