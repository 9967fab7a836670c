import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataPrepError } from './errors';
import { encodeExample, TfRecordWriter } from '@vidsim/tfrecord';
import { ingestTfRecords } from './ingest';
import { encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';
import { openStore } from './store-reader';

const MAXF = 4; // small frame count keeps the test fast; the layout is the same as with 32

function video(i: number): OfficialVideo {
  // Frame j of video i is filled with float16 1.0 (0x3c00) + i*8 + j: distinct, finite halves.
  const frames = Array.from({ length: i % 6 }, (_, j) => new Uint16Array(FRAME_DIM).fill(0x3c00 + i * 8 + j));
  return {
    id: String(9000000000000000000n + BigInt(i)),
    title: `标题${i}`,
    asrText: i % 2 ? `asr ${i}` : '',
    frames,
    tagIds: i % 5 === 4 ? undefined : [BigInt(100 + (i % 3)), 7n],
    categoryId: i % 7 === 0 ? -1 : 10100 + (i % 3),
  };
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dp-store-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeRecords(file: string, recs: Uint8Array[]): Promise<void> {
  const w = await TfRecordWriter.open(file);
  for (const r of recs) await w.write(r);
  await w.close();
}

const halfToF32 = (h: number) => (1 + (h & 0x3ff) / 1024) * 2 ** (((h >> 10) & 0x1f) - 15); // normal positive halves

describe('Arrow store', () => {
  it('ingests TFRecords and reads batches back exactly', async () => {
    const vids = Array.from({ length: 23 }, (_, i) => video(i));
    await writeRecords(join(dir, 'a.tfrecords'), vids.slice(0, 10).map(encodeOfficialExample));
    await writeRecords(join(dir, 'b.tfrecords'), vids.slice(10).map(encodeOfficialExample));
    const out = join(dir, 'store');
    const s = await ingestTfRecords({
      sets: { pairwise: [join(dir, 'a.tfrecords'), join(dir, 'b.tfrecords')] },
      outDir: out,
      maxFrames: MAXF,
      shardRows: 10,
      batchRows: 4,
    });
    expect(s.sets.pairwise).toEqual({ rows: 23, shards: 3, bad: 0 });
    expect(s.tagCounts.get('7')).toBe(vids.filter((v) => v.tagIds).length);
    // one unit per input file (no workers for a few KB): a's 10 rows fill one shard, b's 13 two; each unit's record
    expect(readdirSync(join(out, 'pairwise')).sort()).toEqual([
      'part-00000-00000.arrow',
      'part-00000.unit.json',
      'part-00001-00000.arrow',
      'part-00001-00001.arrow',
      'part-00001.unit.json',
    ]);

    const table = (await openStore(out)).table('pairwise');
    expect(table.numRows).toBe(23);
    const got: OfficialVideo[] = [];
    const sizes: number[] = [];
    for await (const b of table.batches(5, { frames: 'f16' })) {
      sizes.push(b.size);
      for (let r = 0; r < b.size; r++) {
        const f = b.frames as Uint16Array;
        got.push({
          id: b.ids[r],
          title: b.titles![r],
          asrText: b.asrTexts![r],
          categoryId: b.categoryIds![r],
          tagIds: b.tagIds![r] ? Array.from(b.tagIds![r]!) : undefined,
          frames: Array.from({ length: b.numFrames![r] }, (_, j) =>
            f.subarray((r * MAXF + j) * FRAME_DIM, (r * MAXF + j + 1) * FRAME_DIM),
          ),
        });
        // padding repeats the last frame
        if (b.numFrames![r] > 0)
          expect(f[(r * MAXF + MAXF - 1) * FRAME_DIM]).toBe(
            0x3c00 + Number(b.ids[r].slice(-2)) * 8 + Math.min(MAXF, b.numFrames![r]) - 1,
          );
      }
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
    got.forEach((g, i) => {
      const v = vids[i];
      expect([g.id, g.title, g.asrText, g.categoryId, g.tagIds]).toEqual([
        v.id,
        v.title,
        v.asrText,
        v.categoryId,
        v.tagIds,
      ]);
      expect(g.frames.length).toBe(Math.min(v.frames.length, MAXF));
      g.frames.forEach((fr, j) => expect(fr[FRAME_DIM - 1]).toBe(v.frames[j][0]));
    });
  });

  it('converts frames to float32 and shuffles deterministically without losing rows', async () => {
    const vids = Array.from({ length: 30 }, (_, i) => video(i));
    await writeRecords(join(dir, 'a.tfrecords'), vids.map(encodeOfficialExample));
    const out = join(dir, 'store');
    await ingestTfRecords({
      sets: { s: [join(dir, 'a.tfrecords')] },
      outDir: out,
      maxFrames: MAXF,
      shardRows: 16,
      batchRows: 4,
    });
    const table = (await openStore(out)).table('s');
    const order = async (seed: number) => {
      const ids: string[] = [];
      for await (const b of table.batches(8, {
        shuffle: true,
        seed,
        windowBatches: 2,
        columns: ['id', 'frames', 'num_frames'],
      })) {
        expect(b.titles).toBeUndefined();
        const f = b.frames as Float32Array;
        b.ids.forEach((id, r) => {
          const i = Number(id.slice(-2));
          if (b.numFrames![r] > 0) expect(f[r * MAXF * FRAME_DIM]).toBe(halfToF32(0x3c00 + i * 8));
        });
        ids.push(...b.ids);
      }
      return ids;
    };
    const a = await order(1);
    expect([...a].sort()).toEqual(vids.map((v) => v.id).sort());
    expect(a).toEqual(await order(1));
    expect(a).not.toEqual(await order(2));
    expect(a).not.toEqual(vids.map((v) => v.id));
  });

  it('stops at a bad record naming file, offset and field, or counts it with skipBad', async () => {
    const good = encodeOfficialExample(video(1));
    const badFrame = encodeExample({
      id: { kind: 'bytes', value: [new TextEncoder().encode('5')] },
      frame_feature: { kind: 'bytes', value: [new Uint8Array(100)] },
    });
    const badId = encodeOfficialExample({ ...video(2), id: 'x12' });
    const file = join(dir, 'bad.tfrecords');
    await writeRecords(file, [good, badFrame, badId, good]);
    const out = join(dir, 'store');
    let err: DataPrepError | undefined;
    await ingestTfRecords({ sets: { s: [file] }, outDir: out, maxFrames: MAXF }).catch((e) => (err = e));
    expect([err?.code, err?.file, err?.offset, err?.field]).toEqual([
      'BAD_FRAME',
      file,
      good.length + 16,
      'frame_feature[0]',
    ]);
    expect(existsSync(join(out, 'store.json'))).toBe(false);
    expect(existsSync(join(out, 's')) ? readdirSync(join(out, 's')) : []).toEqual([]); // nothing half-written left

    const s = await ingestTfRecords({ sets: { s: [file] }, outDir: out, maxFrames: MAXF, skipBad: true });
    expect(s.bad.map((b) => b.code)).toEqual(['BAD_FRAME', 'BAD_ID']);
    expect(s.sets.s.rows).toBe(2);
    expect(s.duplicateIds).toBe(1);

    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    await expect(ingestTfRecords({ sets: { s: [file] }, outDir: out, skipBad: true })).rejects.toMatchObject({
      code: 'TRUNCATED',
    });
  });

  it('rejects a missing store with a hint', async () => {
    await expect(openStore(join(dir, 'nope'))).rejects.toMatchObject({ code: 'BAD_STORE' });
  });
});
