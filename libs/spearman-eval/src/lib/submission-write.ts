import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { SpearmanEvalError } from './errors';
import { toFloat16Bits } from '@vidsim/core';
import { FLOAT16_JSON_STRIDE, float16JsonFill, float16JsonTable } from './float16';
import { crc32, localHeader, METHOD_DEFLATE, ZIP32_LIMIT, zipTrailer } from './zip-format';

export type SubmissionEntries =
  Iterable<readonly [string, ArrayLike<number>]> | AsyncIterable<readonly [string, ArrayLike<number>]>;

export interface WriteSubmissionOptions {
  /** Largest allowed vector size (the official limit is 256). */
  maxDim?: number;
  /** Deflate level 0-9. Default 1: deflate dominates the write, and level 6 (zlib's default) only saves ~20% of the zip for twice the time. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Name of the zip member (default the official root-level `result.json`). */
  member?: string;
}

export interface WriteSubmissionResult {
  path: string;
  vids: number;
  dim: number;
  jsonBytes: number;
  zipBytes: number;
}

const CHUNK_BYTES = 1 << 20;
/** Deflate's window: each chunk is primed with this much of the previous one, as pigz does. */
const WINDOW = 32 * 1024;
const SEP = 0x2c; // ','
const SPACE = 0x20;

// Module-level copies: some loaders (tsx, jest) turn imported bindings into getters, costly in the per-value loop.
const STRIDE = FLOAT16_JSON_STRIDE;
const toBits = toFloat16Bits;
const fill = float16JsonFill;
const { bytes: TEXT, lengths: TEXT_LEN } = float16JsonTable();

/**
 * Writes `values` as float16 JSON texts joined by ', ' into `buf` from `pos` (room is the caller's job); returns the
 * end position, or -1 - i when value i is not finite in float16.
 */
function formatValues(buf: Buffer, pos: number, values: ArrayLike<number>): number {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const bits = toBits(values[i]);
    if ((bits & 0x7c00) === 0x7c00) return -1 - i;
    if (i > 0) {
      buf[pos++] = SEP;
      buf[pos++] = SPACE;
    }
    const len = TEXT_LEN[bits] || fill(bits);
    const at = bits * STRIDE;
    for (let k = 0; k < len; k++) buf[pos++] = TEXT[at + k];
  }
  return pos;
}

