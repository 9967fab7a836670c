import { TfRuntimeError } from './errors';

/** dtypes of the safetensors format (https://huggingface.co/docs/safetensors) that vidsim reads. */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export const DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** Bounds on what a header may ask for, checked before it is parsed or believed. */
export interface SafetensorsLimits {
  /** Largest JSON header in bytes. Default 16 MiB: a 12-layer BERT's header is ~20 KB, a 7B LLM shard's ~50 KB. */
  maxHeaderBytes?: number;
  /** Most tensors in one file. Default 100,000. */
  maxTensors?: number;
}

export const DEFAULT_SAFETENSORS_LIMITS: Required<SafetensorsLimits> = {
  maxHeaderBytes: 16 << 20,
  maxTensors: 100_000,
};

/** Rank bound: far above any real tensor, low enough that a shape cannot be a huge array. */
const MAX_RANK = 16;

export interface HeaderEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Offsets into the data section (after the header), begin inclusive, end exclusive. */
  begin: number;
  end: number;
}

export interface ParsedHeader {
  /** Absolute file offset where tensor data start (8 + header length). */
  dataStart: number;
  entries: HeaderEntry[];
  metadata?: Record<string, string>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
};

/**
 * Reads and checks a safetensors header against the format's rules and vidsim's bounds: header size and entry count,
 * each entry an object with a known dtype, a shape of non-negative integers and two data_offsets inside the data
 * section whose span is exactly dtype size x element count, no two tensors sharing bytes, `__metadata__` a map of
 * strings. Every error is a `TfRuntimeError('BAD_SAFETENSORS')` naming the file, the tensor and the byte offset.
 */
export function parseSafetensorsHeader(buf: Uint8Array, source: string, limits: SafetensorsLimits = {}): ParsedHeader {
  const { maxHeaderBytes, maxTensors } = { ...DEFAULT_SAFETENSORS_LIMITS, ...limits };
  const bad = (msg: string, offset: number, tensor?: string): TfRuntimeError =>
    new TfRuntimeError(
      `${source}: invalid safetensors file: ${tensor !== undefined ? `tensor '${tensor}': ` : ''}${msg}`,
      'BAD_SAFETENSORS',
      { file: source, tensor, offset },
    );
  if (buf.byteLength < 8) throw bad(`shorter (${buf.byteLength} bytes) than its 8-byte header length`, 0);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(maxHeaderBytes))
    throw bad(`header length ${declared} exceeds the limit of ${maxHeaderBytes} bytes`, 0);
  const headerLen = Number(declared);
  if (8 + headerLen > buf.byteLength)
    throw bad(`header length ${headerLen} runs past the end of the file (${buf.byteLength} bytes)`, 0);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + 8, headerLen).toString('utf8'));
  } catch (e) {
    throw bad(`header is not JSON (${(e as Error).message})`, 8);
  }
  if (!isPlainObject(header)) throw bad(`header must be a JSON object, got ${show(header)}`, 8);
  const dataStart = 8 + headerLen;
  const dataBytes = buf.byteLength - dataStart;
  const names = Object.keys(header);
  const tensorCount = names.length - (Object.prototype.hasOwnProperty.call(header, '__metadata__') ? 1 : 0);
  if (tensorCount > maxTensors)
    throw bad(`header has ${tensorCount} entries, more than the limit of ${maxTensors} tensors`, 8);

  let metadata: Record<string, string> | undefined;
  const entries: HeaderEntry[] = [];
  for (const name of names) {
    const entry = header[name];
    if (name === '__metadata__') {
      if (!isPlainObject(entry) || !Object.values(entry).every((v) => typeof v === 'string'))
        throw bad(`__metadata__ must map names to strings, got ${show(entry)}`, 8);
      metadata = entry as Record<string, string>;
      continue;
    }
    const fail = (msg: string): never => {
      throw bad(msg, 8, name);
    };
    if (!isPlainObject(entry)) fail(`entry must be an object with dtype, shape and data_offsets, got ${show(entry)}`);
    const e = entry as Record<string, unknown>;
    const extra = Object.keys(e).filter((k) => k !== 'dtype' && k !== 'shape' && k !== 'data_offsets');
    if (extra.length) fail(`unknown field(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
    const { dtype, shape, data_offsets: offsets } = e;
    if (typeof dtype !== 'string' || !Object.prototype.hasOwnProperty.call(DTYPE_BYTES, dtype))
      fail(`unsupported dtype ${show(dtype)} (read: ${Object.keys(DTYPE_BYTES).join(', ')})`);
    if (
      !Array.isArray(shape) ||
      shape.length > MAX_RANK ||
      !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)
    ) {
      fail(`shape must be a list of at most ${MAX_RANK} non-negative integers, got ${show(shape)}`);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)
    ) {
      fail(`data_offsets must be two non-negative integers, got ${show(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end) fail(`data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataBytes)
      throw bad(
        `data_offsets [${begin}, ${end}] run past the end of the file (the data section holds ${dataBytes} bytes)`,
        dataStart + begin,
        name,
      );
    // the element count, bounded by the bytes actually present so the product never leaves exact integers
    const width = DTYPE_BYTES[dtype as SafetensorsDtype];
    let elements = (shape as number[]).includes(0) ? 0 : 1;
    for (const d of elements ? (shape as number[]) : []) {
      elements *= d;
      if (elements * width > dataBytes) break;
    }
    if (elements * width !== end - begin) {
      throw bad(
        `${dtype} [${shape}] needs ${elements * width} bytes but data_offsets [${begin}, ${end}] hold ${end - begin}`,
        dataStart + begin,
        name,
      );
    }
    entries.push({ name, dtype: dtype as SafetensorsDtype, shape: [...(shape as number[])], begin, end });
  }
  const byStart = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1],
      cur = byStart[i];
    if (cur.begin < prev.end) {
      throw bad(
        `data_offsets [${cur.begin}, ${cur.end}] overlap those of tensor '${prev.name}' [${prev.begin}, ${prev.end}]`,
        dataStart + cur.begin,
        cur.name,
      );
    }
  }
  return { dataStart, entries, metadata };
}
