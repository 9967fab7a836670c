import { DataPrepError } from './errors';
import { decodeExample, encodeExample, type Feature } from '@vidsim/tfrecord';

/** Values per frame in the official `frame_feature` (float16 each). */
export const FRAME_DIM = 1536;
const FRAME_BYTES = FRAME_DIM * 2;

/** One video of the official challenge files (pointwise, pairwise, test_a, test_b). */
export interface OfficialVideo {
  /** Decimal string: ids reach 9e18, beyond JavaScript's exact integers. */
  id: string;
  title: string;
  asrText: string;
  /** Raw float16 bits, FRAME_DIM per frame. */
  frames: Uint16Array[];
  /** Absent in the test sets. */
  tagIds?: bigint[] | number[];
  /** -1 when missing. */
  categoryId: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const ID_RE = /^[0-9]{1,20}$/;

/** Encodes a video with the official schema (`desc.json`): id/title/asr_text bytes, frame_feature, tag_id, category_id. */
export function encodeOfficialExample(v: OfficialVideo): Uint8Array {
  const frames = v.frames.map((f, i) => {
    if (f.length !== FRAME_DIM) {
      throw new DataPrepError('BAD_FRAME', `frame has ${f.length} values, expected ${FRAME_DIM}`, {
        field: `frame_feature[${i}]`,
      });
    }
    return frameBytes(f);
  });
  const features: Record<string, Feature> = {
    id: { kind: 'bytes', value: [enc.encode(v.id)] },
    title: { kind: 'bytes', value: [enc.encode(v.title)] },
    asr_text: { kind: 'bytes', value: [enc.encode(v.asrText)] },
    frame_feature: { kind: 'bytes', value: frames },
  };
  if (v.tagIds !== undefined)
    features.tag_id = { kind: 'int64', value: (v.tagIds as (bigint | number)[]).map((t) => BigInt(t)) };
  features.category_id = { kind: 'int64', value: [BigInt(v.categoryId)] };
  return encodeExample(features);
}

function frameBytes(f: Uint16Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
  const out = new Uint8Array(FRAME_BYTES);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < f.length; i++) dv.setUint16(i * 2, f[i], true);
  return out;
}

/**
 * Decodes and validates one official record. Frames are copied into one aligned Uint16Array (the frames
 * are views into it). Errors (BAD_PROTOBUF, BAD_FIELD, BAD_ID, BAD_FRAME) name `where` and the field.
 */
export function decodeOfficialExample(
  buf: Uint8Array,
  where: { file: string; offset: number } = { file: '<buffer>', offset: 0 },
): OfficialVideo {
  const fail = (code: 'BAD_FIELD' | 'BAD_ID' | 'BAD_FRAME', field: string, detail: string): never => {
    throw new DataPrepError(code, detail, { ...where, field });
  };
  let ex: Record<string, Feature>;
  try {
    ex = decodeExample(buf);
  } catch (e) {
    const err = DataPrepError.from(e);
    if (err instanceof DataPrepError) throw err.withContext(where);
    throw e;
  }
  const str = (name: string, required: boolean): string => {
    const f = ex[name];
    if (f === undefined || (f.kind === 'bytes' && f.value.length === 0)) {
      return required ? fail('BAD_FIELD', name, 'missing') : '';
    }
    if (f.kind !== 'bytes') return fail('BAD_FIELD', name, `expected bytes, got ${f.kind}`);
    if (f.value.length !== 1) return fail('BAD_FIELD', name, `expected 1 value, got ${f.value.length}`);
    try {
      return dec.decode(f.value[0]);
    } catch {
      return fail('BAD_FIELD', name, 'not valid UTF-8');
    }
  };
  const id = str('id', true);
  if (!ID_RE.test(id) || BigInt(id) > 0xffffffffffffffffn)
    fail('BAD_ID', 'id', `id ${JSON.stringify(id.slice(0, 40))} is not a decimal 64-bit integer`);
  const title = str('title', false);
  const asrText = str('asr_text', false);

  const ff = ex.frame_feature;
  let frames: Uint16Array[] = [];
  if (ff !== undefined) {
    if (ff.kind !== 'bytes') fail('BAD_FIELD', 'frame_feature', `expected bytes, got ${ff.kind}`);
    const raw = ff.value as Uint8Array[];
    const all = new Uint16Array(raw.length * FRAME_DIM);
    const allBytes = new Uint8Array(all.buffer);
    raw.forEach((b, i) => {
      if (b.length !== FRAME_BYTES)
        fail(
          'BAD_FRAME',
          `frame_feature[${i}]`,
          `frame of ${b.length} bytes, expected ${FRAME_BYTES} (${FRAME_DIM} float16)`,
        );
      allBytes.set(b, i * FRAME_BYTES);
    });
    if (!LITTLE_ENDIAN) for (let i = 0; i < all.length; i++) all[i] = ((all[i] & 0xff) << 8) | (all[i] >>> 8);
    frames = raw.map((_, i) => all.subarray(i * FRAME_DIM, (i + 1) * FRAME_DIM));
  }

  const video: OfficialVideo = { id, title, asrText, frames, categoryId: -1 };
  const tags = ex.tag_id;
  if (tags !== undefined) {
    if (tags.kind !== 'int64') fail('BAD_FIELD', 'tag_id', `expected int64, got ${tags.kind}`);
    video.tagIds = tags.value as bigint[];
  }
  const cat = ex.category_id;
  if (cat !== undefined) {
    if (cat.kind !== 'int64') fail('BAD_FIELD', 'category_id', `expected int64, got ${cat.kind}`);
    const vals = cat.value as bigint[];
    if (vals.length > 1) fail('BAD_FIELD', 'category_id', `expected 1 value, got ${vals.length}`);
    if (vals.length === 1) {
      if (vals[0] < -1n || vals[0] > 0x7fffffffn) fail('BAD_FIELD', 'category_id', `category ${vals[0]} out of range`);
      video.categoryId = Number(vals[0]);
    }
  }
  return video;
}
