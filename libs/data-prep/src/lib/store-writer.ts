import { promises as fsp } from 'fs';
import { join } from 'path';
import { makeData, RecordBatch, RecordBatchFileWriter, Struct, type Schema } from 'apache-arrow';
import { MAX_FRAMES, packFrames, type FrameSelection } from './frames';
import { FRAME_DIM, type OfficialVideo } from './official';
import { storeSchema } from './store-schema';

export interface StoreSetWriterOptions {
  /** Rows per IPC file (default 8192, about 800 MB of frames). */
  shardRows?: number;
  /** Rows per record batch inside a file: the unit the reader loads (default 128). */
  batchRows?: number;
  maxFrames?: number;
  frameSelection?: FrameSelection;
}

/** Streams one set's videos into sharded Arrow IPC files `<dir>/<set>/part-NNNNN.arrow` (temp name until done). */
export class StoreSetWriter {
  readonly shards: { file: string; rows: number }[] = [];
  rows = 0;
  private readonly schema: Schema;
  private readonly shardRows: number;
  private readonly batchRows: number;
  private readonly maxFrames: number;
  private readonly selection: FrameSelection;
  private shard?: ShardSink;
  private b!: BatchBuffer;

  constructor(readonly dir: string, readonly set: string, opts: StoreSetWriterOptions = {}) {
    this.shardRows = opts.shardRows ?? 8192;
    this.batchRows = Math.min(opts.batchRows ?? 128, this.shardRows);
    this.maxFrames = opts.maxFrames ?? MAX_FRAMES;
    this.selection = opts.frameSelection ?? 'first';
    this.schema = storeSchema(this.maxFrames);
    this.resetBatch();
  }

  private resetBatch(): void {
    // A fresh frames buffer per batch: the Arrow writer holds on to it until the bytes reach the disk.
    this.b = { n: 0, ids: [], titles: [], asr: [], numFrames: new Int32Array(this.batchRows), cats: new Int32Array(this.batchRows), tags: [],
      frames: new Uint16Array(this.batchRows * this.maxFrames * FRAME_DIM) };
  }

  async add(v: OfficialVideo): Promise<void> {
    const b = this.b;
    b.ids.push(v.id);
    b.titles.push(v.title);
    b.asr.push(v.asrText);
    b.numFrames[b.n] = packFrames(v.frames, b.frames, b.n * this.maxFrames * FRAME_DIM, this.maxFrames, this.selection);
    b.cats[b.n] = v.categoryId;
    b.tags.push(v.tagIds === undefined ? null : (v.tagIds as (bigint | number)[]).map((t) => BigInt(t)));
    b.n++;
    if (b.n === this.batchRows || this.rows + b.n - this.shardRowsDone() === this.shardRows) await this.flushBatch();
  }

  private shardRowsDone(): number {
    return this.shards.reduce((s, x) => s + x.rows, 0);
  }

  private async flushBatch(): Promise<void> {
    const b = this.b;
    if (b.n === 0) return;
    if (!this.shard) {
      const file = join(this.set, `part-${String(this.shards.length).padStart(5, '0')}.arrow`);
      this.shard = await ShardSink.open(join(this.dir, file), file, this.schema);
    }
    await this.shard.write(toRecordBatch(this.schema, b, this.maxFrames));
    this.rows += b.n;
    this.resetBatch();
    if (this.shard.rows >= this.shardRows) await this.closeShard();
  }

  private async closeShard(): Promise<void> {
    if (!this.shard) return;
    await this.shard.close();
    this.shards.push({ file: this.shard.relPath, rows: this.shard.rows });
    this.shard = undefined;
  }

  /** Writes what is buffered and renames the last shard into place. */
  async close(): Promise<{ rows: number; shards: { file: string; rows: number }[] }> {
    await this.flushBatch();
    await this.closeShard();
    return { rows: this.rows, shards: this.shards };
  }

  async abort(): Promise<void> {
    await this.shard?.abort();
    this.shard = undefined;
  }
}

interface BatchBuffer {
  n: number;
  ids: string[];
  titles: string[];
  asr: string[];
  numFrames: Int32Array;
  cats: Int32Array;
  tags: (bigint[] | null)[];
  frames: Uint16Array;
}

const enc = new TextEncoder();

function utf8Data(strings: string[]) {
  const parts = strings.map((s) => enc.encode(s));
  const offsets = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i] + p.length));
  const data = new Uint8Array(offsets[parts.length]);
  parts.forEach((p, i) => data.set(p, offsets[i]));
  return { offsets, data };
}

function toRecordBatch(schema: Schema, b: BatchBuffer, maxFrames: number): RecordBatch {
  const n = b.n;
  const f = schema.fields;
  const str = (i: number, values: string[]) => {
    const { offsets, data } = utf8Data(values);
    return makeData({ type: f[i].type, length: n, valueOffsets: offsets, data });
  };
  const tagOffsets = new Int32Array(n + 1);
  const valid = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  b.tags.forEach((t, i) => {
    tagOffsets[i + 1] = tagOffsets[i] + (t ? t.length : 0);
    if (t) valid[i >> 3] |= 1 << (i & 7);
    else nulls++;
  });
  const tagValues = new BigInt64Array(tagOffsets[n]);
  b.tags.forEach((t, i) => t && tagValues.set(t, tagOffsets[i]));
  const listType = f[5].type;
  const tagChild = makeData({ type: listType.children[0].type, length: tagValues.length, data: tagValues });
  const tags = makeData({ type: listType, length: n, valueOffsets: tagOffsets, child: tagChild, nullBitmap: nulls ? valid : undefined, nullCount: nulls });
  const frameType = f[6].type;
  const halfs = makeData({ type: frameType.children[0].type, length: n * maxFrames * FRAME_DIM, data: b.frames.subarray(0, n * maxFrames * FRAME_DIM) });
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
  ) {
    this.pump = (async () => {
      try {
        // The writer yields many tiny chunks (metadata, padding) between the big frame buffers: coalesce them.
        let parts: Uint8Array[] = [];
        let partBytes = 0;
        const flush = async () => {
          const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
          parts = [];
          let done = 0;
          while (done < buf.byteLength) done += (await fh.write(buf, done, buf.byteLength - done)).bytesWritten;
          this.consumed += partBytes;
          partBytes = 0;
          this.wake?.();
        };
        for await (const chunk of writer) {
          parts.push(chunk);
          partBytes += chunk.byteLength;
          if (partBytes >= 1 << 20) await flush();
        }
        if (partBytes > 0) await flush();
      } catch (e) {
        this.pumpErr = e;
        this.wake?.();
      }
    })();
  }

  private get tmp(): string {
    return `${this.path}.tmp-${process.pid}`;
  }

  static async open(path: string, relPath: string, schema: Schema): Promise<ShardSink> {
    await fsp.mkdir(join(path, '..'), { recursive: true });
    const fh = await fsp.open(`${path}.tmp-${process.pid}`, 'w');
    const writer = new RecordBatchFileWriter();
    writer.reset(undefined, schema);
    return new ShardSink(path, relPath, fh, writer);
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
    await this.fh.close();
    await fsp.rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    this.writer.abort();
    await this.pump.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
    await fsp.rm(this.tmp, { force: true });
  }
}
