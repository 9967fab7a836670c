import { initTf, type BackendChoice } from '@vidsim/tf-runtime';
import { describeFsError, formatDuration } from '@vidsim/trainer';
import { loadRunArg, RunConfigError, type RunConfig } from '@vidsim/run-config';
import type { StageDirName } from '@vidsim/run-layout';
import { makeContext, type StageContext } from './stages/context';
import { VidsimError } from '@vidsim/core';

export interface StageCliOptions {
  /** Extra flags with a value this stage accepts (name -> help), e.g. { fold: '0..4 or all' }. */
  flags?: Record<string, string>;
  /** Extra flags without a value (name -> help); present means 'true'. */
  switches?: Record<string, string>;
  /** One line for --help: what the command does. */
  summary?: string;
  /** The key sizes of this stage's config, for its start line (e.g. '2 epochs, batch 64'). */
  describe?: (config: RunConfig) => string;
  /** Whether the stage trains (and so takes --resume). */
  trains?: boolean;
  /** Whether the stage needs TensorFlow.js. */
  needsTf?: boolean;
  /** The stage folder this invocation writes (and locks); default the stage's name. May throw on bad flags. */
  stageDir?: (flags: Record<string, string>, config: RunConfig) => StageDirName;
}

const COMMON = {
  run: 'a run name (apps/runs/<name>/run.json), a run.json path, or a preset: reference, demo, tiny',
  artifacts: 'artifacts root folder (default: artifacts)',
  backend: 'force a TensorFlow.js backend: cpu, wasm, node, node-gpu (default: VIDSIM_BACKEND or the best available)',
};

/**
 * The whole command line of a pipeline stage: parse flags, load and validate the run config (before any work),
 * pick the backend, take the stage's lock, run the stage, and turn known errors into one clear line (stack with
 * --debug). The log gets one short line at the start (run, preset, backend, key sizes; the full resolved config
 * goes to the stage folder's config.json) and one at the end (done or failed, and the time taken).
 */
export async function stageMain(
  name: string,
  run: (ctx: StageContext, flags: Record<string, string>) => Promise<void>,
  options: StageCliOptions = {},
  argv = process.argv.slice(2),
): Promise<void> {
  const debug = argv.includes('--debug');
  const t0 = Date.now();
  let label = name;
  try {
    const flags = parseFlags(name, argv, options);
    if (flags.help) return;
    const config = loadRunArg(flags.run);
    const stageDir = options.stageDir ? options.stageDir(flags, config) : (name as StageDirName);
    label = stageDir;
    let backend: BackendChoice = { name: 'cpu', tfBackend: 'none', reason: 'not needed' };
    if (options.needsTf !== false) backend = await initTf({ backend: flags.backend });
    const sizes = options.describe ? `: ${options.describe(config)}` : '';
    process.stderr.write(
      `[${label}] run ${config.name} (preset ${config.preset}), ${options.needsTf === false ? 'no TF.js' : `backend ${backend.name}${blasTag(backend)} (${shortReason(backend.reason)})`}${sizes}\n`,
    );
    const ctx = makeContext(config, backend, { resume: flags.resume === 'true', artifactsRoot: flags.artifacts });
    const lock = ctx.artifacts.lockStage(stageDir, ctx.log);
    try {
      await run(ctx, flags);
    } finally {
      lock.release();
    }
    process.stderr.write(`[${label}] done in ${formatDuration((Date.now() - t0) / 1000)}\n`);
  } catch (e) {
    const known = e instanceof VidsimError;
    // a system refusal (a full disk, no permission) is about a path, not a bug: one line naming it
    const system =
      e instanceof Error &&
      /^E[A-Z]+$/.test(String((e as NodeJS.ErrnoException).code)) &&
      (e as NodeJS.ErrnoException).syscall !== undefined;
    if (!debug && system)
      process.stderr.write(
        `${name}: ${describeFsError(e, (e as NodeJS.ErrnoException).syscall ?? 'use', (e as NodeJS.ErrnoException).path ?? '(no path given)')}\n`,
      );
    else process.stderr.write(debug || !known ? `${(e as Error).stack ?? e}\n` : `${name}: ${(e as Error).message}\n`);
    if (label !== name || known || system)
      process.stderr.write(`[${label}] failed after ${formatDuration((Date.now() - t0) / 1000)}\n`);
    process.exitCode = 1;
  }
}

/** The backend's reason without the list of skipped backends (`vidsim doctor` tells those). */
function shortReason(reason: string): string {
  return reason.replace(/ \(skipped: .*\)$/s, '');
}

function parseFlags(name: string, argv: string[], options: StageCliOptions): Record<string, string> {
  const switches: Record<string, string> = {
    ...(options.switches ?? {}),
    ...(options.trains ? { resume: 'continue from the latest checkpoint of this stage' } : {}),
  };
  const allowed: Record<string, string> = { ...COMMON, ...(options.flags ?? {}), ...switches };
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--debug') continue;
    if (a === '--help' || a === '-h') {
      console.log(
        `usage: vidsim ${name} --run <run> [options]\n${options.summary ? `${options.summary}\n` : ''}` +
          Object.entries(allowed)
            .map(([k, v]) => `  --${k.padEnd(10)} ${v}`)
            .join('\n') +
          '\n  --debug      print stack traces\n  -h, --help   this text',
      );
      return { help: 'true' };
    }
    if (!a.startsWith('--') || !(a.slice(2) in allowed))
      throw new RunConfigError(`unknown argument '${a}' (see --help)`, a);
    const key = a.slice(2);
    if (key in switches) out[key] = 'true';
    else {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new RunConfigError(`--${key} needs a value`, key);
      out[key] = v;
    }
  }
  if (!out.run) throw new RunConfigError('--run <run name|run.json|preset> is required', 'run');
  return out;
}

/** Whether the wasm matmuls run on the native BLAS, for the start line ('' where the backend has no such switch). */
function blasTag(backend: BackendChoice): string {
  if (!backend.blas) return '';
  return backend.blas.active ? ' + native BLAS' : ' without native BLAS';
}
