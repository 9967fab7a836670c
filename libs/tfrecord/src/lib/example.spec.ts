import { TfRecordError } from './errors';
import { decodeExample, encodeExample } from './example';

// Hand-assembled tf.train.Example: a=bytes["x"], b=int64[1,-1] (packed), c=float[1.5].
const GOLDEN =
  '0a31' +
  '0a0a' +
  '0a0161' +
  '1205' +
  '0a03' +
  '0a0178' +
  '0a14' +
  '0a0162' +
  '120f' +
  '1a0d' +
  '0a0b' +
  '01' +
  'ffffffffffffffffff01' +
  '0a0d' +
  '0a0163' +
  '1208' +
  '1206' +
  '0a04' +
  '0000c03f';

describe('tf.train.Example codec', () => {
  it('decodes a hand-built Example to known values', () => {
    const ex = decodeExample(Buffer.from(GOLDEN, 'hex'));
    expect(Object.keys(ex)).toEqual(['a', 'b', 'c']);
    expect(ex.a.kind).toBe('bytes');
    expect(ex.a.kind === 'bytes' && Buffer.from(ex.a.value[0]).toString()).toBe('x');
    expect(ex.b).toEqual({ kind: 'int64', value: [1n, -1n] });
    expect(ex.c.kind === 'float' && Array.from(ex.c.value)).toEqual([1.5]);
  });

  it('encodes to the same bytes', () => {
    const bytes = encodeExample({
      a: { kind: 'bytes', value: [new TextEncoder().encode('x')] },
      b: { kind: 'int64', value: [1n, -1n] },
      c: { kind: 'float', value: new Float32Array([1.5]) },
    });
    expect(Buffer.from(bytes).toString('hex')).toBe(GOLDEN);
  });

  it('accepts unpacked int64 and float lists', () => {
    // "n": Int64List with unpacked 300 (08 ac 02) and 5 (08 05); "f": FloatList with one unpacked 2.0 (0d ...).
    const hex =
      '0a1c' +
      '0a0c' +
      '0a016e' +
      '1207' +
      '1a05' +
      '08ac02' +
      '0805' +
      '0a0c' +
      '0a0166' +
      '1207' +
      '1205' +
      '0d00000040';
    const ex = decodeExample(Buffer.from(hex, 'hex'));
    expect(ex.n).toEqual({ kind: 'int64', value: [300n, 5n] });
    expect(ex.f.kind === 'float' && Array.from(ex.f.value)).toEqual([2]);
  });

  it('round-trips large int64 values', () => {
    const v = [9007199254740993n, -9223372036854775808n, 9223372036854775807n, 0n];
    const ex = decodeExample(encodeExample({ t: { kind: 'int64', value: v } }));
    expect(ex.t).toEqual({ kind: 'int64', value: v });
  });

  it('rejects a truncated message with BAD_PROTOBUF and the field path', () => {
    const bad = Buffer.from(GOLDEN, 'hex').subarray(0, 30);
    expect(() => decodeExample(bad)).toThrow(TfRecordError);
    try {
      decodeExample(Buffer.concat([Buffer.from('0a31', 'hex'), Buffer.from(GOLDEN, 'hex').subarray(2, 40)]));
    } catch (e) {
      expect((e as TfRecordError).code).toBe('BAD_PROTOBUF');
      expect((e as TfRecordError).field).toMatch(/^Example/);
    }
  });
});
