import * as fs from 'fs';
import * as path from 'path';
import { foldOf, foldStages, RUN_FILES, stageDirs, type AblationRow, type StageRecord } from '@vidsim/run-layout';
import { RunReportError } from './errors';
import type { EvalJson } from './section-eval';

/** The fold count when a run has not written one yet (no prepare stage.json, no pairwise folder): the reference's. */
const FALLBACK_FOLDS = 5;

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

export interface PredictionRow {
  query: string;
  candidate: string;
  relevance: number;
  cosine: number;
}
export interface EmbeddingRow {
  vid: string;
  category: number;
  vector: Float32Array;
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

/** What a run has written so far, as the report reads it. */
export interface RunReadout {
  name: string;
  dir: string;
  /** The run's fold count: prepare's (stage.json), else as many as pairwise-k folders exist. */
  numFolds: number;
  /** pairwise-0 .. pairwise-(numFolds-1). */
  foldStages: string[];
  stages: Map<string, StageArtifacts>;
  prepareSummary?: Record<string, unknown>;
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
export function readRunArtifacts(runDir: string, name = path.basename(path.resolve(runDir))): RunReadout {
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
  const numFolds = runFoldCount(runDir, json<StageRecord>(path.join(runDir, 'prepare', RUN_FILES.stage)));
  for (const stage of stageDirs(numFolds)) {
    const dir = path.join(runDir, stage);
    const metricsFile = path.join(dir, RUN_FILES.metrics);
    const hasMetrics = fs.existsSync(metricsFile);
    const s: StageArtifacts = {
      name: stage,
      dir,
      record: json<StageRecord>(path.join(dir, RUN_FILES.stage)),
      metrics: hasMetrics ? parseMetrics(fs.readFileSync(metricsFile, 'utf8'), rel(metricsFile), problems) : [],
      hasMetrics,
    };
    const pred = path.join(dir, RUN_FILES.validPredictions);
    if (fs.existsSync(pred))
      s.predictions = guard(() => parsePredictions(fs.readFileSync(pred, 'utf8')), rel(pred), problems);
    const emb = path.join(dir, RUN_FILES.validEmbeddings);
    if (fs.existsSync(emb))
      s.embeddings = guard(() => parseEmbeddings(fs.readFileSync(emb, 'utf8')), rel(emb), problems);
    stages.set(stage, s);
  }
  const pairsFile = path.join(runDir, 'prepare', RUN_FILES.pairs);
  return {
    name,
    dir: runDir,
    stages,
    numFolds,
    foldStages: foldStages(numFolds),
    prepareSummary: json(path.join(runDir, 'prepare', RUN_FILES.summary)),
    relevances: fs.existsSync(pairsFile)
      ? guard(() => parseRelevances(fs.readFileSync(pairsFile, 'utf8')), rel(pairsFile), problems)
      : undefined,
    submitSummary: json(path.join(runDir, 'submit', RUN_FILES.summary)),
    ablation: json<AblationRow[]>(path.join(runDir, 'ablation', RUN_FILES.ablationTable)),
    evaluation: json<EvalJson>(path.join(runDir, 'eval', RUN_FILES.eval)),
    problems,
  };
}

function runFoldCount(runDir: string, prepare: StageRecord | undefined): number {
  const fromPrepare = prepare?.results?.numFolds;
  const folders = fs
    .readdirSync(runDir)
    .map(foldOf)
    .filter((f): f is number => typeof f === 'number');
  const fromFolders = folders.length ? Math.max(...folders) + 1 : 0;
  const n = Math.max(typeof fromPrepare === 'number' ? fromPrepare : 0, fromFolders);
  return n > 0 ? n : FALLBACK_FOLDS;
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
  if (lines[0].split('\t').join(' ') !== header)
    throw new RunReportError(`expected header '${header}', got '${lines[0].slice(0, 60)}'`, 'BAD_ARTIFACT');
  return lines.slice(1).map((l) => l.split('\t'));
}

export function parsePredictions(text: string): PredictionRow[] {
  return tsvRows(text, 'query candidate relevance cosine').map((f, i) => {
    const row = { query: f[0], candidate: f[1], relevance: Number(f[2]), cosine: Number(f[3]) };
    if (f.length !== 4 || !Number.isFinite(row.relevance) || !Number.isFinite(row.cosine))
      throw new RunReportError(`line ${i + 2}: bad row`, 'BAD_ARTIFACT');
    return row;
  });
}

export function parseEmbeddings(text: string): EmbeddingRow[] {
  return tsvRows(text, 'vid category embedding').map((f, i) => {
    const vector = Float32Array.from(f[2]?.split(',') ?? [], Number);
    if (f.length !== 3 || vector.length === 0 || vector.some((v) => !Number.isFinite(v)))
      throw new RunReportError(`line ${i + 2}: bad row`, 'BAD_ARTIFACT');
    return { vid: f[0], category: Number(f[1]), vector };
  });
}

/** The relevance column of `pairs.tsv` (query, candidate, relevance; no header). */
export function parseRelevances(text: string): Float64Array {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const v = Number(line.split('\t')[2]);
    if (!Number.isFinite(v)) throw new RunReportError(`bad relevance in line '${line.slice(0, 60)}'`, 'BAD_ARTIFACT');
    out.push(v);
  }
  return Float64Array.from(out);
}
