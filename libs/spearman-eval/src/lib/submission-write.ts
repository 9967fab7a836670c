import * as fs from 'fs';
import * as path from 'path';
import { Zip, ZipDeflate } from 'fflate';
import { SpearmanEvalError } from './errors';
import { float16Json, toFloat16Bits } from './float16';

export type SubmissionEntries = Iterable<readonly [string, ArrayLike<number>]> | AsyncIterable<readonly [string, ArrayLike<number>]>;

export interface WriteSubmissionOptions {
  /** Largest allowed vector size (the official limit is 256). */
  maxDim?: number;
  /** Deflate level 0-9 (default 6, zlib's default, as Python's ZIP_DEFLATED). */
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

/** fflate writes no ZIP64 records, so one member is capped at 4 GiB of JSON (about 1M x 256 float16 values). */
const ZIP32_LIMIT = 0xffffffff;
const CHUNK_CHARS = 1 << 20;

/**
 * Streams `result.zip` holding `result.json` = {vid: [values rounded to float16]}: each vector is formatted and
 * deflated as it comes, so memory stays flat whatever the number of videos. The zip is written under a temporary
 * name and renamed when complete.
 */
export async function writeSubmission(zipPath: string, entries: SubmissionEntries, options: WriteSubmissionOptions = {}): Promise<WriteSubmissionResult> {
  const maxDim = options.maxDim ?? 256;
  const member = options.member ?? 'result.json';
  const tmp = path.join(path.dirname(zipPath), `.${path.basename(zipPath)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  let zipBytes = 0;
  let zipError: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) zipError = err;
    else {
      fs.writeSync(fd, chunk);
      zipBytes += chunk.length;
    }
  });
  const file = new ZipDeflate(member, { level: options.level ?? 6 });
  zip.add(file);
  let jsonBytes = 0;
  let pending = '{';
  const flush = (final: boolean): void => {
    const bytes = Buffer.from(pending, 'utf8');
    jsonBytes += bytes.length;
    if (jsonBytes > ZIP32_LIMIT) throw new SpearmanEvalError(`result.json exceeds 4 GiB (no ZIP64 support) after ${vids} vids`, 'TOO_LARGE', { vids });
    file.push(bytes, final);
    if (zipError) throw zipError;
    pending = '';
  };
  let vids = 0;
  let dim = -1;
  const seen = new Set<string>();
  let closed = false;
  try {
    for await (const [vid, values] of entries) {
      if (seen.has(vid)) throw new SpearmanEvalError(`vid ${vid} is given twice`, 'BAD_SUBMISSION', { vid });
      seen.add(vid);
      if (values.length > maxDim || values.length === 0) {
        throw new SpearmanEvalError(`vid ${vid}: vector must have 1..${maxDim} values, got ${values.length}`, 'DIM_MISMATCH', { vid, dim: values.length });
      }
      if (dim < 0) dim = values.length;
      else if (values.length !== dim) throw new SpearmanEvalError(`vid ${vid}: vector has ${values.length} values, the first had ${dim}`, 'DIM_MISMATCH', { vid, dim: values.length, expected: dim });
      let s = (vids++ === 0 ? '' : ', ') + JSON.stringify(vid) + ': [';
      for (let i = 0; i < values.length; i++) {
        const bits = toFloat16Bits(values[i]);
        if ((bits & 0x7c00) === 0x7c00) {
          throw new SpearmanEvalError(`vid ${vid}: value ${i} is ${values[i]}, not finite in float16`, 'NON_FINITE', { vid, index: i, value: values[i] });
        }
        s += (i === 0 ? '' : ', ') + float16Json(bits);
      }
      pending += s + ']';
      if (pending.length >= CHUNK_CHARS) flush(false);
    }
    pending += '}';
    flush(true);
    zip.end();
    if (zipError) throw zipError;
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
