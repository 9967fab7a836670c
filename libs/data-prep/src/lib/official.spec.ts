import { DataPrepError } from './errors';
import { encodeExample } from '@vidsim/tfrecord';
import { decodeOfficialExample, encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';

function frame(seed: number): Uint16Array {
  const f = new Uint16Array(FRAME_DIM);
  for (let i = 0; i < FRAME_DIM; i++) f[i] = (seed * 7919 + i * 31) & 0xffff;
  return f;
}

const video: OfficialVideo = {
  id: '9000000000000000001',
  title: '周杰伦 新歌',
  asrText: '',
  frames: [frame(1), frame(2), frame(3)],
  tagIds: [12n, 9876543210n],
  categoryId: 10104,
};
const where = { file: 'x.tfrecords', offset: 123 };
const u8 = (s: string) => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): [string, string | undefined, number | undefined] {
  try {
    fn();
  } catch (e) {
    const d = e as DataPrepError;
    return [d.code, d.field, d.offset];
  }
  throw new Error('expected an error');
}

describe('official schema', () => {
  it('round-trips a video, keeping the 19-digit id exact', () => {
    const back = decodeOfficialExample(encodeOfficialExample(video), where);
    expect(back.id).toBe('9000000000000000001');
    expect([back.title, back.asrText, back.categoryId]).toEqual(['周杰伦 新歌', '', 10104]);
    expect(back.tagIds).toEqual([12n, 9876543210n]);
    expect(back.frames.length).toBe(3);
    back.frames.forEach((f, i) => expect(Array.from(f)).toEqual(Array.from(video.frames[i])));
  });

  it('reads frame bytes as little-endian float16 bits (as tf.io.decode_raw)', () => {
    const bytes = new Uint8Array(FRAME_DIM * 2);
    bytes[0] = 0x00;
    bytes[1] = 0x3c; // 1.0 in float16 is 0x3c00
    const ex = encodeExample({
      id: { kind: 'bytes', value: [u8('1')] },
      frame_feature: { kind: 'bytes', value: [bytes] },
    });
    const v = decodeOfficialExample(ex, where);
    expect(v.frames[0][0]).toBe(0x3c00);
    expect(v.tagIds).toBeUndefined();
    expect(v.categoryId).toBe(-1);
  });

  it('names file, offset and field for bad inputs', () => {
    const base = {
      id: { kind: 'bytes' as const, value: [u8('42')] },
    };
    expect(
      codeOf(() => decodeOfficialExample(encodeExample({ ...base, id: { kind: 'bytes', value: [u8('12a')] } }), where)),
    ).toEqual(['BAD_ID', 'id', 123]);
    expect(
      codeOf(() => decodeOfficialExample(encodeExample({ title: { kind: 'bytes', value: [u8('t')] } }), where)),
    ).toEqual(['BAD_FIELD', 'id', 123]);
    expect(
      codeOf(() =>
        decodeOfficialExample(
          encodeExample({
            ...base,
            frame_feature: { kind: 'bytes', value: [new Uint8Array(3072), new Uint8Array(3070)] },
          }),
          where,
        ),
      ),
    ).toEqual(['BAD_FRAME', 'frame_feature[1]', 123]);
    expect(
      codeOf(() =>
        decodeOfficialExample(
          encodeExample({ ...base, tag_id: { kind: 'float', value: new Float32Array([1]) } }),
          where,
        ),
      ),
    ).toEqual(['BAD_FIELD', 'tag_id', 123]);
    const err = codeOf(() => decodeOfficialExample(new Uint8Array([0x0a, 0x05, 0x0a]), where));
    expect(err[0]).toBe('BAD_PROTOBUF');
    expect(err[2]).toBe(123);
  });
});
