import { promises as fsp } from 'fs';
import { join } from 'path';
import { makeData, RecordBatch, RecordBatchFileWriter, Struct, type Schema } from 'apache-arrow';
import { ioError } from './errors';
import { frameIndices, MAX_FRAMES, packFrames, type FrameSelection } from './frames';
import type { RawVideo } from './official-fast';
import { FRAME_DIM, type OfficialVideo } from './official';
import { storeSchema } from './store-schema';

export interface StoreSetWriterOptions {
  /** Rows per IPC file (default 8192, about 800 MB of frames). */
  shardRows?: number;
  /** Rows per record batch inside a file: the unit the reader loads (default 128). */
  batchRows?: number;
  maxFrames?: number;
  frameSelection?: FrameSelection;
  /** Shard file names are `<prefix>-NNNNN.arrow` (default 'part'; parallel ingest gives each range its own). */
  shardPrefix?: string;
  /** Called for every title / ASR text cut to its limit (MAX_TITLE_BYTES, MAX_ASR_BYTES). */
  onTruncate?: (t: TextTruncation) => void;
}

/** A text field longer than its limit, stored cut at the last whole character that fits. */
export interface TextTruncation {
  id: string;
  field: 'title' | 'asr_text';
  /** Its length in UTF-8 bytes before the cut. */
  bytes: number;
}

/**
 * Per-field limits in UTF-8 bytes. Real titles are under 100 characters and ASR a few thousand (3 bytes each), and
 * no model reads past 512 tokens; the limits bound a record batch's text (128 rows x 68 KiB) whatever the input
 * holds, so one absurd record (a 10 MB title) costs neither memory nor a failed run: it is cut and reported.
 */
export const MAX_TITLE_BYTES = 4 << 10;
export const MAX_ASR_BYTES = 64 << 10;

/** Streams one set's videos into sharded Arrow IPC files `<dir>/<set>/<prefix>-NNNNN.arrow` (temp name until done). */
/** A finished shard: its path under the store folder, rows, and size in bytes (checked when the store is opened). */
export interface ShardInfo {
  file: string;
  rows: number;
  bytes?: number;
}

export class StoreSetWriter {
  readonly shards: ShardInfo[] = [];
  rows = 0;
  private readonly schema: Schema;
  private readonly shardRows: number;
  private readonly batchRows: number;
  private readonly maxFrames: number;
  private readonly selection: FrameSelection;
  private readonly shardPrefix: string;
  private shard?: ShardSink;
  private b!: BatchBuffer;
  private shardRowsDone = 0;
  private readonly pool: FramePool;
  private readonly indexCache = new Map<number, number[]>();
  private readonly onTruncate?: (t: TextTruncation) => void;

  constructor(
    readonly dir: string,
    readonly set: string,
    opts: StoreSetWriterOptions = {},
  ) {
    this.shardRows = opts.shardRows ?? 8192;
    this.batchRows = Math.min(opts.batchRows ?? 128, this.shardRows);
    this.maxFrames = opts.maxFrames ?? MAX_FRAMES;
    this.selection = opts.frameSelection ?? 'first';
    this.shardPrefix = opts.shardPrefix ?? 'part';
    this.onTruncate = opts.onTruncate;
    this.schema = storeSchema(this.maxFrames);
    this.pool = new FramePool(this.batchRows * this.maxFrames * FRAME_DIM);
    this.resetBatch();
  }

  private resetBatch(): void {
    // Frames come from a pool: a buffer goes back to it once the shard's pump has written it to disk.
    this.b = new BatchBuffer(this.batchRows, this.pool.get());
  }

  async add(v: OfficialVideo): Promise<void> {
    const b = this.b;
    b.ids.push(enc.encode(v.id));
    b.titles.push(this.bounded(v.id, 'title', enc.encode(v.title)));
    b.asr.push(this.bounded(v.id, 'asr_text', enc.encode(v.asrText)));
    b.numFrames[b.n] = packFrames(v.frames, b.frames, b.n * this.maxFrames * FRAME_DIM, this.maxFrames, this.selection);
    b.cats[b.n] = v.categoryId;
    b.pushTags(v.tagIds === undefined ? null : (v.tagIds as (bigint | number)[]));
    await this.endRow();
  }

