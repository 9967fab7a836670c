import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataPrepError } from './errors';
import { ingestTfRecords } from './ingest';
import {
  findRecordBoundary,
  InputFile,
  readTfRecords,
  TfRecordError,
  TfRecordWriter,
  type ReadTfRecordsOptions,
} from '@vidsim/tfrecord';
import { encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';
import { openStore } from './store-reader';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dp-par-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Records of pseudo-random bytes and lengths (0 to 30,000), some longer than the read chunks used below. */
function randomRecords(n: number, seed: number): Uint8Array[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) >>> 0) >>> 8;
  return Array.from({ length: n }, (_, i) => {
    const r = new Uint8Array(i % 9 === 0 ? 0 : next() % 30000);
    for (let j = 0; j < r.length; j++) r[j] = next() & 0xff;
    return r;
  });
}

async function writeRecords(file: string, recs: Uint8Array[]): Promise<number[]> {
  const w = await TfRecordWriter.open(file);
  const offsets: number[] = [];
  for (const r of recs) {
    offsets.push(w.bytesWritten);
    await w.write(r);
  }
  await w.close();
  return offsets;
}

/** Records as base64 strings with offsets (jest compares long strings much faster than long buffers). */
async function readAll(file: string, opts: ReadTfRecordsOptions = {}): Promise<{ data: string; offset: number }[]> {
  const out: { data: string; offset: number }[] = [];
  for await (const r of readTfRecords(file, opts))
    out.push({ data: Buffer.from(r.data).toString('base64'), offset: r.offset });
  return out;
}

describe('splitting a TFRecord file at record boundaries', () => {
  it('finds the first record at or after any offset, passing over a damaged record', async () => {
    const file = join(dir, 'r.tfrecords');
    const recs = randomRecords(60, 3);
    const offsets = await writeRecords(file, recs);
    const size = readFileSync(file).length;
    for (let from = 0; from < size; from += 997) {
      expect(await findRecordBoundary(file, from)).toBe(offsets.find((o) => o >= from) ?? size);
    }
    for (const o of offsets.slice(0, 10)) expect(await findRecordBoundary(file, o)).toBe(o);
    // A flipped data byte in record 5: its header still checks out, its data does not, so it is no boundary.
    const bytes = readFileSync(file);
    const k = recs.findIndex((r, i) => i >= 5 && r.length > 0);
    bytes[offsets[k] + 12] ^= 0xff;
    writeFileSync(file, bytes);
    expect(await findRecordBoundary(file, offsets[k] - 1)).toBe(offsets[k + 1]);
    // With a scan limit shorter than the gap to the next record start, it gives up instead.
    const gap = offsets[k + 1] - offsets[k] + 1;
    expect(await findRecordBoundary(file, offsets[k] - 1, gap - 2)).toBeUndefined();
    expect(await findRecordBoundary(file, offsets[k] - 1, gap + 1)).toBe(offsets[k + 1]);
  });

  it('reads ranges between boundaries that together are the whole file, and rejects a range end inside a record', async () => {
    const file = join(dir, 'r.tfrecords');
    const offsets = await writeRecords(file, randomRecords(80, 5));
    const size = readFileSync(file).length;
    const whole = await readAll(file);
    const cuts = [0, await findRecordBoundary(file, 100_000), await findRecordBoundary(file, 400_000), size];
    for (const chunkBytes of [4096, 65536]) {
      const parts: { data: string; offset: number }[] = [];
      for (let i = 0; i < 3; i++)
        parts.push(...(await readAll(file, { start: cuts[i], end: cuts[i + 1], chunkBytes, reuseBuffers: false })));
      expect(parts).toEqual(whole);
    }
    // A range whose last record is several chunks long (reads past the range end are then issued on demand).
    const k = offsets.findIndex((o, i) => i > 0 && i + 1 < offsets.length && offsets[i + 1] - o > 3 * 4096);
    expect(await readAll(file, { start: offsets[1], end: offsets[k + 1], chunkBytes: 4096 })).toEqual(
      whole.slice(1, k + 1),
    );
    for (const [end, chunkBytes] of [
      [offsets[3] + 1, 8 << 20],
      [offsets[k] + 1, 4096],
    ]) {
      // An end inside a record: that record is read whole (past the end), then named as the problem.
      const err = await readAll(file, { start: 0, end, chunkBytes }).catch((e) => e);
      expect(err).toBeInstanceOf(TfRecordError);
      expect([err.code, err.file, err.offset]).toEqual(['BAD_OPTION', file, end]);
    }
  });
});

