import * as fs from 'fs';
import * as path from 'path';
import type { PresetName, RunConfig } from './config';
import { PRESETS } from './presets';
import { loadRunConfig, resolveRunConfig, RunConfigError } from './resolve';

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/**
 * The run file a `--run` value names: a run.json path (or a folder holding one), or the name of a workspace run
 * (`apps/runs/<name>/run.json`). Undefined for a bare preset name with no workspace run of that name.
 */
export function runFileOf(arg: string, cwd = process.cwd()): string | undefined {
  const asPath = path.resolve(cwd, arg);
  if (fs.existsSync(asPath)) {
    const file = fs.statSync(asPath).isDirectory() ? path.join(asPath, 'run.json') : asPath;
    if (!fs.existsSync(file)) throw new RunConfigError(`${asPath} is a folder without a run.json`, 'run');
    return file;
  }
  if (arg.endsWith('.json') || arg.includes('/') || arg.includes(path.sep))
    throw new RunConfigError(`run config ${asPath} does not exist`, 'run');
  const named = path.join(cwd, 'apps', 'runs', arg, 'run.json');
  if (fs.existsSync(named)) return named;
  if ((PRESET_NAMES as string[]).includes(arg)) return undefined;
  throw new RunConfigError(
    `no run '${arg}': expected apps/runs/${arg}/run.json, a path to a run.json, or a preset (${PRESET_NAMES.join(', ')})`,
    'run',
  );
}

/** Loads and validates the config a `--run` value names (run name, run.json path, or preset name). */
export function loadRunArg(arg: string, cwd = process.cwd()): RunConfig {
  const file = runFileOf(arg, cwd);
  return file ? loadRunConfig(file) : resolveRunConfig({ preset: arg as PresetName });
}
