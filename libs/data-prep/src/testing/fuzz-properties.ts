import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as fc from 'fast-check';
import { decodeExample, findRecordBoundary, maskedCrc32c, readTfRecords, TfRecordError } from '@vidsim/tfrecord';
import { DataPrepError } from '../lib/errors';
import { decodeOfficialExample, encodeOfficialExample, FRAME_DIM, type OfficialVideo } from '../lib/official';
import { newRawVideo, scanOfficialExample } from '../lib/official-fast';
import { parsePairs } from '../lib/pairs';

// Property-based fuzzing of the readers of untrusted input: TFRecord framing, the tf.train.Example decoders (exact
// and fast scan) and label.tsv. Each property feeds a valid input bent by random mutations (or plain random bytes)
// and requires the lib's own error (DataPrepError with a code and the file, offset or line) or a valid result,
// within a time bound: never a TypeError, RangeError or crash. Used by fuzz.spec.ts (seeded, seconds) and by
// fuzz-main.ts (a long run; `npx tsx tools/bench/src/main.ts fuzz-data --seconds 600`).

/** The slowest a single case may take: every input here is under 1 MB. */
export const MAX_CASE_MS = 2000;

/** A contract violation: what the fuzzer reports as a finding. */
export class FuzzFinding extends Error {}

/** The libs' own errors: TfRecordError from @vidsim/tfrecord (framing, protobuf), DataPrepError from this lib. */
type OwnError = DataPrepError | TfRecordError;

const expectOwnError = (e: unknown, where: string, check: (d: OwnError) => string | undefined): void => {
  if (!(e instanceof DataPrepError || e instanceof TfRecordError)) {
    throw new FuzzFinding(
      `${where}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (not the lib's own error)`,
    );
  }
  const problem = check(e);
  if (problem) throw new FuzzFinding(`${where}: ${problem}: ${e.message}`);
};

/** Per read call on top of MAX_CASE_MS: with 17-byte chunks a 60 KB file takes 3,500 reads (about 0.2 ms each). */
const MS_PER_READ = 1;

const timed = async <T>(what: string, f: () => Promise<T> | T, reads = 0): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  const ms = performance.now() - t0;
  const bound = MAX_CASE_MS + reads * MS_PER_READ;
  if (ms > bound) throw new FuzzFinding(`${what} took ${ms.toFixed(0)} ms (bound ${bound} ms)`);
  return r;
};

// ---- mutations -------------------------------------------------------------------------------------------------

type Mutation =
  | { op: 'flip'; at: number; bits: number }
  | { op: 'set'; at: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; count: number }
  | { op: 'u64'; at: number; value: bigint; fixCrc: boolean };

// Where `at` is a fraction of the input's length, so a mutation lands inside whatever was generated.
const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const interestingU64 = fc.constantFrom(
  0n,
  1n,
  11n,
  12n,
  16n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  2n ** 53n,
  2n ** 63n,
  2n ** 64n - 1n,
);
const mutation: fc.Arbitrary<{ op: string; at: number } & Record<string, unknown>> = fc.oneof(
  fc.record({ op: fc.constant('flip'), at, bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('set'), at, byte: fc.constantFrom(0x00, 0x01, 0x0a, 0x12, 0x1a, 0x7f, 0x80, 0xff) }),
  fc.record({ op: fc.constant('truncate'), at }),
  fc.record({ op: fc.constant('insert'), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ op: fc.constant('delete'), at, count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({
    op: fc.constant('u64'),
    at,
    value: fc.oneof(interestingU64, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
    fixCrc: fc.boolean(),
  }),
);

function applyMutations(input: Uint8Array, muts: { op: string; at: number }[]): Uint8Array {
  let b = Buffer.from(input);
  for (const raw of muts) {
    const m = raw as unknown as Mutation & { at: number };
    const pos = Math.floor(m.at * (b.length + 1));
    switch (m.op) {
      case 'flip':
        if (pos < b.length) b[pos] ^= m.bits;
        break;
      case 'set':
        if (pos < b.length) b[pos] = m.byte;
        break;
      case 'truncate':
        b = b.subarray(0, pos);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, pos), m.bytes, b.subarray(pos)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, pos), b.subarray(pos + m.count)]);
        break;
      case 'u64':
        if (pos + 8 <= b.length) {
          b = Buffer.from(b);
          b.writeBigUInt64LE(m.value, pos);
          // With the length CRC made to match, a corrupt length reaches the code behind the CRC check.
          if (m.fixCrc && pos + 12 <= b.length) b.writeUInt32LE(maskedCrc32c(b.subarray(pos, pos + 8)), pos + 8);
        }
        break;
    }
  }
  return new Uint8Array(b);
}

