import { encodeExample, type Feature } from '@vidsim/tfrecord';
import { decodeOfficialExample, encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';
import { newRawVideo, scanOfficialExample, type RawVideo } from './official-fast';

const u8 = (s: string) => new TextEncoder().encode(s);
const frame = (seed: number) => Uint16Array.from({ length: FRAME_DIM }, (_, i) => (seed * 7919 + i * 31) & 0xffff);

/** What the fast scan found, in decodeOfficialExample's terms. */
function asVideo(r: RawVideo): OfficialVideo {
  const frames = Array.from({ length: r.numFrames }, (_, i) => {
    const s = r.frameStarts[i];
    const b = r.frameBytes.slice(s, s + FRAME_DIM * 2);
    return new Uint16Array(b.buffer); // test hosts are little-endian, as the frame bytes are
  });
  const dec = new TextDecoder('utf-8', { fatal: true });
  const v: OfficialVideo = {
    id: r.id,
    title: dec.decode(r.title),
    asrText: dec.decode(r.asrText),
    frames,
    categoryId: r.categoryId,
  };
  if (r.tagIds !== null) v.tagIds = r.tagIds;
  return v;
}

function plain(v: OfficialVideo) {
  return { ...v, frames: v.frames.map((f) => Array.from(f)), tagIds: v.tagIds?.map((t) => BigInt(t)) };
}

const videos: OfficialVideo[] = [
  {
    id: '18446744073709551615',
    title: '周杰伦 新歌',
    asrText: 'asr',
    frames: [frame(1), frame(2), frame(3)],
    tagIds: [12n, -5n, 9876543210123n, 2n ** 62n],
    categoryId: 10104,
  },
  { id: '0', title: '', asrText: '', frames: [], categoryId: -1 },
  {
    id: '00042',
    title: 't',
    asrText: '',
    frames: Array.from({ length: 40 }, (_, i) => frame(i)),
    tagIds: [],
    categoryId: 0x7fffffff,
  },
];

describe('scanOfficialExample (fast path)', () => {
  it('agrees with decodeOfficialExample on canonical records', () => {
    for (const v of videos) {
      const rec = encodeOfficialExample(v);
      const raw = newRawVideo();
      expect(scanOfficialExample(rec, raw)).toBe(true);
      expect(plain(asVideo(raw))).toEqual(plain(decodeOfficialExample(rec)));
      expect(plain(asVideo(raw))).toEqual(plain(v));
    }
  });

  it('leaves every unusual record to the exact decoder', () => {
    const base: Record<string, Feature> = { id: { kind: 'bytes', value: [u8('42')] } };
    const odd: Record<string, Feature>[] = [
      { ...base, frame_feature: { kind: 'bytes', value: [new Uint8Array(3070)] } },
      { ...base, extra: { kind: 'bytes', value: [u8('x')] } },
      { ...base, title: { kind: 'bytes', value: [Uint8Array.of(0xef, 0xbb, 0xbf, 0x41)] } },
      { ...base, title: { kind: 'bytes', value: [Uint8Array.of(0xff)] } },
      { ...base, title: { kind: 'bytes', value: [u8('a'), u8('b')] } },
      { id: { kind: 'bytes', value: [u8('18446744073709551616')] } },
      { id: { kind: 'bytes', value: [u8('12a')] } },
      { id: { kind: 'bytes', value: [] } },
      { title: { kind: 'bytes', value: [u8('no id')] } },
      { ...base, tag_id: { kind: 'float', value: new Float32Array([1]) } },
      { ...base, category_id: { kind: 'int64', value: [1n, 2n] } },
      { ...base, category_id: { kind: 'int64', value: [-2n] } },
    ];
    for (const ex of odd) expect(scanOfficialExample(encodeExample(ex), newRawVideo())).toBe(false);
    expect(scanOfficialExample(new Uint8Array([0x0a, 0x05, 0x0a]), newRawVideo())).toBe(false);
  });

  it('never accepts a damaged record that the exact decoder rejects or reads differently', () => {
    const rec = encodeOfficialExample({ ...videos[0], frames: [frame(1)] });
    let seed = 1;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let accepted = 0;
    for (let t = 0; t < 3000; t++) {
      const bad = rec.slice();
      // Damage the protobuf structure (the first and last 200 bytes), not just frame payload bytes.
      const at = rand() < 0.5 ? Math.floor(rand() * 200) : bad.length - 1 - Math.floor(rand() * 200);
      bad[at] = Math.floor(rand() * 256);
      const cut = rand() < 0.1 ? bad.subarray(0, Math.floor(rand() * bad.length)) : bad;
      const raw = newRawVideo();
      if (!scanOfficialExample(cut, raw)) continue;
      accepted++;
      expect(plain(asVideo(raw))).toEqual(plain(decodeOfficialExample(cut)));
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