  /**
   * Adds a video whose frames are still in its record bytes (see `scanOfficialExample`): frames are copied once,
   * straight from the record into the batch. Everything is copied before the first await, so the caller may
   * reuse the record's buffer as soon as this returns a promise.
   */
  async addRaw(v: RawVideo): Promise<void> {
    const b = this.b;
    b.ids.pushLatin1(v.id);
    b.titles.push(this.bounded(v.id, 'title', v.title));
    b.asr.push(this.bounded(v.id, 'asr_text', v.asrText));
    const n = v.numFrames;
    const idx = this.indices(n);
    const F = this.maxFrames * FRAME_DIM;
    const dst = b.frameBytes;
    // A plain Uint8Array view: Buffer#subarray is several times slower per call.
    const src = new Uint8Array(v.frameBytes.buffer, v.frameBytes.byteOffset, v.frameBytes.byteLength);
    const at = b.n * F * 2;
    for (let i = 0; i < this.maxFrames; i++) {
      const d = at + i * FRAME_BYTES;
      if (idx[i] < 0) dst.fill(0, d, d + FRAME_BYTES);
      else {
        const s = v.frameStarts[idx[i]];
        dst.set(src.subarray(s, s + FRAME_BYTES), d);
      }
    }
    if (!LITTLE_ENDIAN) {
      const f = b.frames;
      for (let i = b.n * F; i < (b.n + 1) * F; i++) f[i] = ((f[i] & 0xff) << 8) | (f[i] >>> 8);
    }
    b.numFrames[b.n] = Math.min(n, this.maxFrames);
    b.cats[b.n] = v.categoryId;
    b.pushTags(v.tagIds);
    await this.endRow();
  }

  private bounded(id: string, field: TextTruncation['field'], bytes: Uint8Array): Uint8Array {
    const max = field === 'title' ? MAX_TITLE_BYTES : MAX_ASR_BYTES;
    if (bytes.length <= max) return bytes;
    this.onTruncate?.({ id, field, bytes: bytes.length });
    return truncateUtf8(bytes, max);
  }

  private indices(n: number): number[] {
    let idx = this.indexCache.get(n);
    if (!idx) {
      idx = frameIndices(n, this.maxFrames, this.selection);
      if (this.indexCache.size < 4096) this.indexCache.set(n, idx);
    }
    return idx;
  }

  private async endRow(): Promise<void> {
    const b = this.b;
    b.n++;
    if (b.n === this.batchRows || this.rows + b.n - this.shardRowsDone === this.shardRows) await this.flushBatch();
  }

  private async flushBatch(): Promise<void> {
    const b = this.b;
    if (b.n === 0) return;
    if (!this.shard) {
      const file = join(this.set, `${this.shardPrefix}-${String(this.shards.length).padStart(5, '0')}.arrow`);
      this.shard = await ShardSink.open(join(this.dir, file), file, this.schema, this.pool);
    }
    await this.shard.write(toRecordBatch(this.schema, b, this.maxFrames));
    this.rows += b.n;
    this.resetBatch();
    if (this.shard.rows >= this.shardRows) await this.closeShard();
  }

  private async closeShard(): Promise<void> {
    if (!this.shard) return;
    await this.shard.close();
    this.shards.push({ file: this.shard.relPath, rows: this.shard.rows, bytes: this.shard.bytes });
    this.shardRowsDone += this.shard.rows;
    this.shard = undefined;
  }

  /** Writes what is buffered and renames the last shard into place. */
  async close(): Promise<{ rows: number; shards: ShardInfo[] }> {
    await this.flushBatch();
    await this.closeShard();
    return { rows: this.rows, shards: this.shards };
  }

  async abort(): Promise<void> {
    await this.shard?.abort();
    this.shard = undefined;
  }
}

/** The longest prefix of UTF-8 `bytes` of at most `max` bytes that ends on a character boundary. */
export function truncateUtf8(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // bytes[end] continues a character: cut before it starts
  return bytes.subarray(0, end);
}

const enc = new TextEncoder();
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const FRAME_BYTES = FRAME_DIM * 2;

/** A Utf8 column being built: offsets plus bytes that grow by doubling. */
class StrColumn {
  readonly offsets: Int32Array;
  data: Uint8Array;
  private n = 0;

  constructor(rows: number, bytes: number) {
    this.offsets = new Int32Array(rows + 1);
    this.data = new Uint8Array(bytes);
  }