// ---- inputs ----------------------------------------------------------------------------------------------------

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', '\ufeff标题', '视频的标题，很长的中文'.repeat(8)),
);
const videoArb: fc.Arbitrary<OfficialVideo> = fc.record({
  id: fc.oneof(
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
    fc.constantFrom('0', '18446744073709551615', '9007199254740993'),
  ),
  title: text,
  asrText: text,
  frames: fc.integer({ min: 0, max: 3 }).chain((n) =>
    fc.array(
      fc.integer({ min: 0, max: 0xffff }).map((v) => new Uint16Array(FRAME_DIM).fill(v)),
      { minLength: n, maxLength: n },
    ),
  ),
  tagIds: fc.option(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 6 }), {
    nil: undefined,
  }),
  categoryId: fc.integer({ min: -1, max: 0x7fffffff }),
});

/** TFRecord framing of `records`, as TensorFlow writes it. */
function frame(records: Uint8Array[]): Uint8Array {
  const parts: Buffer[] = [];
  for (const r of records) {
    const h = Buffer.alloc(12);
    h.writeBigUInt64LE(BigInt(r.length), 0);
    h.writeUInt32LE(maskedCrc32c(h.subarray(0, 8)), 8);
    const f = Buffer.alloc(4);
    f.writeUInt32LE(maskedCrc32c(r), 0);
    parts.push(h, Buffer.from(r), f);
  }
  return new Uint8Array(Buffer.concat(parts));
}

const recordPayload = fc.oneof(fc.uint8Array({ maxLength: 300 }), videoArb.map(encodeOfficialExample));
const mutations = fc.array(mutation, { minLength: 0, maxLength: 4 });

// ---- properties ------------------------------------------------------------------------------------------------

const FRAMING_CODES: string[] = ['TRUNCATED', 'BAD_LENGTH_CRC', 'BAD_DATA_CRC', 'BAD_OPTION', 'RECORD_TOO_LARGE'];

/** TFRecord framing: any byte string read from a file ends in records or a framing error naming file and offset. */
export function tfrecordFramingProperty(dir: string): fc.IAsyncProperty<unknown[]> {
  let n = 0;
  return fc.asyncProperty(
    fc.array(recordPayload, { maxLength: 5 }),
    mutations,
    fc.record({
      chunkBytes: fc.constantFrom(16, 17, 64, 4096, 1 << 20),
      reuseBuffers: fc.boolean(),
      verifyCrc: fc.boolean(),
      readAhead: fc.integer({ min: 1, max: 4 }),
    }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    async (records, muts, opts, cut) => {
      const bytes = applyMutations(frame(records), muts);
      const file = join(dir, `f${n++ % 4}.tfrecords`);
      writeFileSync(file, bytes);
      const got: Uint8Array[] = [];
      await timed(
        'readTfRecords',
        async () => {
          try {
            for await (const r of readTfRecords(file, { ...opts, directIo: false })) {
              if (r.offset < 0 || r.offset + 16 + r.data.length > bytes.length)
                throw new FuzzFinding(`record at ${r.offset} of ${r.data.length} bytes lies outside the file`);
              got.push(opts.reuseBuffers ? new Uint8Array(r.data) : r.data); // a copy: Buffer#slice would be a view
            }
          } catch (e) {
            if (e instanceof FuzzFinding) throw e;
            expectOwnError(e, 'readTfRecords', (d) =>
              !FRAMING_CODES.includes(d.code)
                ? `code ${d.code}`
                : d.file !== file
                  ? 'no file'
                  : typeof d.offset !== 'number'
                    ? 'no offset'
                    : undefined,
            );
          }
        },
        Math.ceil(bytes.length / opts.chunkBytes),
      );
      // Untouched input reads back exactly.
      if (
        muts.length === 0 &&
        (got.length !== records.length ||
          got.some((g, i) => Buffer.compare(Buffer.from(g), Buffer.from(records[i])) !== 0))
      ) {
        throw new FuzzFinding(`valid file of ${records.length} records read back as ${got.length} different ones`);
      }
      // Cutting the file between workers: a boundary is a number inside the file, undefined, or the lib's error.
      await timed('findRecordBoundary', async () => {
        try {
          const b = await findRecordBoundary(file, Math.floor(cut * bytes.length), 1 << 16);
          if (b !== undefined && !(Number.isInteger(b) && b >= 0 && b <= bytes.length))
            throw new FuzzFinding(`boundary ${b} outside the file`);
        } catch (e) {
          if (e instanceof FuzzFinding) throw e;
          expectOwnError(e, 'findRecordBoundary', (d) => (d.file !== file ? 'no file' : undefined));
        }
      });
    },
  );
}

/**
 * tf.train.Example: the exact decoder gives a value or BAD_PROTOBUF / BAD_FIELD / BAD_ID / BAD_FRAME naming the
 * file, offset and field; the fast scan never throws, and whatever it accepts the exact decoder reads the same.
 */
export function exampleDecoderProperty(): fc.IProperty<unknown[]> {
  const raw = newRawVideo();
  const where = { file: 'fuzz.tfrecords', offset: 1234 };
  const dec = new TextDecoder();
  return fc.property(
    fc.oneof(videoArb.map(encodeOfficialExample), fc.uint8Array({ maxLength: 400 })),
    mutations,
    (valid, muts) => {
      const buf = applyMutations(valid, muts);
      try {
        decodeExample(buf);
      } catch (e) {
        expectOwnError(e, 'decodeExample', (d) =>
          d.code !== 'BAD_PROTOBUF' ? `code ${d.code}` : !d.field ? 'no field' : undefined,
        );
      }
      let exact: OfficialVideo | undefined;
      try {
        exact = decodeOfficialExample(buf, where);
      } catch (e) {
        expectOwnError(e, 'decodeOfficialExample', (d) =>
          d.file !== where.file || d.offset !== where.offset ? 'file/offset lost' : !d.field ? 'no field' : undefined,
        );
      }
      let fast: boolean;
      try {
        fast = scanOfficialExample(buf, raw);
      } catch (e) {
        throw new FuzzFinding(`scanOfficialExample threw ${(e as Error).name}: ${(e as Error).message}`);
      }
      if (fast) {
        if (!exact) throw new FuzzFinding('the fast scan accepted a record the exact decoder rejects');
        const same =
          raw.id === exact.id &&
          dec.decode(raw.title) === exact.title &&
          dec.decode(raw.asrText) === exact.asrText &&
          raw.numFrames === exact.frames.length &&
          raw.categoryId === exact.categoryId &&
          JSON.stringify(raw.tagIds?.map(String) ?? null) === JSON.stringify(exact.tagIds?.map(String) ?? null);
        if (!same) throw new FuzzFinding(`fast scan and exact decoder disagree on record ${JSON.stringify(exact.id)}`);
      }
    },
  );
}

const ID = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  fc.constantFrom('1', '6553579468705759758'),
);
const labelLine = fc
  .tuple(ID, ID, fc.constantFrom('0', '0.05', '0.5', '1', '1.0', '.95'))
  .map(([q, c, r]) => `${q}\t${c}\t${r}`);
