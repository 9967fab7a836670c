import * as path from 'path';
import { initTf, type BackendChoice } from '@vidsim/tf-runtime';
import { loadRunConfig, resolveRunConfig, RunConfigError, type PresetName, type RunConfig } from '@vidsim/run-config';
import { describeFsError } from '@vidsim/trainer';
import { makeContext, type StageContext } from './stages/context';

export interface StageCliOptions {
  /** Extra flags this stage accepts (name -> help), e.g. { fold: '0..4 or all' }. */
  flags?: Record<string, string>;
  /** Whether the stage trains (and so takes --resume). */
  trains?: boolean;
  /** Whether the stage needs TensorFlow.js. */
  needsTf?: boolean;
}

const COMMON = {
  run: 'run config file (apps/runs/<run>/run.json), or a preset name: reference, demo, tiny',
  artifacts: 'artifacts root folder (default: artifacts)',
  backend: 'force a TensorFlow.js backend: cpu, wasm, node, node-gpu (default: VIDSIM_BACKEND or the best available)',
};

/**
 * The whole command line of a pipeline stage: parse flags, load and validate the run config (before any work),
 * print it, pick the backend, run the stage, and turn known errors into one clear line (stack with --debug).
 */
export async function stageMain(
  name: string,
  run: (ctx: StageContext, flags: Record<string, string>) => Promise<void>,
  options: StageCliOptions = {},
  argv = process.argv.slice(2),
): Promise<void> {
  const debug = argv.includes('--debug');
  try {
    const flags = parseFlags(name, argv, options);
    if (flags.help) return;
    const config = loadConfigArg(flags.run);
    let backend: BackendChoice = { name: 'cpu', tfBackend: 'none', reason: 'not needed' };
    if (options.needsTf !== false) backend = await initTf({ backend: flags.backend });
    process.stderr.write(`[${name}] run ${config.name} (${config.preset} preset), backend ${backend.name}: ${backend.reason}\n`);
    process.stderr.write(`[${name}] config ${JSON.stringify(config)}\n`);
    const ctx = makeContext(config, backend, { resume: flags.resume === 'true', artifactsRoot: flags.artifacts });
    await run(ctx, flags);
  } catch (e) {
    const known = e instanceof RunConfigError || (e instanceof Error && e.name.endsWith('Error') && e.name !== 'Error' && e.name !== 'TypeError' && e.name !== 'RangeError');
    // a system refusal (a full disk, no permission) is about a path, not a bug: one line naming it
    const system = e instanceof Error && /^E[A-Z]+$/.test(String((e as NodeJS.ErrnoException).code)) && (e as NodeJS.ErrnoException).syscall !== undefined;
    if (!debug && system) process.stderr.write(`${name}: ${describeFsError(e, (e as NodeJS.ErrnoException).syscall ?? 'use', (e as NodeJS.ErrnoException).path ?? '(no path given)')}\n`);
    else process.stderr.write(debug || !known ? `${(e as Error).stack ?? e}\n` : `${name}: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

function parseFlags(name: string, argv: string[], options: StageCliOptions): Record<string, string> {
  const allowed: Record<string, string> = { ...COMMON, ...(options.flags ?? {}), ...(options.trains ? { resume: 'continue from the latest checkpoint of this stage' } : {}) };
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--debug') continue;
    if (a === '--help' || a === '-h') {
      console.log(`usage: ${name} --run <run.json|preset> [options]\n` + Object.entries(allowed).map(([k, v]) => `  --${k.padEnd(10)} ${v}`).join('\n'));
      return { help: 'true' };
    }
    if (!a.startsWith('--') || !(a.slice(2) in allowed)) throw new RunConfigError(`unknown argument '${a}' (see --help)`, a);
    const key = a.slice(2);
    if (key === 'resume') out.resume = 'true';
    else {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new RunConfigError(`--${key} needs a value`, key);
      out[key] = v;
    }
  }
  if (!out.run) throw new RunConfigError('--run <run.json|preset> is required', 'run');
  return out;
}

function loadConfigArg(run: string): RunConfig {
  // a preset name is shorthand for { "preset": name }
  if (['reference', 'demo', 'tiny'].includes(run)) return resolveRunConfig({ preset: run as PresetName });
  return loadRunConfig(path.resolve(run));
}
