import { promises as fsp } from 'fs';
import { join } from 'path';
import { RecordBatchReader, type AsyncRecordBatchFileReader, type RecordBatch } from 'apache-arrow';
import { DataPrepError } from './errors';
import { FRAME_DIM } from './official';
import {
  STORE_MANIFEST,
  STORE_VERSION,
  type SkippedRecord,
  type StoreManifest,
  type StoreSetInfo,
} from './store-schema';
import { float16BitsToFloat32, mulberry32 } from '@vidsim/core';

export type StoreColumn = 'id' | 'title' | 'asr_text' | 'frames' | 'num_frames' | 'tag_ids' | 'category_id';

export interface BatchOptions {
  /** Shuffle rows (record-batch order across shards, then rows inside a window of loaded record batches). */
  shuffle?: boolean;
  seed?: number;
  /** Columns to decode (default all). `id` is always present. */
  columns?: StoreColumn[];
  /** `f32` (default): frames as Float32Array via the float16 LUT. `f16`: the raw float16 bits. */
  frames?: 'f32' | 'f16';
  /** Drop a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Record batches loaded per shuffle window (default 16: 2048 rows with the default 128-row batches). */
  windowBatches?: number;
}

/** One batch of B videos. Frames are [B, maxFrames, FRAME_DIM] row-major. */
export interface StoreBatch {
  size: number;
  ids: string[];
  titles?: string[];
  asrTexts?: string[];
  /** [B * maxFrames * FRAME_DIM]: Float32Array for `f32`, Uint16Array float16 bits for `f16`. */
  frames?: Float32Array | Uint16Array;
  /** [B]: min(frames in the video, maxFrames). */
  numFrames?: Int32Array;
  /** Raw official tag ids per video; null in test sets. Map them with `TagVocab.encode`. */
  tagIds?: (BigInt64Array | null)[];
  /** [B]: official category id, -1 when missing. */
  categoryIds?: Int32Array;
}

/** Opens a store written by `apps/prepare` (or `ingest`): `store.json` plus the `<set>/*.arrow` shards it lists. */
export async function openStore(dir: string): Promise<Store> {
  const file = join(dir, STORE_MANIFEST);
  let manifest: StoreManifest;
  try {
    manifest = JSON.parse(await fsp.readFile(file, 'utf8')) as StoreManifest;
  } catch (e) {
    throw new DataPrepError('BAD_STORE', `cannot read the store manifest: ${(e as Error).message}`, {
      file,
      hint: 'run apps/prepare first',
    });
  }
  if (manifest.version !== STORE_VERSION) {
    throw new DataPrepError('BAD_STORE', `store version ${manifest.version}, expected ${STORE_VERSION}`, {
      file,
      field: 'version',
    });
  }
  await verifyShards(dir, manifest);
  return new Store(dir, manifest);
}

const ARROW_MAGIC = Buffer.from('ARROW1');

/**
 * Every listed shard must exist with the size recorded when it was written, and end in the Arrow file magic: a
 * shard cut short (a copy, a full disk, a crash of another tool) is named here rather than failing mid-epoch.
 */
