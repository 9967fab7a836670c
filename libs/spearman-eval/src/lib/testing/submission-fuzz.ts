import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { SpearmanEvalError } from '../errors';
import { checkSubmission } from '../submission-check';
import { FLOAT16_MAX, readSubmission } from '../submission-read';

// Property-based fuzzing of the result.zip reader (issue 14): any mutated zip ends in the lib's own error (code,
// file, offset) or a valid result within time and memory bounds; never a TypeError, a RangeError or an abort. Inputs
// come from valid submissions mutated at the JSON level (hostile tokens, keys, structure) and at the zip level
// (flipped bytes, truncation, lying size fields).

const vid = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 19n }).map(String), fc.string({ maxLength: 8 }));
const value = fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(0, -0, 65504, 1e-8));
const validJson = fc
  .array(fc.tuple(vid, fc.array(value, { minLength: 1, maxLength: 6 })), { maxLength: 6 })
  .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: [${v.join(', ')}]`).join(', ')}}`);

/** Text pieces a hostile or broken writer might produce. */
const hostileText = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e300',
    '-1e400',
    '0x10',
    '.5',
    '1e',
    '--1',
    '"',
    '\\',
    '\\u',
    '\u0000',
    '[',
    ']',
    '{',
    '}',
    ',',
    ':',
    '"a":',
    '[[1]]',
    'null',
    'true',
    ' ',
  ),
  fc.string({ maxLength: 6 }),
  fc.nat({ max: 2000 }).map((n) => '9'.repeat(n)),
  fc.nat({ max: 600 }).map((n) => `"${'7'.repeat(n)}": [1]`),
  fc.nat({ max: 5000 }).map((n) => `"v": [${'0,'.repeat(n)}0]`),
);

type JsonMutation = { kind: 'insert' | 'replace'; at: number; text: string } | { kind: 'cut'; at: number };
const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(), text: hostileText }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);

function mutateJson(json: string, m: JsonMutation): string {
  const at = m.at % (json.length + 1);
  if (m.kind === 'cut') return json.slice(0, at);
  return json.slice(0, at) + m.text + json.slice(m.kind === 'replace' ? Math.min(json.length, at + m.text.length) : at);
}

type ZipMutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  /** Overwrite a 16/32-bit field of the central directory or the end record (sizes, offsets, counts, lengths). */
  | { kind: 'field'; record: 'central' | 'end' | 'local'; at: number; bytes: 2 | 4; value: number };
const zipMutation: fc.Arbitrary<ZipMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('field' as const),
    record: fc.constantFrom('central' as const, 'end' as const, 'local' as const),
    at: fc.nat({ max: 40 }),
    bytes: fc.constantFrom(2 as const, 4 as const),
    value: fc.oneof(fc.constantFrom(0, 1, 0xffff, 0xffffffff, 0x7fffffff), fc.nat()),
  }),
);

const SIGNATURES = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 };

function mutateZip(zip: Buffer, m: ZipMutation): Buffer {
  const out = Buffer.from(zip);
  if (!out.length) return out;
  if (m.kind === 'flip') {
    out[m.at % out.length] ^= m.xor;
    return out;
  }
  if (m.kind === 'truncate') return out.subarray(0, m.at % out.length);
  const sig = Buffer.alloc(4);
  sig.writeUInt32LE(SIGNATURES[m.record]);
  const start = out.lastIndexOf(sig);
  const at = start + 4 + m.at;
  if (start < 0 || at + m.bytes > out.length) return out;
  if (m.bytes === 2) out.writeUInt16LE(m.value & 0xffff, at);
  else out.writeUInt32LE(m.value >>> 0, at);
  return out;
}

/** A mutated submission zip. */
export const mutatedSubmission = fc
  .tuple(validJson, fc.array(jsonMutation, { maxLength: 3 }), fc.boolean(), fc.array(zipMutation, { maxLength: 2 }))
  .map(([json, jsonMs, stored, zipMs]) => {
    const text = jsonMs.reduce(mutateJson, json);
    const zip = Buffer.from(zipSync({ 'result.json': [Buffer.from(text, 'utf8'), { level: stored ? 0 : 6 }] }));
    return zipMs.reduce(mutateZip, zip);
  });

const MAX_MS = 5000;

function expectOwnError(e: unknown, file: string): void {
  if (!(e instanceof SpearmanEvalError)) throw e;
  if (e.context.file !== file || typeof e.context.offset !== 'number')
    throw new Error(`error without file/offset: ${e.code} ${JSON.stringify(e.context)} ${e.message}`);
}

/** The property for one zip on disk. */
export async function checkSubmissionInput(bytes: Buffer, file: string): Promise<void> {
  fs.writeFileSync(file, bytes);
  const started = Date.now();
  const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
  try {
    const read = await readSubmission(file);
    for (const [vid, v] of read) {
      if (v.length > 4096 || Buffer.byteLength(vid) > 256)
        throw new Error(`vid ${vid.slice(0, 20)} passed the bounds (${v.length} values)`);
      for (const x of v)
        if (!(Math.abs(x) <= FLOAT16_MAX)) throw new Error(`vid ${vid} value ${x} passed the range check`);
    }
  } catch (e) {
    expectOwnError(e, file);
  }
  const check = await checkSubmission(file, []); // never throws for a bad submission
  if (check.ok !== (check.errors.length === 0)) throw new Error('checkSubmission: ok disagrees with errors');
  const ms = Date.now() - started;
  if (ms > MAX_MS) throw new Error(`took ${ms} ms on a ${bytes.length}-byte zip`);
  const grown = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
  if (grown > 256 << 20) throw new Error(`array buffers grew by ${grown} bytes on a ${bytes.length}-byte zip`);
}

export interface FuzzRun {
  seed: number;
  numRuns?: number;
  /** Run for this long instead of `numRuns`. */
  seconds?: number;
}

/** Runs the property; returns how many inputs it tried; throws fast-check's report (seed, path, counterexample) on a finding. */
export async function fuzzSubmissionReader(run: FuzzRun): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-zip-fuzz-'));
  const file = path.join(dir, 'result.zip');
  try {
    const params: fc.Parameters<[Buffer]> = run.seconds
      ? {
          seed: run.seed,
          numRuns: Number.MAX_SAFE_INTEGER,
          interruptAfterTimeLimit: run.seconds * 1000,
          markInterruptAsFailure: false,
        }
      : { seed: run.seed, numRuns: run.numRuns ?? 300 };
    const details = await fc.check(
      fc.asyncProperty(mutatedSubmission, (bytes) => checkSubmissionInput(bytes, file)),
      params,
    );
    if (details.failed) throw new Error(fc.defaultReportMessage(details));
    return details.numRuns;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