describe('direct reads', () => {
  it('give the records written, as buffered reads do, with records longer than a chunk and a start off the block grid', async () => {
    const file = join(dir, 'r.tfrecords');
    const recs = randomRecords(70, 11);
    const offsets = await writeRecords(file, recs);
    const buffered = await readAll(file, { directIo: false });
    expect(buffered).toEqual(recs.map((r, i) => ({ data: Buffer.from(r).toString('base64'), offset: offsets[i] })));
    const f = await InputFile.open(file, true, 4096);
    f.allocate(4096, 2); // where O_DIRECT is refused (tmpfs, macOS) this falls back and reads buffered
    console.log(`direct reads ${f.isDirect ? 'in use' : 'refused here: the buffered fallback was tested'}`);
    await f.close();
    for (const chunkBytes of [4096, 8192, 1 << 20]) {
      expect(await readAll(file, { directIo: true, chunkBytes, reuseBuffers: true })).toEqual(buffered);
      expect(await readAll(file, { directIo: true, chunkBytes, readAhead: 3 })).toEqual(buffered);
    }
    expect(await readAll(file, { directIo: true, chunkBytes: 8192, start: offsets[7] })).toEqual(buffered.slice(7));
  });

  it('still check every CRC', async () => {
    const file = join(dir, 'r.tfrecords');
    const offsets = await writeRecords(file, randomRecords(40, 13));
    const bytes = readFileSync(file);
    bytes[offsets[20] + 14] ^= 1;
    writeFileSync(file, bytes);
    const err = await readAll(file, { directIo: true, chunkBytes: 4096 }).catch((e) => e);
    expect([err.code, err.offset]).toEqual(['BAD_DATA_CRC', offsets[20]]);
  });
});

function video(i: number): OfficialVideo {
  const frames = Array.from({ length: 1 + (i % 5) }, (_, j) =>
    new Uint16Array(FRAME_DIM).fill(0x3c00 + ((i * 8 + j) % 0x3ff)),
  );
  return {
    id: String(7000000000000000000n + BigInt(i)),
    title: `标题${i}`,
    asrText: `asr ${i}`,
    frames,
    tagIds: [BigInt(100 + (i % 4))],
    categoryId: 10100 + (i % 3),
  };
}

/** What a store of these videos must hold: ids, and one value of each of 4 frames (padding repeats the last). */
function expectedContents(vids: OfficialVideo[]): { ids: string[]; frames: number[] } {
  return {
    ids: vids.map((v) => v.id),
    frames: vids.flatMap((v) => [0, 1, 2, 3].map((j) => v.frames[Math.min(j, v.frames.length - 1)][5])),
  };
}

async function storeContents(out: string, set: string): Promise<{ ids: string[]; frames: number[] }> {
  const ids: string[] = [];
  const frames: number[] = [];
  for await (const b of (await openStore(out)).table(set).batches(7, { frames: 'f16' })) {
    ids.push(...b.ids);
    const f = b.frames as Uint16Array;
    for (let r = 0; r < b.size; r++) for (let j = 0; j < 4; j++) frames.push(f[(r * 4 + j) * FRAME_DIM + 5]);
  }
  return { ids, frames };
}

