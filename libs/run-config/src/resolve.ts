import { VidsimError } from '@vidsim/core';
import * as fs from 'fs';
import { resolveFusionConfig, MODEL2, TINY as TINY_TOWER } from '@vidsim/fusion-model';
import { STAGES, type StageName } from '@vidsim/run-layout';
import type { PresetName, RunConfig } from './config';
import { PRESETS } from './presets';

export class RunConfigError extends VidsimError {
  constructor(message: string, field: string, file?: string) {
    super(file ? `${file}: ${message}` : message, 'BAD_CONFIG', { field, file });
  }

  get field(): string {
    return this.context.field ?? '';
  }

  get file(): string | undefined {
    return this.context.file;
  }
}

/** A run file: a preset name plus any overrides of its fields (deep, by section). */
export type RunFile = { preset: PresetName } & DeepPartial<Omit<RunConfig, 'preset'>>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * preset + overrides -> a complete, validated RunConfig. Unknown keys, wrong types and out-of-range values are
 * errors that name the field; nothing is silently ignored.
 */
export function resolveRunConfig(file: RunFile, source?: string): RunConfig {
  const preset = PRESETS[file.preset];
  if (!preset) throw new RunConfigError(`unknown preset '${file.preset}'; use one of ${Object.keys(PRESETS).join(', ')}`, 'preset', source);
  const { preset: _p, ...overrides } = file;
  const merged = mergeChecked(preset, overrides, '', source) as RunConfig;
  merged.preset = file.preset;
  validate(merged, source);
  return merged;
}

export function loadRunConfig(file: string): RunConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RunConfigError(`cannot read the run config (${(e as Error).message})`, '', file);
  }
  if (!raw || typeof raw !== 'object' || !('preset' in raw)) throw new RunConfigError('a run config needs a "preset" (reference, demo or tiny)', 'preset', file);
  return resolveRunConfig(raw as RunFile, file);
}

