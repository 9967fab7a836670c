import fc from 'fast-check';
import { TfRuntimeError } from '../errors';
import { parseSafetensors, safeTensorToFloat32, serializeSafetensors, type SafeTensor } from '../safetensors';
import { DTYPE_BYTES, type SafetensorsDtype } from '../safetensors-header';

// Property-based fuzzing of the safetensors reader (issue 14): any mutated file ends in the lib's own error (code,
// file, offset) or a valid result, quickly and in bounded memory; never a TypeError, a RangeError or an abort.

const DTYPES = Object.keys(DTYPE_BYTES) as SafetensorsDtype[];

/** A valid file: a few small tensors of any dtype, maybe metadata. */
const validFile = fc
  .record({
    tensors: fc.array(
      fc.record({
        name: fc.string({ minLength: 1, maxLength: 12 }),
        dtype: fc.constantFrom(...DTYPES),
        shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
      }),
      { maxLength: 5 },
    ),
    metadata: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), {
      nil: undefined,
    }),
  })
  .map(({ tensors, metadata }) => {
    const map = new Map<string, SafeTensor>();
    for (const t of tensors) {
      if (t.name === '__metadata__') continue;
      const bytes = t.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[t.dtype];
      map.set(t.name, {
        dtype: t.dtype,
        shape: t.shape,
        data: Uint8Array.from({ length: bytes }, (_, i) => (i * 37) & 0xff),
      });
    }
    return serializeSafetensors({ tensors: map, metadata });
  });

/** A JSON value likely to break a naive reader: wrong types, negatives, huge numbers, nesting. */
const hostileValue = fc.oneof(
  fc.constantFrom(
    null,
    -1,
    -8,
    0,
    1e300,
    -1e300,
    2 ** 53,
    2 ** 64,
    1.5,
    '',
    '4',
    'F32',
    'toString',
    '__proto__',
    true,
    [],
    {},
  ),
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 4 }),
);

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'headerLength'; value: bigint }
  | { kind: 'headerField'; entry: number; field: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('headerLength' as const), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
  fc.record({
    kind: fc.constant('headerField' as const),
    entry: fc.nat(),
    field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'extra', '__whole__'),
    value: hostileValue,
  }),
);

function applyMutation(file: Uint8Array, m: Mutation): Uint8Array {
  const at = (n: number) => (file.length ? n % file.length : 0);
  switch (m.kind) {
    case 'flip': {
      const out = Uint8Array.from(file);
      if (out.length) out[at(m.at)] ^= m.xor;
      return out;
    }
    case 'truncate':
      return file.subarray(0, at(m.at));
    case 'insert': {
      const i = at(m.at);
      const out = new Uint8Array(file.length + m.bytes.length);
      out.set(file.subarray(0, i));
      out.set(m.bytes, i);
      out.set(file.subarray(i), i + m.bytes.length);
      return out;
    }
    case 'headerLength': {
      const out = Uint8Array.from(file);
      if (out.length >= 8) new DataView(out.buffer).setBigUint64(0, m.value, true);
      return out;
    }
    case 'headerField': {
      // rewrite one entry of the JSON header and re-frame the file around it (data bytes unchanged)
      if (file.length < 8) return file;
      const len = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
      if (8 + len > file.length) return file; // an earlier mutation broke the framing
      let header: Record<string, unknown>;
      try {
        header = JSON.parse(Buffer.from(file.subarray(8, 8 + len)).toString('utf8'));
      } catch {
        return file; // an earlier mutation broke the JSON: nothing to rewrite
      }
      if (typeof header !== 'object' || header === null) return file;
      const names = Object.keys(header);
      if (!names.length) header.w = m.value;
      else {
        const name = names[m.entry % names.length];
        if (m.field === '__whole__' || typeof header[name] !== 'object' || header[name] === null)
          header[name] = m.value;
        else (header[name] as Record<string, unknown>)[m.field] = m.value;
      }
      const json = Buffer.from(JSON.stringify(header) ?? 'null');
      const out = new Uint8Array(8 + json.length + file.length - 8 - len);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      out.set(file.subarray(8 + len), 8 + json.length);
      return out;
    }
  }
}

/** A mutated file: one to four mutations of a valid one. */
export const mutatedSafetensors = fc
  .tuple(validFile, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([file, ms]) => ms.reduce((f, m) => applyMutation(f, m), file));

const MAX_MS = 2000;

/** The property: the lib's own error with code, file and offset, or tensors whose bytes match dtype x shape. */
export function checkSafetensorsInput(bytes: Uint8Array): void {
  const started = Date.now();
  const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
  try {
    const parsed = parseSafetensors(bytes, 'fuzz.safetensors');
    let total = 0;
    for (const [name, t] of parsed.tensors) {
      const elements = t.shape.reduce((a, b) => a * b, 1);
      if (t.data.byteLength !== elements * DTYPE_BYTES[t.dtype])
        throw new Error(`tensor ${name}: ${t.data.byteLength} bytes for ${t.dtype} [${t.shape}]`);
      total += t.data.byteLength;
      if (['F32', 'F64', 'F16', 'BF16'].includes(t.dtype) && safeTensorToFloat32(t).length !== elements)
        throw new Error(`tensor ${name}: decoded length`);
    }
    if (total > bytes.byteLength) throw new Error(`tensors claim ${total} bytes of a ${bytes.byteLength}-byte file`);
  } catch (e) {
    if (!(e instanceof TfRuntimeError)) throw e;
    if (e.code !== 'BAD_SAFETENSORS' || e.context.file !== 'fuzz.safetensors' || typeof e.context.offset !== 'number') {
      throw new Error(`error without code/file/offset: ${e.code} ${JSON.stringify(e.context)} ${e.message}`);
    }
  }
  const ms = Date.now() - started;
  if (ms > MAX_MS) throw new Error(`took ${ms} ms on a ${bytes.byteLength}-byte input`);
  const grown = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
  if (grown > 256 << 20) throw new Error(`array buffers grew by ${grown} bytes on a ${bytes.byteLength}-byte input`);
}

export interface FuzzRun {
  seed: number;
  /** Number of inputs; ignored when `seconds` is set. */
  numRuns?: number;
  /** Run for this long instead (the long run). */
  seconds?: number;
}

/** Runs the property; returns how many inputs it tried; throws fast-check's report (seed, path, counterexample) on a finding. */
export function fuzzSafetensors(run: FuzzRun): number {
  const params: fc.Parameters<[Uint8Array]> = run.seconds
    ? {
        seed: run.seed,
        numRuns: Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: run.seconds * 1000,
        markInterruptAsFailure: false,
      }
    : { seed: run.seed, numRuns: run.numRuns ?? 1000 };
  const details = fc.check(
    fc.property(mutatedSafetensors, (bytes) => checkSafetensorsInput(bytes)),
    params,
  );
  if (details.failed) throw new Error(fc.defaultReportMessage(details));
  return details.numRuns;
}
