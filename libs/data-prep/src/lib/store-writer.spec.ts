import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { encodeExample, readTfRecords, TfRecordWriter } from '@vidsim/tfrecord';
import { decodeOfficialExample, encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';
import { newRawVideo, scanOfficialExample } from './official-fast';
import { StoreSetWriter } from './store-writer';

const MAXF = 4;

function video(i: number): OfficialVideo {
  let seed = i + 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  const frames = Array.from({ length: i % 7 }, () => Uint16Array.from({ length: FRAME_DIM }, rnd));
  return {
    id: String(1000 + i),
    title: `t${i}`,
    asrText: i % 3 ? '' : `语音 ${i}`,
    frames,
    tagIds: i % 4 === 3 ? undefined : [BigInt(i)],
    categoryId: i % 5,
  };
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dp-sw-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const shardBytes = (root: string) =>
  readdirSync(join(root, 's'))
    .sort()
    .map((f) => readFileSync(join(root, 's', f)));

describe('StoreSetWriter', () => {
  it('writes the same bytes from the fast scan (reused read buffers) as from the exact decoder', async () => {
    const file = join(dir, 'in.tfrecords');
    const w = await TfRecordWriter.open(file);
    for (let i = 0; i < 60; i++) {
      const rec = encodeOfficialExample(video(i));
      // Every 5th record carries an extra feature, so it takes the exact decoder and the copying path.
      await w.write(
        i % 5 === 2
          ? encodeExample({ ...decodeRaw(rec), extra: { kind: 'bytes', value: [new Uint8Array([i])] } })
          : rec,
      );
    }
    await w.close();
    const opts = { maxFrames: MAXF, shardRows: 16, batchRows: 3 };

    // Reference: decode everything, copy frames with packFrames (no pins, fresh read buffers).
    const a = new StoreSetWriter(join(dir, 'a'), 's', opts);
    for await (const r of readTfRecords(file)) await a.add(decodeOfficialExample(r.data));
    await a.close();

    // Small reused read chunks: records span chunks, some exceed one.
    const b = new StoreSetWriter(join(dir, 'b'), 's', opts);
    const raw = newRawVideo();
    let fast = 0;
    for await (const r of readTfRecords(file, { chunkBytes: 9000, reuseBuffers: true })) {
      if (scanOfficialExample(r.data, raw)) {
        fast++;
        await b.addRaw(raw);
      } else await b.add(decodeOfficialExample(r.data));
    }
    const res = await b.close();
    expect(fast).toBe(48);
    expect(res.rows).toBe(60);
    const [ra, rb] = [shardBytes(join(dir, 'a')), shardBytes(join(dir, 'b'))];
    expect(rb.length).toBe(4);
    rb.forEach((x, i) => expect(Buffer.compare(x, ra[i])).toBe(0));
  });
});

function decodeRaw(rec: Uint8Array) {
  const v = decodeOfficialExample(rec);
  const enc = new TextEncoder();
  const frames = v.frames.map((f) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength).slice());
  return {
    id: { kind: 'bytes' as const, value: [enc.encode(v.id)] },
    title: { kind: 'bytes' as const, value: [enc.encode(v.title)] },
    asr_text: { kind: 'bytes' as const, value: [enc.encode(v.asrText)] },
    frame_feature: { kind: 'bytes' as const, value: frames },
    ...(v.tagIds ? { tag_id: { kind: 'int64' as const, value: v.tagIds as bigint[] } } : {}),
    category_id: { kind: 'int64' as const, value: [BigInt(v.categoryId)] },
  };
}
