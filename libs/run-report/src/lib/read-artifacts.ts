import * as fs from 'fs';
import * as path from 'path';
import { RunReportError } from './errors';
import type { EvalJson } from './section-eval';

export const FOLD_STAGES = ['pairwise-0', 'pairwise-1', 'pairwise-2', 'pairwise-3', 'pairwise-4'] as const;
export const TRAINING_STAGES = ['pretrain', 'pointwise', ...FOLD_STAGES, 'pairwise-all'] as const;
export const STAGES = ['corpus', 'prepare', 'features', ...TRAINING_STAGES, 'submit'] as const;

/** `<stage>/stage.json`, written last by every pipeline stage. */
export interface StageRecord {
  stage: string;
  finishedAt?: string;
  seconds?: number;
  backend?: string;
  config?: unknown;
  results?: Record<string, unknown>;
}

/** One line of `metrics.jsonl`: a training step (loss, lr, examples, stepMs) or an epoch-end eval. */
export interface MetricLine {
  step: number;
  epoch: number;
  loss?: number;
  lr?: Record<string, number | null>;
  examples?: number;
  stepMs?: number;
  eval?: Record<string, number | null>;
}

export interface PredictionRow { query: string; candidate: string; relevance: number; cosine: number }
export interface EmbeddingRow { vid: string; category: number; vector: Float32Array }

/** One row of `ablation/table.json` (written by the pipeline's ablation runner). */
export interface AblationRow {
  row: string;
  description?: string;
  reference?: { pointwise?: number | null; pairwise?: number | null };
  ours?: { zeroShot?: number | null; offline?: number | null; folds?: number };
}

export interface StageArtifacts {
  name: string;
  dir: string;
  /** stage.json; absent while the stage has not finished (or never ran). */
  record?: StageRecord;
  /** metrics.jsonl lines; empty when there is no log. */
  metrics: MetricLine[];
  hasMetrics: boolean;
  predictions?: PredictionRow[];
  embeddings?: EmbeddingRow[];
}

export interface RunArtifacts {
  name: string;
  dir: string;
  stages: Map<string, StageArtifacts>;
  prepareSummary?: Record<string, unknown>;
  prepareManifest?: Record<string, unknown>;
  /** Relevance column of prepare/pairs.tsv (every labelled pair). */
  relevances?: Float64Array;
  submitSummary?: Record<string, unknown>;
  ablation?: AblationRow[];
  /** `eval/eval.json`: baselines and every score with its bootstrap interval. */
  evaluation?: EvalJson;
  /** Artifacts that exist but could not be read; shown on the page instead of failing the report. */
  problems: string[];
}

/** Reads whatever a run has produced so far; missing files are simply absent, unreadable ones become `problems`. */
export function readRunArtifacts(runDir: string, name = path.basename(path.resolve(runDir))): RunArtifacts {
  if (!fs.existsSync(runDir) || !fs.statSync(runDir).isDirectory()) {
    throw new RunReportError(`run artifacts folder ${runDir} does not exist (run a stage first)`, 'NO_RUN_DIR', runDir);
  }
  const problems: string[] = [];
  const rel = (f: string) => path.relative(process.cwd(), f) || f;
  const json = <T>(f: string): T | undefined => {
    if (!fs.existsSync(f)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(f, 'utf8')) as T;
    } catch (e) {
      problems.push(`${rel(f)}: unreadable JSON (${(e as Error).message})`);
      return undefined;
    }
  };
  const stages = new Map<string, StageArtifacts>();
  for (const stage of STAGES) {
    const dir = path.join(runDir, stage);
    const metricsFile = path.join(dir, 'metrics.jsonl');
    const hasMetrics = fs.existsSync(metricsFile);
    const s: StageArtifacts = {
      name: stage,
      dir,
      record: json<StageRecord>(path.join(dir, 'stage.json')),
      metrics: hasMetrics ? parseMetrics(fs.readFileSync(metricsFile, 'utf8'), rel(metricsFile), problems) : [],
      hasMetrics,
    };
    const pred = path.join(dir, 'valid_predictions.tsv');
    if (fs.existsSync(pred)) s.predictions = guard(() => parsePredictions(fs.readFileSync(pred, 'utf8')), rel(pred), problems);
    const emb = path.join(dir, 'valid_embeddings.tsv');
    if (fs.existsSync(emb)) s.embeddings = guard(() => parseEmbeddings(fs.readFileSync(emb, 'utf8')), rel(emb), problems);
    stages.set(stage, s);
  }
  const pairsFile = path.join(runDir, 'prepare', 'pairs.tsv');
  return {
    name,
    dir: runDir,
    stages,
    prepareSummary: json(path.join(runDir, 'prepare', 'summary.json')),
    prepareManifest: json(path.join(runDir, 'prepare', 'manifest.json')),
    relevances: fs.existsSync(pairsFile)
      ? guard(() => parseRelevances(fs.readFileSync(pairsFile, 'utf8')), rel(pairsFile), problems)
      : undefined,
    submitSummary: json(path.join(runDir, 'submit', 'summary.json')),
    ablation: json<AblationRow[]>(path.join(runDir, 'ablation', 'table.json')),
    evaluation: json<EvalJson>(path.join(runDir, 'eval', 'eval.json')),
    problems,
  };
}

function guard<T>(fn: () => T, file: string, problems: string[]): T | undefined {
  try {
    return fn();
  } catch (e) {
    problems.push(`${file}: ${(e as Error).message}`);
    return undefined;
  }
}

/** Lines that do not parse are skipped; only a torn last line (a stage still writing) goes unreported. */
export function parseMetrics(text: string, file: string, problems: string[]): MetricLine[] {
  const lines = text.split('\n');
  const out: MetricLine[] = [];
  let bad = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      const m = JSON.parse(line) as MetricLine;
      if (typeof m.step === 'number') out.push(m);
    } catch {
      if (i < lines.length - 1 && lines.slice(i + 1).some((l) => l.trim())) bad++;
    }
  }
  if (bad > 0) problems.push(`${file}: ${bad} unreadable line(s) skipped`);
  return out;
}

function tsvRows(text: string, header: string): string[][] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  if (lines[0].split('\t').join(' ') !== header) throw new Error(`expected header '${header}', got '${lines[0].slice(0, 60)}'`);
  return lines.slice(1).map((l) => l.split('\t'));
}

export function parsePredictions(text: string): PredictionRow[] {
  return tsvRows(text, 'query candidate relevance cosine').map((f, i) => {
    const row = { query: f[0], candidate: f[1], relevance: Number(f[2]), cosine: Number(f[3]) };
    if (f.length !== 4 || !Number.isFinite(row.relevance) || !Number.isFinite(row.cosine)) throw new Error(`line ${i + 2}: bad row`);
    return row;
  });
}

export function parseEmbeddings(text: string): EmbeddingRow[] {
  return tsvRows(text, 'vid category embedding').map((f, i) => {
    const vector = Float32Array.from(f[2]?.split(',') ?? [], Number);
    if (f.length !== 3 || vector.length === 0 || vector.some((v) => !Number.isFinite(v))) throw new Error(`line ${i + 2}: bad row`);
    return { vid: f[0], category: Number(f[1]), vector };
  });
}

/** The relevance column of `pairs.tsv` (query, candidate, relevance; no header). */
export function parseRelevances(text: string): Float64Array {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const v = Number(line.split('\t')[2]);
    if (!Number.isFinite(v)) throw new Error(`bad relevance in line '${line.slice(0, 60)}'`);
    out.push(v);
  }
  return Float64Array.from(out);
}
