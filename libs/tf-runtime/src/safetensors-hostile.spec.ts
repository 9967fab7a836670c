import { TfRuntimeError } from './errors';
import { float32ToSafeTensor, parseSafetensors, safeTensorToFloat32, serializeSafetensors } from './safetensors';

// Hostile headers (issue 14 item 5): each must end in the lib's own error naming the file, the tensor and the
// offset, never in a TypeError, a read of header bytes as weights or an allocation the file cannot back.

/** A file with this exact header JSON followed by `data`. */
function fileWith(header: unknown, data: Uint8Array = new Uint8Array(16)): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function errorOf(bytes: Uint8Array, limits?: Parameters<typeof parseSafetensors>[2]): TfRuntimeError {
  try {
    parseSafetensors(bytes, 'ckpt/model.safetensors', limits);
  } catch (e) {
    if (!(e instanceof TfRuntimeError))
      throw new Error(`expected a TfRuntimeError, got ${(e as Error).name}: ${(e as Error).message}`);
    return e;
  }
  throw new Error('parsed without error');
}

const entry = (dtype: unknown, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });

describe('safetensors reader against hostile headers', () => {
  it('refuses negative data_offsets instead of reading header bytes as weights', () => {
    const e = errorOf(fileWith({ w: entry('F32', [2], [-8, 0]) }));
    expect(e.message).toBe(
      "ckpt/model.safetensors: invalid safetensors file: tensor 'w': data_offsets must be two non-negative integers, got [-8,0]",
    );
    expect(e).toMatchObject({
      code: 'BAD_SAFETENSORS',
      context: { file: 'ckpt/model.safetensors', tensor: 'w', offset: 8 },
    });
  });

  it('refuses tensors that share bytes (the 40 MB file that took 4 GB), naming both and the offset', () => {
    const header = { a: entry('F32', [4], [0, 16]), b: entry('F32', [2], [8, 16]) };
    const e = errorOf(fileWith(header));
    expect(e.message).toMatch(/tensor 'b': data_offsets \[8, 16\] overlap those of tensor 'a' \[0, 16\]/);
    expect(e.context.offset).toBe(8 + JSON.stringify(header).length + 8);
  });

  it.each([
    ['a null entry', { w: null }, /tensor 'w': entry must be an object/],
    [
      'a string shape',
      { w: entry('F32', '4', [0, 16]) },
      /tensor 'w': shape must be a list of at most 16 non-negative integers, got "4"/,
    ],
    ['a negative shape', { w: entry('F32', [-4], [0, 16]) }, /shape must be a list .* got \[-4\]/],
    ['a fractional shape', { w: entry('F32', [1.5], [0, 6]) }, /shape must be a list/],
    ['a shape of 1e300', { w: entry('F32', [1e300], [0, 16]) }, /shape must be a list/],
    [
      'an overflowing element count',
      { w: entry('F32', [2 ** 52, 2 ** 52], [0, 16]) },
      /needs \d.* bytes but data_offsets \[0, 16\] hold 16/,
    ],
    ['a dtype from Object.prototype', { w: entry('toString', [4], [0, 16]) }, /unsupported dtype "toString"/],
    ['a missing dtype', { w: { shape: [4], data_offsets: [0, 16] } }, /unsupported dtype undefined/],
    ['an extra field', { w: { ...entry('F32', [4], [0, 16]), offset: 3 } }, /unknown field\(s\) "offset"/],
    [
      'offsets past the end',
      { w: entry('F32', [8], [0, 32]) },
      /data_offsets \[0, 32\] run past the end of the file \(the data section holds 16 bytes\)/,
    ],
    ['offsets backwards', { w: entry('F32', [0], [16, 0]) }, /end before they begin/],
    ['offsets that are not a pair', { w: entry('F32', [4], [0, 16, 32]) }, /data_offsets must be two/],
    [
      'a span that disagrees with dtype x shape',
      { w: entry('F16', [4], [0, 16]) },
      /F16 \[4\] needs 8 bytes but data_offsets \[0, 16\] hold 16/,
    ],
    ['metadata that is not strings', { __metadata__: { a: 1 } }, /__metadata__ must map names to strings/],
    ['an array header', [1, 2], /header must be a JSON object/],
    ['a non-JSON header', '{"w": ', /header is not JSON/],
  ])('refuses %s with the lib error', (_what, header, message) => {
    const e = errorOf(fileWith(header));
    expect(e.code).toBe('BAD_SAFETENSORS');
    expect(e.message).toMatch(/^ckpt\/model\.safetensors: invalid safetensors file: /);
    expect(e.message).toMatch(message);
  });

  it('bounds the header: a 100 MB header length is refused before it is read', () => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, 100_000_000n, true);
    expect(errorOf(bytes).message).toBe(
      'ckpt/model.safetensors: invalid safetensors file: header length 100000000 exceeds the limit of 16777216 bytes',
    );
    new DataView(bytes.buffer).setBigUint64(0, 0xffffffffffffffffn, true);
    expect(errorOf(bytes).message).toMatch(/header length 18446744073709551615 exceeds the limit/);
  });

  it('bounds the entry count (1.6M entries in the report; here past a limit of 1,000)', () => {
    const header: Record<string, unknown> = {};
    for (let i = 0; i < 1001; i++) header[`t${i}`] = entry('U8', [0], [0, 0]);
    expect(errorOf(fileWith(header), { maxTensors: 1000 }).message).toMatch(
      /header has 1001 entries, more than the limit of 1000 tensors/,
    );
    expect(parseSafetensors(fileWith(header), 'x', { maxTensors: 1001 }).tensors.size).toBe(1001);
  });

  it('still reads what the reference library writes: empty tensors, zero dims, metadata, gaps', () => {
    const header = {
      __metadata__: { format: 'pt' },
      empty: entry('F32', [0, 1e15], [0, 0]),
      a: entry('F32', [2], [0, 8]),
      b: entry('I32', [1], [12, 16]),
    };
    const data = new Uint8Array(16);
    new DataView(data.buffer).setFloat32(4, 1.5, true);
    const file = parseSafetensors(fileWith(header, data), 'x');
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(Array.from(safeTensorToFloat32(file.tensors.get('a')!))).toEqual([0, 1.5]);
    expect(file.tensors.get('empty')!.shape).toEqual([0, 1e15]);
    const round = serializeSafetensors({ tensors: new Map([['w', float32ToSafeTensor(new Float32Array([3]), [1])]]) });
    expect(Array.from(safeTensorToFloat32(parseSafetensors(round).tensors.get('w')!))).toEqual([3]);
  });
});
