import { isUtf8 } from 'buffer';
import { FRAME_DIM } from './official';

const FRAME_BYTES = FRAME_DIM * 2;

/**
 * A video whose frames still sit in the record they came from: frame i is the little-endian float16 bytes
 * `frameBytes[frameStarts[i] .. frameStarts[i] + FRAME_DIM * 2)`. Strings are UTF-8 bytes. One instance is
 * reused for every record, so nothing is allocated per frame.
 */
export interface RawVideo {
  id: string;
  title: Uint8Array;
  asrText: Uint8Array;
  frameBytes: Uint8Array;
  frameStarts: Int32Array;
  numFrames: number;
  /** null: the record has no tag_id (test sets). */
  tagIds: bigint[] | null;
  categoryId: number;
}

export function newRawVideo(): RawVideo {
  const empty = new Uint8Array(0);
  return {
    id: '',
    title: empty,
    asrText: empty,
    frameBytes: empty,
    frameStarts: new Int32Array(64),
    numFrames: 0,
    tagIds: null,
    categoryId: -1,
  };
}

const EMPTY = new Uint8Array(0);
const MAX_U64 = '18446744073709551615';
// Feature keys of the official schema, as bytes; bit i of `seen` is KEYS[i].
const KEYS = ['id', 'title', 'asr_text', 'frame_feature', 'tag_id', 'category_id'].map((k) => Buffer.from(k, 'latin1'));

/**
 * The fast path of `decodeOfficialExample` for records in the canonical layout TensorFlow writes. It returns
 * false, having decided nothing, on anything else (unknown or repeated keys, odd wire types, a bad frame, id or
 * UTF-8, a truncated message): the caller then runs `decodeOfficialExample`, which gives the exact result or
 * error. So both paths accept and reject the same records with the same values.
 */
