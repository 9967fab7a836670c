import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataPrepError } from './errors';
import { ingestTfRecords } from './ingest';
import { encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';
import { TfRecordWriter } from '@vidsim/tfrecord';
import { VideoSet } from './video-set';

const MAXF = 32;
const N = 14;

// Frame j of video i holds the float16 bits 0x3c00 + 64 i + j everywhere: value 1 + (64 i + j) / 1024 (all < 2).
// Video i has 40 - 3 i frames (40, 37, ..., 1): long ones are cut to 32, short ones padded with their last frame.
const frameCount = (i: number) => 40 - 3 * i;
const frameValue = (i: number, j: number) => 1 + (64 * i + j) / 1024;

function video(i: number): OfficialVideo {
  return {
    id: String(2n ** 60n + BigInt(i) * 1_000_003n), // ids above 2^53
    title: `第${i}个视频的标题`,
    asrText: `这是第${i}段语音`,
    frames: Array.from({ length: frameCount(i) }, (_, j) => new Uint16Array(FRAME_DIM).fill(0x3c00 + 64 * i + j)),
    tagIds: [BigInt(100 + i), 7n],
    categoryId: 10100 + (i % 3),
  };
}

describe('VideoSet and its frame cache', () => {
  let dir: string;
  let store: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dp-videoset-'));
    const w = await TfRecordWriter.open(join(dir, 'a.tfrecords'));
    for (let i = 0; i < N; i++) await w.write(encodeOfficialExample(video(i)));
    await w.close();
    store = join(dir, 'store');
    // 14 rows in shards of 10 and 4, record batches of 3: batches of 3, 3, 3, 1 | 3, 1
    await ingestTfRecords({
      sets: { pairwise: [join(dir, 'a.tfrecords')] },
      outDir: store,
      maxFrames: MAXF,
      shardRows: 10,
      batchRows: 3,
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds every row but the frames in memory, in store order, with record-batch chunks', async () => {
    const set = await VideoSet.open(store, 'pairwise');
    try {
      expect(set.size).toBe(N);
      expect(set.ids).toEqual(Array.from({ length: N }, (_, i) => video(i).id));
      expect(set.titles[5]).toBe('第5个视频的标题');
      expect(set.asrTexts[5]).toBe('这是第5段语音');
      expect(Array.from(set.numFrames)).toEqual(Array.from({ length: N }, (_, i) => Math.min(MAXF, frameCount(i))));
      expect(Array.from(set.tagIds[3]!)).toEqual([103n, 7n]);
      expect(set.chunks.reduce((s, c) => s + c.rows, 0)).toBe(N);
      expect(set.chunks[0]).toEqual({ start: 0, rows: 3 });
      expect(set.row(video(9).id)).toBe(9);
      expect(() => set.row('123')).toThrow(expect.objectContaining({ code: 'UNKNOWN_VID' }));
    } finally {
      await set.close();
    }
    await expect(VideoSet.open(store, 'test_a')).rejects.toThrow(DataPrepError);
  });

  it('reads frames as float32 [B, T, F]: first 32 of a long video, the last frame repeated for a short one', async () => {
    const set = await VideoSet.open(store, 'pairwise');
    try {
      const rows = [0, 13, 7];
      const out = await set.frames.read(rows.map((r) => set.locations[r]));
      expect(out.length).toBe(rows.length * MAXF * FRAME_DIM);
      rows.forEach((i, b) => {
        for (const t of [0, 1, 31]) {
          const expected = frameValue(i, Math.min(t, frameCount(i) - 1));
          const at = (b * MAXF + t) * FRAME_DIM;
          expect([out[at], out[at + FRAME_DIM - 1]]).toEqual([expected, expected]);
        }
      });
    } finally {
      await set.close();
    }
  });

  it('keeps at most cacheBatches record batches (least recently used out) and re-reads an evicted one', async () => {
    const set = await VideoSet.open(store, 'pairwise', { cacheBatches: 2 });
    try {
      const reads: string[] = [];
      const src = set.frames as unknown as {
        reader(shard: number): Promise<{ readRecordBatch(b: number): Promise<unknown> }>;
      };
      for (const shard of [0, 1]) {
        const reader = await src.reader(shard);
        const original = reader.readRecordBatch.bind(reader);
        reader.readRecordBatch = (b: number) => (reads.push(`${shard}:${b}`), original(b));
      }
      const at = (row: number) => set.frames.read([set.locations[row]]);
      await at(0); // batch 0:0
      await at(1); // hit
      await at(4); // 0:1
      await at(2); // hit on 0:0, now the most recent
      await at(7); // 0:2, evicts 0:1
      await at(0); // hit
      const v = await at(4); // 0:1 again: read anew, still right
      expect(reads).toEqual(['0:0', '0:1', '0:2', '0:1']);
      expect(v[0]).toBe(frameValue(4, 0));
      await at(12); // shard 1, batch 0
      expect(reads.at(-1)).toBe('1:0');
    } finally {
      await set.close();
    }
  });
});
