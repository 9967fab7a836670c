import * as fs from 'fs';
import { TfRuntimeError } from './errors';
import { float16BitsToFloat32, float32ToFloat16Bits, writeFileAtomic } from '@vidsim/core';
import { bfloat16BitsToFloat32, float32ToBfloat16Bits } from './half';
import {
  DTYPE_BYTES,
  parseSafetensorsHeader,
  type SafetensorsDtype,
  type SafetensorsLimits,
} from './safetensors-header';

/** One tensor: raw little-endian bytes, exactly as stored. */
export interface SafeTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Uint8Array;
}

export interface SafetensorsFile {
  /** Insertion order is the header order when written back. */
  tensors: Map<string, SafeTensor>;
  metadata?: Record<string, string>;
}

/**
 * Parses a safetensors buffer; tensor data are views into `buf` (no copy). The header is checked first
 * (`parseSafetensorsHeader`: size and count bounds, offsets inside the file and matching dtype x shape, no overlaps),
 * so a hostile file ends in a `TfRuntimeError('BAD_SAFETENSORS')` naming it, the tensor and the offset.
 */
export function parseSafetensors(buf: Uint8Array, source = '<buffer>', limits?: SafetensorsLimits): SafetensorsFile {
  const { dataStart, entries, metadata } = parseSafetensorsHeader(buf, source, limits);
  const tensors = new Map<string, SafeTensor>();
  for (const e of entries)
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: buf.subarray(dataStart + e.begin, dataStart + e.end) });
  return { tensors, metadata };
}

/**
 * Serialises as the reference `safetensors` library does: data laid out by dtype size (largest first) then name,
 * header keys in name order with `__metadata__` last, header padded with spaces to a multiple of 8 bytes.
 */
export function serializeSafetensors(file: SafetensorsFile): Uint8Array {
  const names = [...file.tensors.keys()];
  const layout = [...names].sort((a, b) => {
    const da = DTYPE_BYTES[file.tensors.get(a)!.dtype],
      db = DTYPE_BYTES[file.tensors.get(b)!.dtype];
    return db - da || (a < b ? -1 : a > b ? 1 : 0);
  });
  const offsets = new Map<string, [number, number]>();
  let end = 0;
  for (const name of layout) {
    const t = file.tensors.get(name)!;
    offsets.set(name, [end, end + t.data.byteLength]);
    end += t.data.byteLength;
  }
  const header: Record<string, unknown> = {};
  for (const name of [...names].sort()) {
    const t = file.tensors.get(name)!;
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: offsets.get(name) };
  }
  if (file.metadata) header.__metadata__ = file.metadata;
  let json = JSON.stringify(header);
  const len = Buffer.byteLength(json, 'utf8');
  json += ' '.repeat((8 - (len % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.byteLength + end);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  for (const name of layout) out.set(file.tensors.get(name)!.data, 8 + headerBytes.byteLength + offsets.get(name)![0]);
  return out;
}

export type { SafetensorsDtype, SafetensorsLimits } from './safetensors-header';

export async function readSafetensors(file: string, limits?: SafetensorsLimits): Promise<SafetensorsFile> {
  return parseSafetensors(new Uint8Array(await fs.promises.readFile(file)), file, limits);
}

/** Writes atomically: a temp file in the same folder, then rename, so a crash never leaves a half file. */
export async function writeSafetensors(file: string, content: SafetensorsFile): Promise<void> {
  await writeFileAtomic(file, serializeSafetensors(content));
}

/** Decodes a floating tensor to float32 (F64, F32, F16 and BF16). */
export function safeTensorToFloat32(t: SafeTensor): Float32Array {
  const n = t.shape.reduce((a, b) => a * b, 1);
  const aligned = t.data.byteOffset % DTYPE_BYTES[t.dtype] === 0 ? t.data : t.data.slice();
  switch (t.dtype) {
    case 'F32':
      return new Float32Array(aligned.buffer, aligned.byteOffset, n).slice();
    case 'F64':
      return Float32Array.from(new Float64Array(aligned.buffer, aligned.byteOffset, n));
    case 'F16':
      return float16BitsToFloat32(new Uint16Array(aligned.buffer, aligned.byteOffset, n));
    case 'BF16':
      return bfloat16BitsToFloat32(new Uint16Array(aligned.buffer, aligned.byteOffset, n));
    default:
      throw new TfRuntimeError(`tensor of dtype ${t.dtype} is not floating point`, 'BAD_SAFETENSORS');
  }
}

/** Encodes float32 values as a SafeTensor of the given floating dtype (F16 rounds to nearest even). */
export function float32ToSafeTensor(
  values: Float32Array,
  shape: number[],
  dtype: 'F32' | 'F16' | 'BF16' = 'F32',
): SafeTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (values.length !== n)
    throw new TfRuntimeError(`${values.length} values do not fill shape [${shape}]`, 'BAD_SAFETENSORS');
  const typed =
    dtype === 'F32'
      ? Float32Array.from(values)
      : dtype === 'F16'
        ? float32ToFloat16Bits(values)
        : float32ToBfloat16Bits(values);
  return { dtype, shape: [...shape], data: new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength) };
}