export function scanOfficialExample(buf: Uint8Array, out: RawVideo): boolean {
  const end = buf.length;
  let p = 0;
  // Reads a varint of at most 4 bytes (lengths and tags here); -1 when longer or past `lim`.
  const len32 = (lim: number): number => {
    let v = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (p >= lim) return -1;
      const b = buf[p++];
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return v >>> 0;
    }
    return -1;
  };
  if (p >= end || buf[p++] !== 0x0a) return false; // Example.features
  const featLen = len32(end);
  if (featLen < 0 || p + featLen !== end) return false;
  let seen = 0;
  out.title = EMPTY;
  out.asrText = EMPTY;
  out.numFrames = 0;
  out.tagIds = null;
  out.categoryId = -1;
  out.frameBytes = buf;
  let idStart = -1;
  let idEnd = -1;
  while (p < end) {
    if (buf[p++] !== 0x0a) return false; // Features.feature (map entry)
    const entryLen = len32(end);
    if (entryLen < 0 || p + entryLen > end) return false;
    const entryEnd = p + entryLen;
    if (p >= entryEnd || buf[p++] !== 0x0a) return false; // key
    const keyLen = len32(entryEnd);
    if (keyLen < 0 || p + keyLen > entryEnd) return false;
    let k = -1;
    for (let i = 0; i < KEYS.length; i++) {
      const key = KEYS[i];
      if (key.length !== keyLen) continue;
      let j = 0;
      while (j < keyLen && buf[p + j] === key[j]) j++;
      if (j === keyLen) {
        k = i;
        break;
      }
    }
    if (k < 0 || seen & (1 << k)) return false;
    seen |= 1 << k;
    p += keyLen;
    if (p >= entryEnd || buf[p++] !== 0x12) return false; // value: Feature
    const featureLen = len32(entryEnd);
    if (featureLen < 0 || p + featureLen !== entryEnd) return false;
    if (featureLen === 0) return false;
    const listTag = buf[p++];
    const listLen = len32(entryEnd);
    if (listLen < 0 || p + listLen !== entryEnd) return false;
    if (k <= 3) {
      if (listTag !== 0x0a) return false; // bytes_list
      // Values: each `0x0a len bytes`.
      let n = 0;
      let first = -1;
      let firstEnd = -1;
      while (p < entryEnd) {
        // The common frame: tag 0x0a, length 3072 as the varint 0x80 0x18.
        if (
          k === 3 &&
          buf[p] === 0x0a &&
          buf[p + 1] === 0x80 &&
          buf[p + 2] === 0x18 &&
          p + 3 + FRAME_BYTES <= entryEnd
        ) {
          if (n === out.frameStarts.length) out.frameStarts = grow(out.frameStarts);
          out.frameStarts[n++] = p + 3;
          p += 3 + FRAME_BYTES;
          continue;
        }
        if (buf[p++] !== 0x0a) return false;
        const l = len32(entryEnd);
        if (l < 0 || p + l > entryEnd) return false;
        if (k === 3) {
          if (l !== FRAME_BYTES) return false;
          if (n === out.frameStarts.length) out.frameStarts = grow(out.frameStarts);
          out.frameStarts[n] = p;
        } else if (n === 0) {
          first = p;
          firstEnd = p + l;
        }
        n++;
        p += l;
      }
      if (k === 3) out.numFrames = n;
      else if (n > 1) return false;
      else if (k === 0) {
        if (n === 0) return false;
        idStart = first;
        idEnd = firstEnd;
      } else if (n === 1) {
        const s = buf.subarray(first, firstEnd);
        // TextDecoder drops a leading BOM; leave that case to the exact path.
        if (!isUtf8(s) || (s.length >= 3 && s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf)) return false;
        if (k === 1) out.title = s;
        else out.asrText = s;
      }
    } else {
      if (listTag !== 0x1a) return false; // int64_list
      const vals: bigint[] = [];
      while (p < entryEnd) {
        const t = buf[p++];
        if (t === 0x0a) {
          const l = len32(entryEnd);
          if (l < 0 || p + l > entryEnd) return false;
          const packedEnd = p + l;
          while (p < packedEnd) {
            const v = varint64(buf, p, packedEnd);
            if (v === undefined) return false;
            vals.push(v[0]);
            p = v[1];
          }
        } else if (t === 0x08) {
          const v = varint64(buf, p, entryEnd);
          if (v === undefined) return false;
          vals.push(v[0]);
          p = v[1];
        } else return false;
      }
      if (k === 4) out.tagIds = vals;
      else {
        if (vals.length > 1) return false;
        if (vals.length === 1) {
          if (vals[0] < -1n || vals[0] > 0x7fffffffn) return false;
          out.categoryId = Number(vals[0]);
        }
      }
    }
  }
  if (idStart < 0) return false;
  const idLen = idEnd - idStart;
  if (idLen < 1 || idLen > 20) return false;
  for (let i = idStart; i < idEnd; i++) if (buf[i] < 0x30 || buf[i] > 0x39) return false;
  const id = Buffer.from(buf.buffer, buf.byteOffset + idStart, idLen).toString('latin1');
  if (idLen === 20 && id > MAX_U64) return false;
  out.id = id;
  return true;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

// [value, next position], or undefined when the varint runs past `end` or past 10 bytes.
function varint64(buf: Uint8Array, p: number, end: number): [bigint, number] | undefined {
  let lo = 0;
  let mul = 1;
  for (let i = 0; i < 7; i++) {
    if (p >= end) return undefined;
    const b = buf[p++];
    lo += (b & 0x7f) * mul;
    if (b < 0x80) return [BigInt(lo), p];
    mul *= 128;
  }
  // Longer than 49 bits: finish in BigInt, as `WireReader.varint64` does.
  let result = BigInt(lo);
  let shift = 49n;
  for (let i = 7; i < 10; i++) {
    if (p >= end) return undefined;
    const b = buf[p++];
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return [BigInt.asIntN(64, result), p];
    shift += 7n;
  }
  return undefined;
}
