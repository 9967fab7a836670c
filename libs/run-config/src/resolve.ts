import { VidsimError } from '@vidsim/core';
import * as fs from 'fs';
import { resolveFusionConfig, MODEL2, TINY as TINY_TOWER } from '@vidsim/fusion-model';
import { STAGES, type StageName } from '@vidsim/run-layout';
import type { CorpusConfig, PresetName, RunConfig } from './config';
import { PRESETS } from './presets';
import { validateSection, type SectionSchema } from './schema';
import {
  CORPUS_SCHEMAS,
  FEATURES_CHECKS,
  FEATURES_SCHEMA,
  MODEL_SCHEMA,
  PAIRWISE_CHECKS,
  PAIRWISE_SCHEMA,
  POINTWISE_CHECKS,
  POINTWISE_SCHEMA,
  PREPARE_SCHEMA,
  PRETRAIN_CHECKS,
  PRETRAIN_SCHEMA,
  SUBMIT_SCHEMA,
  TOP_SCHEMA,
  EVAL_SCHEMA,
} from './sections';

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
type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/**
 * preset + overrides -> a complete, validated RunConfig. Unknown keys, wrong types and out-of-range values are
 * errors that name the field; nothing is silently ignored.
 */
export function resolveRunConfig(file: RunFile, source?: string): RunConfig {
  const preset = PRESETS[file.preset];
  if (!preset)
    throw new RunConfigError(
      `unknown preset '${file.preset}'; use one of ${Object.keys(PRESETS).join(', ')}`,
      'preset',
      source,
    );
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
  if (!raw || typeof raw !== 'object' || !('preset' in raw))
    throw new RunConfigError('a run config needs a "preset" (reference, demo or tiny)', 'preset', file);
  return resolveRunConfig(raw as RunFile, file);
}

function mergeChecked(base: unknown, over: unknown, at: string, source?: string): unknown {
  if (over === undefined) return structuredClone(base);
  // model.overrides is checked by the fusion-model lib; the corpus union by the schema of its source
  // the tower overrides add to the preset's (the demo recipe stays under a run's own switches), field by field
  if (at === 'model.overrides') return { ...structuredClone(base as object), ...structuredClone(over as object) };
  if (at === 'corpus') return mergeCorpus(base, over);
  if (isPlainObject(base)) {
    if (!isPlainObject(over)) throw new RunConfigError(`${at} must be an object`, at, source);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(over)) {
      if (!(key in base))
        throw new RunConfigError(`unknown field '${at ? at + '.' : ''}${key}'`, `${at}.${key}`, source);
    }
    for (const [key, value] of Object.entries(base))
      out[key] = mergeChecked(value, over[key], at ? `${at}.${key}` : key, source);
    return out;
  }
  const expected = Array.isArray(base) ? 'array' : typeof base;
  const got = Array.isArray(over) ? 'array' : typeof over;
  if (expected !== got)
    throw new RunConfigError(`${at} must be a ${expected}, got ${JSON.stringify(over)}`, at, source);
  return structuredClone(over);
}

/** A corpus override of the same source (or none named) edits the preset's corpus; another source replaces it. */
function mergeCorpus(base: unknown, over: unknown): unknown {
  if (!isPlainObject(over) || !isPlainObject(base)) return structuredClone(over);
  const merged =
    over.source !== undefined && over.source !== base.source
      ? structuredClone(over)
      : { ...structuredClone(base), ...structuredClone(over) };
  // a run file written before corpus styles existed means the default, realistic corpus
  if (merged.source === 'synthetic' && merged.style === undefined) merged.style = 'realistic';
  return merged;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Each section against its schema (sections.ts); the first problem is an error naming the field and the file. */
function validate(c: RunConfig, source?: string): void {
  const fail = ([field, msg]: [string, string]): never => {
    throw new RunConfigError(`${field} ${msg}`, field, source);
  };
  const top = validateSection('', { name: c.name, seed: c.seed }, TOP_SCHEMA);
  if (top) fail([top[0].slice(1), top[1]]);
  const corpus = c.corpus as { source?: unknown };
  const corpusSchema =
    corpus && (corpus.source === 'synthetic' || corpus.source === 'official')
      ? CORPUS_SCHEMAS[corpus.source]
      : undefined;
  if (!corpusSchema)
    fail(['corpus.source', `must be 'synthetic' or 'official', got ${JSON.stringify(corpus?.source)}`]);
  const problem =
    validateSection('corpus', c.corpus, corpusSchema as SectionSchema<CorpusConfig>) ??
    validateSection('prepare', c.prepare, PREPARE_SCHEMA) ??
    validateSection('features', c.features, FEATURES_SCHEMA, FEATURES_CHECKS) ??
    validateSection('model', c.model, MODEL_SCHEMA) ??
    validateSection('pretrain', c.pretrain, PRETRAIN_SCHEMA, PRETRAIN_CHECKS) ??
    validateSection('pointwise', c.pointwise, POINTWISE_SCHEMA, POINTWISE_CHECKS) ??
    validateSection('pairwise', c.pairwise, PAIRWISE_SCHEMA, PAIRWISE_CHECKS) ??
    validateSection('submit', c.submit, SUBMIT_SCHEMA) ??
    validateSection('eval', c.eval, EVAL_SCHEMA);
  if (problem) fail(problem);
  // across sections: the folds trained must exist in the prepared split
  const n = c.prepare.numFolds;
  if (c.pairwise.folds.some((f) => f >= n))
    fail([
      'pairwise.folds',
      `must be distinct fold numbers in 0..${n - 1} (prepare.numFolds ${n}), got [${c.pairwise.folds}]`,
    ]);
  if (c.pairwise.stackProbe && c.pointwise.probeDims === 0)
    fail(['pairwise.stackProbe', 'needs the linear probe: set pointwise.probeDims above 0 (128 in the demo preset)']);
  try {
    resolveFusionConfig(c.model.overrides, c.model.preset === 'tiny' ? TINY_TOWER : MODEL2);
  } catch (e) {
    fail(['model.overrides', `are invalid: ${(e as Error).message}`]);
  }
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
