import * as fs from 'fs';
import { pipeline } from 'stream/promises';
import * as zlib from 'zlib';
import { SpearmanEvalError } from './errors';
import { JsonVectorParser } from './json-vectors';
import { crc32, METHOD_DEFLATE, METHOD_STORED, readZipDirectory } from './zip-format';

export interface StreamSubmissionResult {
  vids: number;
  /** Every member name in the zip, in order. */
  members: string[];
}

/**
 * Streams `result.json` out of a submission zip, calling `onVector` once per vid; `values` is a view that is reused
 * for the next vid, so copy it to keep it. Memory stays flat: neither the zip nor the JSON is held whole. The member
 * is found through the central directory and inflated by Node's zlib (on its thread pool, while the previous piece is
 * parsed); its CRC-32 and size are checked against the directory.
 */
export async function streamSubmission(
  zipPath: string,
  onVector: (vid: string, values: Float64Array) => void,
  options: { member?: string } = {},
): Promise<StreamSubmissionResult> {
  const member = options.member ?? 'result.json';
  const directory = readZipDirectory(zipPath);
  const members = directory.map((m) => m.name);
  const entry = directory.find((m) => m.name === member);
  if (!entry) {
    const hint = members.find((m) => m.endsWith('/' + member));
    throw new SpearmanEvalError(
      `${zipPath}: no ${member} at the zip root${hint ? ` (found ${hint}; it must be at the root)` : ''}; members: ${JSON.stringify(members.slice(0, 10))}`,
      'BAD_SUBMISSION',
      { file: zipPath, members },
    );
  }
  if (entry.method !== METHOD_DEFLATE && entry.method !== METHOD_STORED) {
    throw new SpearmanEvalError(`${zipPath}: ${member} uses compression method ${entry.method}; only stored (0) and deflate (8) are read`, 'BAD_SUBMISSION', { file: zipPath });
  }
  let vids = 0;
  const parser = new JsonVectorParser((vid, values) => {
    vids++;
    onVector(vid, values);
  });
  let crc = 0;
  let size = 0;
  const source = fs.createReadStream(zipPath, { start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  let consumerError: unknown = undefined;
  const consume = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      try {
        parser.push(chunk);
      } catch (e) {
        consumerError = e;
        throw e;
      }
    }
  };
  try {
    if (entry.compressedSize === 0) source.destroy();
    else if (entry.method === METHOD_STORED) await pipeline(source, consume);
    else await pipeline(source, zlib.createInflateRaw({ chunkSize: 256 * 1024 }), consume);
  } catch (e) {
    if (e === consumerError || e instanceof SpearmanEvalError) throw e; // the parser's or onVector's own error
    throw new SpearmanEvalError(`${zipPath}: cannot inflate ${member}: ${(e as Error).message}`, 'BAD_SUBMISSION', { file: zipPath });
  }
  if (size !== entry.size || crc >>> 0 !== entry.crc >>> 0) {
    throw new SpearmanEvalError(`${zipPath}: ${member} is damaged (${size} bytes, CRC ${crc >>> 0}; the directory says ${entry.size} bytes, CRC ${entry.crc >>> 0})`, 'BAD_SUBMISSION', {
      file: zipPath,
    });
  }
  parser.end();
  return { vids, members };
}

/** Reads a submission into memory as vid -> Float32Array (float16 values are exact in float32). */
export async function readSubmission(zipPath: string, options: { member?: string } = {}): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  await streamSubmission(zipPath, (vid, values) => out.set(vid, Float32Array.from(values)), options);
  return out;
}