  private reserve(len: number): number {
    const at = this.offsets[this.n];
    if (at + len > this.data.length) {
      const next = new Uint8Array(Math.max(this.data.length * 2, at + len));
      next.set(this.data.subarray(0, at));
      this.data = next;
    }
    this.offsets[this.n + 1] = at + len;
    this.n++;
    return at;
  }

  push(bytes: Uint8Array): void {
    // reserve() may replace `data`: take the position first (`this.data.set(bytes, this.reserve(n))` would write
    // into the old, outgrown array: RangeError once a batch's text passed the initial size).
    const at = this.reserve(bytes.length);
    this.data.set(bytes, at);
  }

  /** For strings known to be ASCII (decimal ids). */
  pushLatin1(s: string): void {
    const at = this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.data[at + i] = s.charCodeAt(i);
  }

  bytes(): Uint8Array {
    return this.data.subarray(0, this.offsets[this.n]);
  }
}

/** One record batch being filled. Its arrays are handed to Arrow as they are (no copy), so each batch gets new ones. */
class BatchBuffer {
  n = 0;
  readonly ids: StrColumn;
  readonly titles: StrColumn;
  readonly asr: StrColumn;
  readonly numFrames: Int32Array;
  readonly cats: Int32Array;
  readonly tagOffsets: Int32Array;
  readonly tagValid: Uint8Array;
  tagNulls = 0;
  tagValues = new BigInt64Array(256);
  readonly frameBytes: Uint8Array;

  constructor(
    rows: number,
    readonly frames: Uint16Array,
  ) {
    this.ids = new StrColumn(rows, rows * 20);
    this.titles = new StrColumn(rows, rows * 64);
    this.asr = new StrColumn(rows, rows * 256);
    this.numFrames = new Int32Array(rows);
    this.cats = new Int32Array(rows);
    this.tagOffsets = new Int32Array(rows + 1);
    this.tagValid = new Uint8Array(Math.ceil(rows / 8));
    this.frameBytes = new Uint8Array(frames.buffer, frames.byteOffset, frames.byteLength);
  }

  /** Tags of row `n` (null: the set has no tags). */
  pushTags(tags: readonly (bigint | number)[] | null): void {
    const i = this.n;
    const at = this.tagOffsets[i];
    if (tags === null) {
      this.tagNulls++;
      this.tagOffsets[i + 1] = at;
      return;
    }
    this.tagValid[i >> 3] |= 1 << (i & 7);
    if (at + tags.length > this.tagValues.length) {
      const next = new BigInt64Array(Math.max(this.tagValues.length * 2, at + tags.length));
      next.set(this.tagValues.subarray(0, at));
      this.tagValues = next;
    }
    for (let j = 0; j < tags.length; j++) this.tagValues[at + j] = BigInt(tags[j]);
    this.tagOffsets[i + 1] = at + tags.length;
  }
}

/** Reusable frame buffers, one batch each; `release` takes the ArrayBuffer a written chunk pointed into. */
class FramePool {
  private readonly free: Uint16Array[] = [];
  private readonly lent = new Map<ArrayBufferLike, Uint16Array>();

  constructor(private readonly values: number) {}

  get(): Uint16Array {
    const f = this.free.pop() ?? new Uint16Array(this.values);
    this.lent.set(f.buffer, f);
    return f;
  }

  release(buffer: ArrayBufferLike): void {
    const f = this.lent.get(buffer);
    if (!f) return;
    this.lent.delete(buffer);
    this.free.push(f); // never more than were in flight at once: the pump bounds that
  }
}

function toRecordBatch(schema: Schema, b: BatchBuffer, maxFrames: number): RecordBatch {
  const n = b.n;
  const f = schema.fields;
  const str = (i: number, col: StrColumn) =>
    makeData({ type: f[i].type, length: n, valueOffsets: col.offsets.subarray(0, n + 1), data: col.bytes() });
  const nulls = b.tagNulls;
  const tagValues = b.tagValues.subarray(0, b.tagOffsets[n]);
  const listType = f[5].type;
  const tagChild = makeData({ type: listType.children[0].type, length: tagValues.length, data: tagValues });
  const tags = makeData({
    type: listType,
    length: n,
    valueOffsets: b.tagOffsets.subarray(0, n + 1),
    child: tagChild,
    nullBitmap: nulls ? b.tagValid.subarray(0, Math.ceil(n / 8)) : undefined,
    nullCount: nulls,
  });
  const frameType = f[6].type;
  const halfs = makeData({
    type: frameType.children[0].type,
    length: n * maxFrames * FRAME_DIM,
    data: b.frames.subarray(0, n * maxFrames * FRAME_DIM),
  });
  const children = [
    str(0, b.ids),
    str(1, b.titles),
    str(2, b.asr),
    makeData({ type: f[3].type, length: n, data: b.numFrames.subarray(0, n) }),
    makeData({ type: f[4].type, length: n, data: b.cats.subarray(0, n) }),
    tags,
    makeData({ type: frameType, length: n, child: halfs }),
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(f), length: n, children }));
}