/** One chunk deflated on libuv's pool, ending on a byte boundary (sync flush) unless it is the last. */
function deflateChunk(data: Buffer, level: number, dictionary: Buffer | undefined, last: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const options: zlib.ZlibOptions = {
      level,
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    };
    if (dictionary) options.dictionary = dictionary;
    zlib.deflateRaw(data, options, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/**
 * Streams `result.zip` holding `result.json` = {vid: [values rounded to float16]}: vectors are formatted as bytes
 * into 1 MiB chunks, which Node's zlib deflates on its thread pool, a few at a time, while the next chunk is formatted
 * (independent raw-deflate pieces joined by sync flushes, each primed with the previous 32 KiB, as pigz does). Memory
 * stays flat whatever the number of videos. The zip is written under a temporary name and renamed when complete.
 */
export async function writeSubmission(
  zipPath: string,
  entries: SubmissionEntries,
  options: WriteSubmissionOptions = {},
): Promise<WriteSubmissionResult> {
  const maxDim = options.maxDim ?? 256;
  const member = options.member ?? 'result.json';
  const level = options.level ?? 1;
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw new SpearmanEvalError(`level must be an integer 0-9, got ${level}`, 'BAD_OPTION', { field: 'level' });
  const inFlightMax = Math.max(2, Math.min(4, os.availableParallelism()));
  const tmp = path.join(path.dirname(zipPath), `.${path.basename(zipPath)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  const mtime = new Date();
  let zipBytes = 0;
  const write = (b: Buffer): void => {
    fs.writeSync(fd, b);
    zipBytes += b.length;
  };
  const inFlight: Promise<Buffer>[] = [];
  const drainOne = async (): Promise<void> => {
    const out = await (inFlight.shift() as Promise<Buffer>);
    if (zipBytes + out.length > ZIP32_LIMIT)
      throw new SpearmanEvalError(`result.zip exceeds 4 GiB (no ZIP64 support)`, 'TOO_LARGE', { vids });
    write(out);
  };
  let jsonBytes = 0;
  let crc = 0;
  let dictionary: Buffer | undefined;
  /** Hands `chunk` to a deflate job (it must not be written to afterwards). */
  const submit = (chunk: Buffer, last: boolean): void => {
    jsonBytes += chunk.length;
    if (jsonBytes > ZIP32_LIMIT)
      throw new SpearmanEvalError(`result.json exceeds 4 GiB (no ZIP64 support) after ${vids} vids`, 'TOO_LARGE', {
        vids,
      });
    crc = crc32(chunk, crc);
    const p = deflateChunk(chunk, level, dictionary, last);
    p.catch(() => undefined); // awaited in order by drainOne; this only keeps an early failure from going unhandled
    inFlight.push(p);
    dictionary = chunk.length >= WINDOW ? chunk.subarray(chunk.length - WINDOW) : undefined;
  };
  let vids = 0;
  let dim = -1;
  const seen = new Set<string>();
  let closed = false;
  try {
    write(localHeader(member, METHOD_DEFLATE, mtime));
    const zipStart = zipBytes;
    // buf and pos are plain locals (no closure captures them) so that the per-value loop keeps them in registers.
    let buf = Buffer.allocUnsafe(CHUNK_BYTES + 64 * 1024);
    let pos = 0;
    buf[pos++] = 0x7b; // '{'
    for await (const [vid, values] of entries) {
      if (seen.has(vid)) throw new SpearmanEvalError(`vid ${vid} is given twice`, 'BAD_SUBMISSION', { vid });
      seen.add(vid);
      const n = values.length;
      if (n > maxDim || n === 0)
        throw new SpearmanEvalError(`vid ${vid}: vector must have 1..${maxDim} values, got ${n}`, 'DIM_MISMATCH', {
          vid,
          dim: n,
        });
      if (dim < 0) dim = n;
      else if (n !== dim)
        throw new SpearmanEvalError(`vid ${vid}: vector has ${n} values, the first had ${dim}`, 'DIM_MISMATCH', {
          vid,
          dim: n,
          expected: dim,
        });
      const key = (vids++ === 0 ? '' : ', ') + JSON.stringify(vid) + ': [';
      const need = Buffer.byteLength(key) + n * (STRIDE + 2) + 8;
      if (pos + need > buf.length) {
        if (pos > 0) submit(buf.subarray(0, pos), false);
        buf = Buffer.allocUnsafe(Math.max(need, buf.length));
        pos = 0;
      }
      pos += buf.write(key, pos);
      const end = formatValues(buf, pos, values);
      if (end < 0) {
        const i = -1 - end;
        throw new SpearmanEvalError(`vid ${vid}: value ${i} is ${values[i]}, not finite in float16`, 'NON_FINITE', {
          vid,
          index: i,
          value: values[i],
        });
      }
      pos = end;
      buf[pos++] = 0x5d; // ']'
      if (pos >= CHUNK_BYTES) {
        submit(buf.subarray(0, pos), false);
        buf = Buffer.allocUnsafe(buf.length);
        pos = 0;
      }
      while (inFlight.length >= inFlightMax) await drainOne();
    }
    buf[pos++] = 0x7d; // '}'
    submit(buf.subarray(0, pos), true);
    while (inFlight.length > 0) await drainOne();
    const compressedSize = zipBytes - zipStart;
    write(
      zipTrailer(
        [{ name: member, method: METHOD_DEFLATE, crc, compressedSize, size: jsonBytes, localOffset: 0, mtime }],
        zipBytes,
      ),
    );
    closed = true;
    fs.closeSync(fd);
    fs.renameSync(tmp, zipPath);
  } catch (e) {
    if (!closed) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { path: zipPath, vids, dim: Math.max(dim, 0), jsonBytes, zipBytes };
}
