import { mkdtempSync, promises as fsp, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { encodeOfficialExample, FRAME_DIM, ingestTfRecords, openStore, readTfRecords, TfRecordWriter } from '@vidsim/data-prep';
import type { Benchmark } from '../benchmark';

interface Ctx {
  dir: string;
  file: string;
  bytes: number;
  records: number;
}

/** Raw sequential read of the file in 8 MiB chunks: the physical limit any reader can reach. */
async function rawRead(file: string): Promise<number> {
  const fh = await fsp.open(file, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  let total = 0;
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, total);
      if (bytesRead === 0) return total;
      total += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

const mbps = (bytes: number, ms: number) => Number((bytes / 1e6 / (ms / 1000)).toFixed(1));

/**
 * `--mb 1024` (default): generates a TFRecord file of official-schema videos (32 frames each) in a temp dir,
 * then times raw read, TFRecord framing+CRC, TFRecord -> Arrow ingest and Arrow batch reads. Deletes it all after.
 */
const ingest: Benchmark<Ctx> = {
  description: 'TFRecord -> Arrow ingest MB/s beside raw read MB/s of the same generated file; Arrow batch reads in videos/s',
  runs: 1,
  async setup(args) {
    const mb = Number(args.mb ?? 1024);
    const dir = mkdtempSync(join(tmpdir(), 'vidsim-bench-ingest-'));
    const file = join(dir, 'pretrain_0.tfrecords');
    const w = await TfRecordWriter.open(file);
    const base = new Uint16Array(32 * FRAME_DIM);
    for (let i = 0; i < base.length; i++) base[i] = 0x3000 + ((i * 2654435761) >>> 22); // finite halves in [0.125, 2)
    let records = 0;
    while (w.bytesWritten < mb * 1e6) {
      const frames = Array.from({ length: 32 }, (_, j) => base.subarray(j * FRAME_DIM, (j + 1) * FRAME_DIM));
      frames[records % 32] = new Uint16Array(FRAME_DIM).fill(records & 0x3fff);
      await w.write(encodeOfficialExample({ id: String(1000000000000000000n + BigInt(records)), title: `标题 ${records} 的视频`,
        asrText: '这是一段语音识别文本'.repeat(4), frames, tagIds: [BigInt(records % 997), 42n, BigInt(records % 13)], categoryId: 10100 + (records % 50) }));
      records++;
    }
    await w.close();
    return { dir, file, bytes: statSync(file).size, records };
  },
  async run(ctx) {
    let t = performance.now();
    const raw = await rawRead(ctx.file);
    const rawMs = performance.now() - t;

    t = performance.now();
    let n = 0;
    for await (const rec of readTfRecords(ctx.file)) n += rec.data.length > 0 ? 1 : 0;
    const framingMs = performance.now() - t;

    const out = join(ctx.dir, 'store');
    t = performance.now();
    const s = await ingestTfRecords({ sets: { pointwise: [ctx.file] }, outDir: out });
    const ingestMs = performance.now() - t;

    const table = (await openStore(out)).table('pointwise');
    t = performance.now();
    let videos = 0;
    for await (const b of table.batches(32, { shuffle: true, seed: 1 })) videos += b.size;
    const f32Ms = performance.now() - t;
    t = performance.now();
    let videos16 = 0;
    for await (const b of table.batches(32, { frames: 'f16' })) videos16 += b.size;
    const f16Ms = performance.now() - t;
    if (raw !== ctx.bytes || n !== ctx.records || s.records !== ctx.records || videos !== ctx.records || videos16 !== ctx.records) {
      throw new Error('benchmark consistency check failed');
    }
    return {
      fileMB: Number((ctx.bytes / 1e6).toFixed(0)),
      videos: ctx.records,
      rawReadMBps: mbps(raw, rawMs),
      tfrecordReadMBps: mbps(raw, framingMs),
      ingestMBps: mbps(raw, ingestMs),
      ingestPctOfRaw: Number(((100 * rawMs) / ingestMs).toFixed(1)),
      arrowBatchF32VideosPerS: Math.round(videos / (f32Ms / 1000)),
      arrowBatchF16VideosPerS: Math.round(videos16 / (f16Ms / 1000)),
    };
  },
  teardown(ctx) {
    rmSync(ctx.dir, { recursive: true, force: true });
  },
};
export default ingest;