const MAX_QUEUED_BYTES = 64 << 20;

/** One IPC file being written: a pump moves the writer's bytes to disk, the producer waits when it runs ahead. */
class ShardSink {
  rows = 0;
  private produced = 0;
  private consumed = 0;
  private wake?: () => void;
  private pumpErr?: unknown;
  private readonly pump: Promise<void>;

  private constructor(
    private readonly path: string,
    readonly relPath: string,
    private readonly fh: fsp.FileHandle,
    private readonly writer: RecordBatchFileWriter,
    pool: FramePool,
  ) {
    this.pump = (async () => {
      try {
        // The writer yields many tiny chunks (metadata, padding) between the big frame buffers: gather them into
        // one writev (no concatenation copy), then hand the written frame buffers back to the pool.
        let parts: Uint8Array[] = [];
        let partBytes = 0;
        const flush = async () => {
          await writeAll(fh, parts);
          for (const c of parts) pool.release(c.buffer);
          parts = [];
          this.consumed += partBytes;
          partBytes = 0;
          this.wake?.();
        };
        for await (const chunk of writer) {
          parts.push(chunk);
          partBytes += chunk.byteLength;
          if (partBytes >= 1 << 20 || parts.length >= 512) await flush();
        }
        if (partBytes > 0) await flush();
      } catch (e) {
        this.pumpErr = ioError(e, this.tmp, 'cannot write a store shard');
        this.wake?.();
      }
    })();
  }

  private get tmp(): string {
    return `${this.path}.tmp-${process.pid}`;
  }

  /** Bytes written to the file so far (all of it once closed). */
  get bytes(): number {
    return this.consumed;
  }

  static async open(path: string, relPath: string, schema: Schema, pool: FramePool): Promise<ShardSink> {
    const tmp = `${path}.tmp-${process.pid}`;
    const fh = await fsp
      .mkdir(join(path, '..'), { recursive: true })
      .then(() => fsp.open(tmp, 'w'))
      .catch((e) => {
        throw ioError(e, tmp, 'cannot create a store shard');
      });
    const writer = new RecordBatchFileWriter();
    writer.reset(undefined, schema);
    return new ShardSink(path, relPath, fh, writer, pool);
  }

  async write(rb: RecordBatch): Promise<void> {
    this.writer.write(rb);
    this.rows += rb.numRows;
    this.produced += rb.getChild('frames')!.data[0].children[0].values.byteLength;
    while (this.produced - this.consumed > MAX_QUEUED_BYTES && this.pumpErr === undefined) {
      await new Promise<void>((r) => (this.wake = r));
    }
    if (this.pumpErr !== undefined) throw this.pumpErr;
  }

  async close(): Promise<void> {
    this.writer.finish();
    await this.pump;
    if (this.pumpErr !== undefined) throw this.pumpErr;
    try {
      await this.fh.close(); // a delayed write error (NFS, quota) surfaces here
    } catch (e) {
      throw ioError(e, this.tmp, 'cannot write a store shard');
    }
    await fsp.rename(this.tmp, this.path).catch((e) => {
      throw ioError(e, this.path, 'cannot rename a finished store shard into place');
    });
  }

  async abort(): Promise<void> {
    try {
      this.writer.abort();
    } catch {
      // already finished (close failed after it): nothing left to stop
    }
    await this.pump.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
    await fsp.rm(this.tmp, { force: true });
  }
}

/** Writes every byte of `parts` at the file position, looping over short writes. */
async function writeAll(fh: fsp.FileHandle, parts: Uint8Array[]): Promise<void> {
  let todo = parts.filter((p) => p.byteLength > 0);
  while (todo.length > 0) {
    let written = (await fh.writev(todo)).bytesWritten;
    let i = 0;
    while (i < todo.length && written >= todo[i].byteLength) written -= todo[i++].byteLength;
    todo = todo.slice(i);
    if (written > 0) todo[0] = todo[0].subarray(written);
  }
}
