import { WireReader, WireWriter } from './proto-wire';

/** One `tf.train.Feature`: a bytes, int64 or float list. */
export type Feature =
  { kind: 'bytes'; value: Uint8Array[] } | { kind: 'int64'; value: bigint[] } | { kind: 'float'; value: Float32Array };

// tf.train.Example { Features features = 1 }; Features { map<string, Feature> feature = 1 };
// Feature { oneof { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3 } };
// each list: repeated value = 1 (float and int64 packed when written, either form accepted when read).

/** Encodes a `tf.train.Example` (keys in insertion order; numeric lists packed, as TensorFlow writes them). */
export function encodeExample(features: Record<string, Feature>): Uint8Array {
  const featuresMsg = new WireWriter(1024);
  const keyEnc = new TextEncoder();
  for (const [key, f] of Object.entries(features)) {
    const list = new WireWriter(64);
    if (f.kind === 'bytes') {
      for (const b of f.value) list.bytes(1, b);
    } else if (f.kind === 'int64') {
      if (f.value.length > 0) {
        const packed = new WireWriter(16);
        for (const v of f.value) packed.varint64(v);
        list.bytes(1, packed.finish());
      }
    } else if (f.value.length > 0) {
      const bytes = new Uint8Array(f.value.length * 4);
      const dv = new DataView(bytes.buffer);
      for (let i = 0; i < f.value.length; i++) dv.setFloat32(i * 4, f.value[i], true);
      list.bytes(1, bytes);
    }
    const feature = new WireWriter(list.len + 8);
    feature.bytes(f.kind === 'bytes' ? 1 : f.kind === 'float' ? 2 : 3, list.finish());
    const entry = new WireWriter(feature.len + key.length + 8);
    entry.bytes(1, keyEnc.encode(key));
    entry.bytes(2, feature.finish());
    featuresMsg.bytes(1, entry.finish());
  }
  const example = new WireWriter(featuresMsg.len + 8);
  example.bytes(1, featuresMsg.finish());
  return example.finish();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a `tf.train.Example`. Bytes values are zero-copy views into `buf` (unaligned: copy before
 * viewing them as wider typed arrays). Throws `TfRecordError` BAD_PROTOBUF naming the field path.
 */
export function decodeExample(buf: Uint8Array): Record<string, Feature> {
  const out: Record<string, Feature> = {};
  const ex = new WireReader(buf);
  while (!ex.done()) {
    const tag = ex.varint();
    if (tag >>> 3 !== 1 || (tag & 7) !== 2) {
      ex.skip(tag & 7);
      continue;
    }
    const feats = ex.child(ex.delimited(), 'Example.features');
    while (!feats.done()) {
      const t = feats.varint();
      if (t >>> 3 !== 1 || (t & 7) !== 2) {
        feats.skip(t & 7);
        continue;
      }
      const entry = feats.child(feats.delimited(), 'Example.features.feature');
      let key = '';
      let feature: Feature | undefined;
      while (!entry.done()) {
        const et = entry.varint();
        if (et === ((1 << 3) | 2)) {
          const [s, e] = entry.delimited();
          try {
            key = utf8.decode(buf.subarray(s, e));
          } catch {
            entry.fail('feature key is not UTF-8');
          }
        } else if (et === ((2 << 3) | 2)) {
          feature = decodeFeature(entry.child(entry.delimited(), `feature[${key || '?'}]`));
        } else {
          entry.skip(et & 7);
        }
      }
      out[key] = feature ?? { kind: 'bytes', value: [] };
    }
  }
  return out;
}

function decodeFeature(r: WireReader): Feature {
  let result: Feature | undefined;
  while (!r.done()) {
    const t = r.varint();
    const field = t >>> 3;
    if ((t & 7) !== 2 || field < 1 || field > 3) {
      r.skip(t & 7);
      continue;
    }
    const list = r.child(r.delimited(), r.path);
    if (field === 1) result = { kind: 'bytes', value: decodeBytesList(list) };
    else if (field === 2) result = { kind: 'float', value: decodeFloatList(list) };
    else result = { kind: 'int64', value: decodeInt64List(list) };
  }
  // An empty Feature (no kind set) reads as an empty bytes list, as TensorFlow's parser treats it.
  return result ?? { kind: 'bytes', value: [] };
}

function decodeBytesList(r: WireReader): Uint8Array[] {
  const out: Uint8Array[] = [];
  while (!r.done()) {
    const t = r.varint();
    if (t === ((1 << 3) | 2)) {
      const [s, e] = r.delimited();
      out.push(r.buf.subarray(s, e));
    } else r.skip(t & 7);
  }
  return out;
}

function decodeInt64List(r: WireReader): bigint[] {
  const out: bigint[] = [];
  while (!r.done()) {
    const t = r.varint();
    if (t === ((1 << 3) | 2)) {
      const packed = r.child(r.delimited(), r.path);
      while (!packed.done()) out.push(packed.varint64());
    } else if (t === ((1 << 3) | 0)) out.push(r.varint64());
    else r.skip(t & 7);
  }
  return out;
}

function decodeFloatList(r: WireReader): Float32Array {
  const vals: number[] = [];
  const dv = new DataView(r.buf.buffer, r.buf.byteOffset, r.buf.byteLength);
  while (!r.done()) {
    const t = r.varint();
    if (t === ((1 << 3) | 2)) {
      const [s, e] = r.delimited();
      if ((e - s) % 4 !== 0) r.fail(`packed float list of ${e - s} bytes is not a multiple of 4`);
      for (let p = s; p < e; p += 4) vals.push(dv.getFloat32(p, true));
    } else if (t === ((1 << 3) | 5)) {
      if (r.pos + 4 > r.end) r.fail('float runs past the end');
      vals.push(dv.getFloat32(r.pos, true));
      r.pos += 4;
    } else r.skip(t & 7);
  }
  return Float32Array.from(vals);
}