async function verifyShards(dir: string, manifest: StoreManifest): Promise<void> {
  for (const info of Object.values(manifest.sets ?? {})) {
    for (const shard of info.shards ?? []) {
      const file = join(dir, shard.file);
      let fh: fsp.FileHandle;
      try {
        fh = await fsp.open(file, 'r');
      } catch (e) {
        throw new DataPrepError(
          'BAD_STORE',
          `shard listed in ${STORE_MANIFEST} cannot be opened: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          { file, hint: 'rerun apps/prepare with --force' },
        );
      }
      try {
        const size = (await fh.stat()).size;
        if (shard.bytes !== undefined && size !== shard.bytes) {
          throw new DataPrepError(
            'BAD_STORE',
            `shard is ${size} bytes, ${STORE_MANIFEST} records ${shard.bytes}: it was truncated or replaced after the store was written`,
            { file, hint: 'rerun apps/prepare with --force' },
          );
        }
        const tail = Buffer.alloc(ARROW_MAGIC.length);
        const { bytesRead } = await fh.read(tail, 0, tail.length, Math.max(0, size - tail.length));
        if (bytesRead < tail.length || !tail.equals(ARROW_MAGIC)) {
          throw new DataPrepError(
            'BAD_STORE',
            `shard of ${size} bytes does not end in the Arrow file footer: it is truncated`,
            { file, hint: 'rerun apps/prepare with --force' },
          );
        }
      } finally {
        await fh.close();
      }
    }
  }
}

export class Store {
  constructor(
    readonly dir: string,
    readonly manifest: StoreManifest,
  ) {}

  get setNames(): string[] {
    return Object.keys(this.manifest.sets);
  }

  /** Records of `set` skipped under --skip-bad (empty when none): the videos it is missing. */
  skippedRecords(set: string): SkippedRecord[] {
    return this.manifest.sets[set]?.skipped ?? [];
  }

  table(set: string): StoreTable {
    const info = this.manifest.sets[set];
    if (!info)
      throw new DataPrepError('BAD_STORE', `no set "${set}" (have: ${this.setNames.join(', ')})`, {
        file: join(this.dir, STORE_MANIFEST),
        field: 'sets',
      });
    return new StoreTable(this.dir, set, info, this.manifest.maxFrames);
  }
}

interface Chunk {
  shard: number;
  index: number;
}

export class StoreTable {
  constructor(
    readonly dir: string,
    readonly set: string,
    readonly info: StoreSetInfo,
    readonly maxFrames: number,
  ) {}

  get numRows(): number {
    return this.info.rows;
  }

  /** Streams batches of `batchSize` rows; see BatchOptions. Memory: about one shuffle window of record batches. */
  async *batches(batchSize: number, opts: BatchOptions = {}): AsyncGenerator<StoreBatch> {
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new DataPrepError('BAD_OPTION', `batchSize must be a positive integer, got ${batchSize}`, {
        field: 'batchSize',
      });
    const readers: (AsyncRecordBatchFileReader | undefined)[] = [];
    const handles: fsp.FileHandle[] = [];
    const open = async (s: number): Promise<AsyncRecordBatchFileReader> => {
      let r = readers[s];
      if (!r) {
        const file = join(this.dir, this.info.shards[s].file);
        const fh = await fsp.open(file, 'r').catch((e: Error) => {
          throw new DataPrepError('BAD_STORE', `cannot open shard: ${e.message}`, { file });
        });
        handles.push(fh);
        r = (await RecordBatchReader.from(fh)) as AsyncRecordBatchFileReader;
        await r.open();
        readers[s] = r;
      }
      return r;
    };
    try {
      const chunks: Chunk[] = [];
      for (let s = 0; s < this.info.shards.length; s++) {
        const r = await open(s);
        for (let i = 0; i < r.numRecordBatches; i++) chunks.push({ shard: s, index: i });
      }
      const rand = mulberry32(opts.seed ?? 0);
      if (opts.shuffle) shuffleInPlace(chunks, rand);
      const window = opts.shuffle ? Math.max(1, opts.windowBatches ?? 16) : 1;
      const cols = new Set<StoreColumn>(
        opts.columns ?? ['id', 'title', 'asr_text', 'frames', 'num_frames', 'tag_ids', 'category_id'],
      );
      let pending: RowRef[] = [];
      for (let c = 0; c < chunks.length; c += window) {
        for (const ch of chunks.slice(c, c + window)) {
          const rb = (await (await open(ch.shard)).readRecordBatch(ch.index)) as RecordBatch;
          for (let row = 0; row < rb.numRows; row++) pending.push({ rb, row });
        }
        if (opts.shuffle) shuffleInPlace(pending, rand);
        let at = 0;
        while (pending.length - at >= batchSize) {
          yield this.assemble(pending.slice(at, at + batchSize), cols, opts.frames ?? 'f32');
          at += batchSize;
        }
        pending = pending.slice(at);
      }
      if (pending.length > 0 && !opts.dropLast) yield this.assemble(pending, cols, opts.frames ?? 'f32');
    } finally {
      for (const fh of handles) await fh.close().catch(() => undefined);
    }
  }

  private assemble(rows: RowRef[], cols: Set<StoreColumn>, frameMode: 'f32' | 'f16'): StoreBatch {
    const B = rows.length;
    const out: StoreBatch = { size: B, ids: rows.map((r) => utf8At(r.rb, 'id', r.row)) };
    if (cols.has('title')) out.titles = rows.map((r) => utf8At(r.rb, 'title', r.row));
    if (cols.has('asr_text')) out.asrTexts = rows.map((r) => utf8At(r.rb, 'asr_text', r.row));
    if (cols.has('num_frames')) out.numFrames = Int32Array.from(rows, (r) => int32At(r.rb, 'num_frames', r.row));
    if (cols.has('category_id')) out.categoryIds = Int32Array.from(rows, (r) => int32At(r.rb, 'category_id', r.row));
    if (cols.has('tag_ids')) out.tagIds = rows.map((r) => tagsAt(r.rb, r.row));
    if (cols.has('frames')) {
      const F = this.maxFrames * FRAME_DIM;
      const first = rows[0];
      const contiguous = rows.every((r, i) => r.rb === first.rb && r.row === first.row + i);
      if (frameMode === 'f16' && contiguous) {
        out.frames = halfValues(first.rb).subarray(first.row * F, (first.row + B) * F); // zero-copy view
      } else if (frameMode === 'f16') {
        const dst = new Uint16Array(B * F);
        rows.forEach((r, i) => dst.set(halfValues(r.rb).subarray(r.row * F, (r.row + 1) * F), i * F));
        out.frames = dst;
      } else {
        const dst = new Float32Array(B * F);
        rows.forEach((r, i) => float16BitsToFloat32(halfValues(r.rb).subarray(r.row * F, (r.row + 1) * F), dst, i * F));
        out.frames = dst;
      }
    }
    return out;
  }
}

interface RowRef {
  rb: RecordBatch;
  row: number;
}

const dec = new TextDecoder();

function colData(rb: RecordBatch, name: string) {
  const col = rb.getChild(name);
  if (!col) throw new DataPrepError('BAD_STORE', `record batch has no column ${name}`, { field: name });
  return col.data[0];
}

function utf8At(rb: RecordBatch, name: string, row: number): string {
  const d = colData(rb, name);
  const o = d.valueOffsets as Int32Array;
  return dec.decode((d.values as Uint8Array).subarray(o[row], o[row + 1]));
}

function int32At(rb: RecordBatch, name: string, row: number): number {
  return (colData(rb, name).values as Int32Array)[row];
}

function tagsAt(rb: RecordBatch, row: number): BigInt64Array | null {
  const d = colData(rb, 'tag_ids');
  if (d.nullCount > 0 && d.nullBitmap && !((d.nullBitmap[row >> 3] >> (row & 7)) & 1)) return null;
  const o = d.valueOffsets as Int32Array;
  return (d.children[0].values as BigInt64Array).subarray(o[row], o[row + 1]);
}

function halfValues(rb: RecordBatch): Uint16Array {
  return colData(rb, 'frames').children[0].values as Uint16Array;
}

function shuffleInPlace<T>(xs: T[], rand: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}