describe('parallel ingest', () => {
  it('writes the same rows in the same order on worker threads, files cut into pieces, as in one thread', async () => {
    const a = join(dir, 'a.tfrecords');
    const b = join(dir, 'b.tfrecords');
    const vids = Array.from({ length: 90 }, (_, i) => video(i));
    await writeRecords(a, vids.slice(0, 60).map(encodeOfficialExample));
    await writeRecords(b, vids.slice(60).map(encodeOfficialExample));
    const opts = { sets: { pointwise: [a, b] }, maxFrames: 4, shardRows: 16, batchRows: 8 };
    const one = await ingestTfRecords({ ...opts, outDir: join(dir, 'one'), workers: 1 });
    const progress: number[] = [];
    const two = await ingestTfRecords({
      ...opts,
      outDir: join(dir, 'two'),
      workers: 2,
      unitBytes: 60_000,
      onProgress: (p) => progress.push(p.bytes),
    });
    expect([one.workers, one.units, two.workers]).toEqual([1, 2, 2]);
    expect(two.units).toBeGreaterThanOrEqual(5);
    expect(two.records).toBe(90);
    expect(two.ids).toEqual(one.ids);
    expect(two.ids.pointwise).toEqual(vids.map((v) => v.id));
    expect([...two.tagCounts].sort()).toEqual([...one.tagCounts].sort());
    expect([...two.categoryCounts].sort()).toEqual([...one.categoryCounts].sort());
    expect(await storeContents(join(dir, 'one'), 'pointwise')).toEqual(expectedContents(vids));
    expect(await storeContents(join(dir, 'two'), 'pointwise')).toEqual(expectedContents(vids));
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(two.bytes);
  });

  it('reports a bad record from a worker with its code, file, offset and field, or counts it with skipBad', async () => {
    const a = join(dir, 'a.tfrecords');
    const recs = Array.from({ length: 40 }, (_, i) => encodeOfficialExample(video(i)));
    recs[30] = encodeOfficialExample({ ...video(30), id: 'x30' });
    const offsets = await writeRecords(a, recs);
    const opts = { sets: { s: [a] }, outDir: join(dir, 'store'), maxFrames: 4, workers: 2, unitBytes: 40_000 };
    const err = await ingestTfRecords(opts).catch((e) => e);
    expect(err).toBeInstanceOf(DataPrepError);
    expect([err.code, err.file, err.offset, err.field]).toEqual(['BAD_ID', a, offsets[30], 'id']);
    const s = await ingestTfRecords({ ...opts, skipBad: true });
    expect([s.records, s.bad.length, s.bad[0].offset]).toEqual([39, 1, offsets[30]]);
  });

  it('rejects a bad worker count', async () => {
    await expect(ingestTfRecords({ sets: {}, outDir: join(dir, 'x'), workers: 0 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      field: 'workers',
    });
  });
});

describe('resumed ingest', () => {
  it('keeps the pieces an interrupted run finished and redoes only the rest, ending with the complete store', async () => {
    const a = join(dir, 'a.tfrecords');
    const b = join(dir, 'b.tfrecords');
    const vids = Array.from({ length: 50 }, (_, i) => video(i));
    await writeRecords(a, vids.slice(0, 30).map(encodeOfficialExample));
    const badB = vids.slice(30).map(encodeOfficialExample);
    badB[15] = encodeOfficialExample({ ...vids[45], id: 'x45' });
    await writeRecords(b, badB);
    const out = join(dir, 'store');
    const opts = { sets: { s: [a, b] }, outDir: out, maxFrames: 4, shardRows: 16, batchRows: 8, workers: 1 };
    await expect(ingestTfRecords(opts)).rejects.toMatchObject({ code: 'BAD_ID', file: b });
    const aShard = join(out, 's', 'part-00000-00000.arrow');
    const aInode = statSync(aShard).ino;

    await writeRecords(b, vids.slice(30).map(encodeOfficialExample)); // the input is repaired
    const resumed = await ingestTfRecords({ ...opts, resume: true });
    expect([resumed.units, resumed.unitsReused, resumed.records]).toEqual([2, 1, 50]);
    expect(statSync(aShard).ino).toBe(aInode); // a's shards were kept, not rewritten
    expect(resumed.ids.s).toEqual(vids.map((v) => v.id));
    expect(Object.fromEntries(resumed.tagCounts)).toEqual({ 100: 13, 101: 13, 102: 12, 103: 12 }); // tag 100 + i % 4
    expect(await storeContents(out, 's')).toEqual(expectedContents(vids));

    // Nothing left to do: everything is kept. A changed option invalidates every piece.
    expect((await ingestTfRecords({ ...opts, resume: true })).unitsReused).toBe(2);
    expect((await ingestTfRecords({ ...opts, shardRows: 8, resume: true })).unitsReused).toBe(0);
  });

  it('leaves only what the store uses when the pieces change between runs', async () => {
    const a = join(dir, 'a.tfrecords');
    const vids = Array.from({ length: 40 }, (_, i) => video(i));
    await writeRecords(a, vids.map(encodeOfficialExample));
    const out = join(dir, 'store');
    const many = await ingestTfRecords({ sets: { s: [a] }, outDir: out, maxFrames: 4, workers: 2, unitBytes: 50_000 });
    expect(many.units).toBeGreaterThan(2);
    const one = await ingestTfRecords({ sets: { s: [a] }, outDir: out, maxFrames: 4, workers: 1, resume: true });
    expect([one.units, one.unitsReused, one.records]).toEqual([1, 0, 40]);
    expect(readdirSync(join(out, 's')).sort()).toEqual(['part-00000-00000.arrow', 'part-00000.unit.json']);
    expect(await storeContents(out, 's')).toEqual(expectedContents(vids));
  });
});
