import { existsSync, promises as fsp, type Stats } from 'fs';
import { availableParallelism } from 'os';
import { basename, dirname, join, resolve, sep } from 'path';
import { DataPrepError, ioError } from './errors';
import { MAX_FRAMES, type FrameSelection } from './frames';
import { loadFinishedUnit, removeStrays, unitKey, unitRecordPath, writeStoreFile } from './ingest-resume';
import type { BadRecord, IngestUnit, TruncatedText, UnitConfig, UnitResult } from './ingest-unit';
import { runUnits } from './ingest-pool';
import { type DirectIo, findRecordBoundary } from '@vidsim/tfrecord';
import { FRAME_DIM } from './official';
import { STORE_MANIFEST, STORE_VERSION, type SkippedRecord, type StoreManifest } from './store-schema';

export interface IngestOptions {
  /** Set name -> TFRecord files, e.g. { pointwise: [...20 files], pairwise: [...], test_a: [...] }. */
  sets: Record<string, string[]>;
  outDir: string;
  /** Count and skip bad records (data CRC, protobuf, fields, frames, ids) instead of stopping at the first. */
  skipBad?: boolean;
  frameSelection?: FrameSelection;
  maxFrames?: number;
  shardRows?: number;
  batchRows?: number;
  /**
   * Worker threads (default 'auto': one per core, at most 8, and no more than one per GiB of input: a worker's
   * start-up and warm-up cost about as much CPU as ingesting a few hundred MB). 1 runs everything in this thread.
   */
  workers?: number | 'auto';
  /** With several workers, the size of the file pieces they share (default: input / (2 x workers), >= 256 MiB). */
  unitBytes?: number;
  /** How input files are read (default 'auto': around the page cache for files of 64 MiB or more). */
  directIo?: DirectIo;
  /**
   * Keep the file pieces an earlier, interrupted or failed, run finished (same file path, size and mtime, same
   * byte range and options; their shards all present) and ingest only the rest (default false: start afresh).
   */
  resume?: boolean;
  /** Called often (several times a second); throttle in the caller. */
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress {
  set: string;
  file: string;
  records: number;
  /** Bytes consumed over all input files so far. */
  bytes: number;
  totalBytes: number;
}

export interface IngestSummary {
  sets: Record<string, { rows: number; shards: number; bad: number }>;
  records: number;
  bytes: number;
  bad: BadRecord[];
  /** Raw official tag id (decimal string) -> occurrences over all sets, for the tag vocab. */
  tagCounts: Map<string, number>;
  /** Category id -> occurrences (missing, -1, skipped). */
  categoryCounts: Map<number, number>;
  /** Video ids per set, in store order (pairs are checked against them). */
  ids: Record<string, string[]>;
  /** Rows whose id an earlier row of the same set already had. */
  duplicateIds: number;
  /**
   * Each id found on several rows of a set, with those rows (first MAX_LISTED_DUPLICATES ids). The store keeps every
   * row; a reader that looks rows up by id takes the last (as `VideoSet.index` does).
   */
  duplicates: { set: string; id: string; rows: number[] }[];
  /** Titles and ASR texts cut to their limit (MAX_TITLE_BYTES, MAX_ASR_BYTES), naming file, record and field. */
  truncatedTexts: TruncatedText[];
  /** Worker threads used, the file pieces they shared, and how many of those an earlier run had finished. */
  workers: number;
  units: number;
  unitsReused: number;
}

const MAX_AUTO_WORKERS = 8;
export const MAX_LISTED_DUPLICATES = 1000;
const BYTES_PER_AUTO_WORKER = 1 << 30;
const MIN_UNIT_BYTES = 256 << 20;
/** How far past a planned cut a record start is looked for; none found (a damaged stretch): no cut there. */
const MAX_SPLIT_SCAN_BYTES = 64 << 20;

/**
 * Official TFRecords -> Arrow store, counting tags and categories on the way. Files (big ones cut at record
 * boundaries) are shared out to worker threads, each writing its own shards; rows keep the input order.
 * `store.json` is written last, so a store interrupted midway has no manifest and is never taken as complete.
 */
export async function ingestTfRecords(opts: IngestOptions): Promise<IngestSummary> {
  const maxFrames = opts.maxFrames ?? MAX_FRAMES;
  const frameSelection = opts.frameSelection ?? 'first';
  const manifestPath = join(opts.outDir, STORE_MANIFEST);
  const files = [...new Set(Object.values(opts.sets).flat())];
  const stats = new Map(await Promise.all(files.map(async (f) => [f, await inputStat(f)] as const)));
  await checkOutputOutsideInputs(files, opts.outDir);
  for (const [set, setFiles] of Object.entries(opts.sets)) {
    if (setFiles.every((f) => stats.get(f)!.size === 0)) {
      throw new DataPrepError(
        'EMPTY_INPUT',
        `set ${set} has no records: ${setFiles.length === 1 ? 'its only file is' : 'all its files are'} empty`,
        { file: setFiles[0] },
      );
    }
  }
  try {
    await fsp.mkdir(opts.outDir, { recursive: true });
    await fsp.rm(manifestPath, { force: true });
  } catch (e) {
    throw ioError(e, opts.outDir, 'cannot prepare the output folder');
  }
  const sizes = new Map([...stats].map(([f, st]) => [f, st.size]));
  const totalBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  const workers = resolveWorkers(opts.workers ?? 'auto', totalBytes);
  const cfg: UnitConfig = {
    outDir: opts.outDir,
    skipBad: opts.skipBad ?? false,
    frameSelection,
    maxFrames,
    shardRows: opts.shardRows,
    batchRows: opts.batchRows,
    directIo: opts.directIo ?? 'auto',
  };
  const units = (await planUnits(opts.sets, sizes, workers, opts.unitBytes)).map((u) => ({
    ...u,
    key: unitKey(u, stats.get(u.file)!, cfg),
  }));
  const results: (UnitResult | undefined)[] = new Array(units.length);
  if (opts.resume) {
    for (let i = 0; i < units.length; i++) results[i] = await loadFinishedUnit(opts.outDir, units[i], units[i].key);
  } else {
    for (const set of Object.keys(opts.sets)) await removeStrays(opts.outDir, set, new Set()); // no stale shards (only ours go)
  }

  const todo = units.map((_, i) => i).filter((i) => !results[i]);
  const unitRecords = units.map((_, i) => results[i]?.rows ?? 0);
  const unitBytes = units.map((u, i) => (results[i] ? u.end - u.start : 0));
  let records = unitRecords.reduce((a, b) => a + b, 0);
  let bytes = unitBytes.reduce((a, b) => a + b, 0);
  if (todo.length < units.length)
    opts.onProgress?.({ set: units[0].set, file: units[0].file, records, bytes, totalBytes });
  const fresh = await runUnits(
    todo.map((i) => units[i]),
    cfg,
    workers,
    (j, r, b) => {
      const i = todo[j];
      records += r - unitRecords[i];
      bytes += b - unitBytes[i];
      unitRecords[i] = r;
      unitBytes[i] = b;
      opts.onProgress?.({ set: units[i].set, file: units[i].file, records, bytes, totalBytes });
    },
  );
  todo.forEach((i, j) => (results[i] = fresh[j]));

  const summary: IngestSummary = {
    sets: {},
    records: 0,
    bytes: totalBytes,
    bad: [],
    tagCounts: new Map(),
    categoryCounts: new Map(),
    duplicateIds: 0,
    duplicates: [],
    ids: {},
    truncatedTexts: [],
    workers,
    units: units.length,
    unitsReused: units.length - todo.length,
  };
  const manifest: StoreManifest = { version: STORE_VERSION, frameDim: FRAME_DIM, maxFrames, frameSelection, sets: {} };
  for (const set of Object.keys(opts.sets)) {
    const info = (manifest.sets[set] = { rows: 0, shards: [] as { file: string; rows: number; bytes?: number }[] });
    const skipped: SkippedRecord[] = [];
    const ids: string[] = (summary.ids[set] = []);
    const firstRow = new Map<string, number>();
    const dupRows = new Map<string, number[]>();
    let bad = 0;
    units.forEach((u, i) => {
      if (u.set !== set) return;
      const r = results[i]!;
      info.rows += r.rows;
      info.shards.push(...r.shards);
      for (const id of r.ids) {
        const first = firstRow.get(id);
        if (first === undefined) firstRow.set(id, ids.length);
        else {
          summary.duplicateIds++;
          const rows =
            dupRows.get(id) ?? (dupRows.size < MAX_LISTED_DUPLICATES ? dupRows.set(id, [first]).get(id) : undefined);
          rows?.push(ids.length);
        }
        ids.push(id);
      }
      for (const [k, n] of r.tagCounts) summary.tagCounts.set(k, (summary.tagCounts.get(k) ?? 0) + n);
      for (const [k, n] of r.categoryCounts) summary.categoryCounts.set(k, (summary.categoryCounts.get(k) ?? 0) + n);
      summary.bad.push(...r.bad);
      for (const b of r.bad)
        skipped.push({ file: b.file ?? u.file, offset: b.offset ?? -1, code: b.code, field: b.field, id: b.id });
      summary.truncatedTexts.push(...(r.truncatedTexts ?? []));
      bad += r.bad.length;
    });
    for (const [id, rows] of dupRows) summary.duplicates.push({ set, id, rows });
    if (skipped.length > 0) Object.assign(info, { skipped });
    if (info.rows === 0) {
      const setFiles = opts.sets[set];
      throw new DataPrepError('EMPTY_INPUT', `set ${set} has no valid records (${bad} bad ones skipped)`, {
        file: setFiles.find((f) => stats.get(f)!.size > 0) ?? setFiles[0],
      });
    }
    summary.sets[set] = { rows: info.rows, shards: info.shards.length, bad };
    summary.records += info.rows;
    if (opts.resume) {
      const keep = new Set([
        ...info.shards.map((s) => basename(s.file)),
        ...units.filter((u) => u.set === set).map((u) => basename(unitRecordPath(opts.outDir, u))),
      ]);
      await removeStrays(opts.outDir, set, keep);
    }
  }
  await writeStoreFile(manifestPath, JSON.stringify(manifest, null, 2), 'cannot write the store manifest');
  return summary;
}

/** An input file's stat; a missing, unreadable or non-file path is an IO error naming it. */
async function inputStat(file: string): Promise<Stats> {
  const st = await fsp.stat(file).catch((e) => {
    throw ioError(e, file, 'cannot read an input file');
  });
  if (!st.isFile())
    throw new DataPrepError(
      'IO',
      `not a regular file (${st.isDirectory() ? 'a directory' : 'a special file'}): TFRecords must be files`,
      { file },
    );
  return st;
}

/**
 * Refuses (BAD_OPTION naming the file) an output folder that holds an input file: the input folder itself, a set's
 * folder, or a folder above them. A fresh start clears the store's own files in `<out>/<set>/`, and prepare writes
 * its own files beside them; no input may ever sit among them. Symlinks are followed.
 */
export async function checkOutputOutsideInputs(files: string[], outDir: string): Promise<void> {
  const out = await realPathOf(outDir);
  for (const f of files) {
    const real = await realPathOf(f);
    if (real.startsWith(out.endsWith(sep) ? out : out + sep)) {
      throw new DataPrepError(
        'BAD_OPTION',
        `input file lies inside the output folder ${outDir}: choose an output folder outside the input`,
        { file: f, field: 'outDir' },
      );
    }
  }
}

/** The real path of `p`, through symlinks, for the part of it that exists (an output folder may not yet). */
async function realPathOf(p: string): Promise<string> {
  const abs = resolve(p);
  if (existsSync(abs)) return fsp.realpath(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(await realPathOf(parent), basename(abs));
}

function resolveWorkers(w: number | 'auto', totalBytes: number): number {
  if (w === 'auto')
    return Math.max(
      1,
      Math.min(availableParallelism(), MAX_AUTO_WORKERS, Math.floor(totalBytes / BYTES_PER_AUTO_WORKER)),
    );
  if (!Number.isInteger(w) || w < 1)
    throw new DataPrepError('BAD_OPTION', `workers must be a positive integer or 'auto', got ${w}`, {
      field: 'workers',
    });
  return w;
}

/**
 * One unit per file, and with several workers big files cut at record boundaries into pieces of about
 * `unitBytes` (two per worker by default), so every worker has work until near the end.
 */
async function planUnits(
  sets: Record<string, string[]>,
  sizes: Map<string, number>,
  workers: number,
  unitBytes?: number,
): Promise<IngestUnit[]> {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (unitBytes !== undefined && !(unitBytes > 0))
    throw new DataPrepError('BAD_OPTION', `unitBytes must be positive, got ${unitBytes}`, { field: 'unitBytes' });
  const target = workers > 1 ? (unitBytes ?? Math.max(MIN_UNIT_BYTES, Math.ceil(total / (workers * 2)))) : Infinity;
  const units: IngestUnit[] = [];
  for (const [set, files] of Object.entries(sets)) {
    let setUnit = 0;
    for (const file of files) {
      const size = sizes.get(file)!;
      const pieces = Number.isFinite(target) ? Math.max(1, Math.round(size / target)) : 1;
      const starts = [0];
      for (let j = 1; j < pieces; j++) {
        const b = await findRecordBoundary(file, Math.floor((size * j) / pieces), MAX_SPLIT_SCAN_BYTES);
        if (b !== undefined && b > starts[starts.length - 1] && b < size) starts.push(b);
      }
      starts.forEach((start, j) => units.push({ set, setUnit: setUnit++, file, start, end: starts[j + 1] ?? size }));
    }
  }
  return units;
}