const labelText = fc.oneof(
  fc.array(labelLine, { maxLength: 8 }).map((ls) => ls.join('\n')),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ maxLength: 120 }),
);

/** label.tsv: pairs with decimal ids and relevances in [0, 1], or an error naming the file and line (or EMPTY_INPUT). */
export function labelTsvProperty(): fc.IProperty<unknown[]> {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return fc.property(labelText, mutations, fc.boolean(), (valid, muts, skipBad) => {
    const text = muts.length > 0 ? dec.decode(applyMutations(enc.encode(valid), muts)) : valid;
    const file = 'label.tsv';
    try {
      const r = parsePairs(text, { file, skipBad });
      for (const p of r.pairs) {
        if (
          !/^[0-9]{1,20}$/.test(p.query) ||
          !/^[0-9]{1,20}$/.test(p.candidate) ||
          !(p.relevance >= 0 && p.relevance <= 1)
        ) {
          throw new FuzzFinding(`accepted a bad pair ${JSON.stringify(p)}`);
        }
      }
      for (const b of r.bad)
        if (!(b instanceof DataPrepError) || b.file !== file || !b.line)
          throw new FuzzFinding(`skipped line without its line number: ${b.message}`);
    } catch (e) {
      if (e instanceof FuzzFinding) throw e;
      expectOwnError(e, 'parsePairs', (d) =>
        d.file !== file ? 'no file' : d.code !== 'EMPTY_INPUT' && !(d as DataPrepError).line ? 'no line' : undefined,
      );
    }
  });
}

export interface FuzzRunResult {
  property: string;
  runs: number;
  failed: boolean;
  report?: string;
}

/**
 * Runs every property: `numRuns` cases each, or, with `seconds`, as many as fit in that time (split evenly).
 * Returns one result per property; a failure's report holds fast-check's shrunk counterexample and seed.
 */
export async function runDataPrepFuzz(opts: {
  seed: number;
  numRuns?: number;
  seconds?: number;
}): Promise<FuzzRunResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dp-fuzz-'));
  try {
    const props: [string, fc.IRawProperty<unknown[], boolean>][] = [
      ['tfrecord-framing', tfrecordFramingProperty(dir)],
      ['example-decoder', exampleDecoderProperty()],
      ['label-tsv', labelTsvProperty()],
    ];
    const results: FuzzRunResult[] = [];
    for (const [name, prop] of props) {
      const timeLimit = opts.seconds !== undefined ? (opts.seconds * 1000) / props.length : undefined;
      const params: fc.Parameters<unknown[]> =
        timeLimit !== undefined
          ? {
              seed: opts.seed,
              numRuns: Number.MAX_SAFE_INTEGER,
              interruptAfterTimeLimit: timeLimit,
              markInterruptAsFailure: false,
              includeErrorInReport: true,
            }
          : { seed: opts.seed, numRuns: opts.numRuns ?? 100, includeErrorInReport: true };
      const details = await fc.check(prop, params);
      results.push({
        property: name,
        runs: details.numRuns,
        failed: details.failed,
        report: details.failed ? fc.defaultReportMessage(details) : undefined,
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