function mergeChecked(base: unknown, over: unknown, at: string, source?: string): unknown {
  if (over === undefined) return structuredClone(base);
  // model.overrides and the corpus union are checked by their own validators below
  if (at === 'model.overrides' || at === 'corpus') return structuredClone(over);
  if (isPlainObject(base)) {
    if (!isPlainObject(over)) throw new RunConfigError(`${at} must be an object`, at, source);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(over)) {
      if (!(key in base)) throw new RunConfigError(`unknown field '${at ? at + '.' : ''}${key}'`, `${at}.${key}`, source);
    }
    for (const [key, value] of Object.entries(base)) out[key] = mergeChecked(value, over[key], at ? `${at}.${key}` : key, source);
    return out;
  }
  const expected = Array.isArray(base) ? 'array' : typeof base;
  const got = Array.isArray(over) ? 'array' : typeof over;
  if (expected !== got) throw new RunConfigError(`${at} must be a ${expected}, got ${JSON.stringify(over)}`, at, source);
  return structuredClone(over);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validate(c: RunConfig, source?: string): void {
  const fail = (field: string, msg: string) => { throw new RunConfigError(`${field} ${msg}`, field, source); };
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(c.name)) fail('name', `must be a folder-safe name, got '${c.name}'`);
  if (!Number.isInteger(c.seed)) fail('seed', 'must be an integer');
  if (c.corpus.source === 'synthetic') {
    if (!['tiny', 'demo', 'full'].includes(c.corpus.preset)) fail('corpus.preset', `must be tiny, demo or full, got '${c.corpus.preset}'`);
    if (!Number.isInteger(c.corpus.seed)) fail('corpus.seed', 'must be an integer');
    // a run file written before corpus styles existed means the default, realistic corpus
    c.corpus.style ??= 'realistic';
    if (!['realistic', 'classic'].includes(c.corpus.style)) fail('corpus.style', `must be realistic or classic, got '${c.corpus.style}'`);
    const extra = Object.keys(c.corpus).filter((k) => !['source', 'preset', 'seed', 'style'].includes(k));
    if (extra.length) fail(`corpus.${extra[0]}`, 'is not a synthetic corpus field (source, preset, seed, style)');
  } else if (c.corpus.source === 'official') {
    if (typeof c.corpus.dir !== 'string' || !c.corpus.dir) fail('corpus.dir', 'must name the folder of the official files');
  } else fail('corpus.source', `must be 'synthetic' or 'official'`);
  if (!['strict', 'component', 'idmod'].includes(c.prepare.foldScheme)) fail('prepare.foldScheme', 'must be strict, component or idmod');
  if (!Number.isInteger(c.prepare.numFolds) || c.prepare.numFolds < 2 || c.prepare.numFolds > 20) fail('prepare.numFolds', `must be an integer in 2..20, got ${c.prepare.numFolds}`);
  const positiveInts: Array<[string, number]> = [
    ['prepare.shardRows', c.prepare.shardRows], ['features.titleLength', c.features.titleLength], ['features.wordLength', c.features.wordLength], ['features.maxTags', c.features.maxTags],
    ['features.w2vEpochs', c.features.w2vEpochs], ['features.w2vWindow', c.features.w2vWindow], ['features.w2vNegative', c.features.w2vNegative],
    ['pretrain.epochs', c.pretrain.epochs], ['pretrain.batchSize', c.pretrain.batchSize], ['pretrain.checkpointEvery', c.pretrain.checkpointEvery],
    ['pointwise.epochs', c.pointwise.epochs], ['pointwise.batchSize', c.pointwise.batchSize], ['pointwise.checkpointEvery', c.pointwise.checkpointEvery],
    ['eval.resamples', c.eval.resamples], ['eval.maxTrainVideos', c.eval.maxTrainVideos], ['eval.probeTags', c.eval.probeTags],
    ['pairwise.epochs', c.pairwise.epochs], ['pairwise.batchSize', c.pairwise.batchSize], ['pairwise.checkpointEvery', c.pairwise.checkpointEvery],
  ];
  for (const [f, v] of positiveInts) if (!Number.isInteger(v) || v <= 0) fail(f, `must be a positive integer, got ${v}`);
  if (c.features.titleTail >= c.features.titleLength) fail('features.titleTail', 'must be below titleLength');
  if (c.features.wordTail >= c.features.wordLength) fail('features.wordTail', 'must be below wordLength');
  const rates: Array<[string, number]> = [
    ['pretrain.lr', c.pretrain.lr], ['pointwise.lrHead', c.pointwise.lrHead], ['pointwise.lrBert', c.pointwise.lrBert],
    ['pairwise.lrHead', c.pairwise.lrHead], ['pairwise.lrBert', c.pairwise.lrBert],
  ];
  for (const [f, v] of rates) if (!(v > 0 && v < 1)) fail(f, `must be in (0, 1), got ${v}`);
  if (!(c.pretrain.maskProbability > 0 && c.pretrain.maskProbability < 1)) fail('pretrain.maskProbability', 'must be in (0, 1)');
  if (!Number.isInteger(c.pointwise.decayEpochs) || c.pointwise.decayEpochs < 0) fail('pointwise.decayEpochs', 'must be an integer >= 0');
  const n = c.prepare.numFolds;
  if (!c.pairwise.folds.every((f) => Number.isInteger(f) && f >= 0 && f < n) || new Set(c.pairwise.folds).size !== c.pairwise.folds.length) {
    fail('pairwise.folds', `must be distinct fold numbers in 0..${n - 1} (prepare.numFolds ${n}), got [${c.pairwise.folds}]`);
  }
  if (!['bin', 'rank', 'thres', 'identity'].includes(c.pairwise.labelNorm)) fail('pairwise.labelNorm', 'must be bin, rank, thres or identity');
  if (!c.submit.sets.every((s) => typeof s === 'string' && s)) fail('submit.sets', 'must be set names');
  try {
    resolveFusionConfig(c.model.overrides, c.model.preset === 'tiny' ? TINY_TOWER : MODEL2);
  } catch (e) {
    fail('model.overrides', `are invalid: ${(e as Error).message}`);
  }
  if (c.model.preset !== 'model2' && c.model.preset !== 'tiny') fail('model.preset', "must be 'model2' or 'tiny'");
}

/**
 * The part of the config a stage depends on: its own section and those of every stage before it (their outputs
 * feed it). The Nx target of a stage hashes this, so changing a pairwise-only field re-runs pairwise and submit
 * but no earlier stage.
 */
export function stageSections(c: RunConfig, stage: StageName): Record<string, unknown> {
  const upTo = STAGES.slice(0, STAGES.indexOf(stage) + 1);
  const out: Record<string, unknown> = { name: c.name, seed: c.seed };
  for (const s of upTo) out[s] = c[s];
  if (STAGES.indexOf(stage) >= STAGES.indexOf('pretrain')) out.model = c.model;
  return out;
}
