import * as fs from 'fs';
import { pipeline } from 'stream/promises';
import * as zlib from 'zlib';
import { SpearmanEvalError } from './errors';
import { JsonVectorParser, type JsonVectorLimits } from './json-vectors';
import { crc32, METHOD_DEFLATE, METHOD_STORED, readZipDirectory, ZIP32_LIMIT } from './zip-format';

export interface StreamSubmissionResult {
  vids: number;
  /** Every member name in the zip, in order. */
  members: string[];
}

export interface ReadSubmissionOptions extends JsonVectorLimits {
  /** Member to read (default the official root-level `result.json`). */
  member?: string;
  /** Largest result.json (inflated) accepted, checked against the zip directory before inflating. Default 4 GiB - 1. */
  maxJsonBytes?: number;
  /** Most vids accepted. Default 5,000,000 (the official test sets hold tens of thousands). */
  maxVids?: number;
}

/**
 * Stamps the zip's path on an error of the parser or of `onVector` that lacks it, keeping its code and context; an
 * error without an offset gets `offset`, where the parser was in result.json.
 */
function withFile(e: unknown, zipPath: string, offset: number): unknown {
  if (!(e instanceof SpearmanEvalError) || e.context.file !== undefined) return e;
  const out = new SpearmanEvalError(`${zipPath}: ${e.message}`, e.code, { offset, ...e.context, file: zipPath });
  out.stack = e.stack;
  return out;
}

/**
 * Streams `result.json` out of a submission zip, calling `onVector` once per vid; `values` is a view that is reused
 * for the next vid, so copy it to keep it. Memory stays flat: neither the zip nor the JSON is held whole. The member
 * is found through the central directory and inflated by Node's zlib (on its thread pool, while the previous piece is
 * parsed); its CRC-32 and size are checked against the directory. Sizes are bounded before and while inflating: the
 * declared size against `maxJsonBytes`, the inflated bytes against the declared size (a deflate bomb stops there),
 * vids, vector lengths and key lengths by the parser's limits. Every failure is a `SpearmanEvalError` naming the file.
 */
export async function streamSubmission(
  zipPath: string,
  onVector: (vid: string, values: Float64Array) => void,
  options: ReadSubmissionOptions = {},
): Promise<StreamSubmissionResult> {
  const member = options.member ?? 'result.json';
  const maxJsonBytes = options.maxJsonBytes ?? ZIP32_LIMIT - 1;
  const maxVids = options.maxVids ?? 5_000_000;
  const directory = readZipDirectory(zipPath);
  const members = directory.map((m) => m.name);
  const entry = directory.find((m) => m.name === member);
  if (!entry) {
    const hint = members.find((m) => m.endsWith('/' + member));
    throw new SpearmanEvalError(
      `${zipPath}: no ${member} at the zip root${hint ? ` (found ${hint}; it must be at the root)` : ''}; members: ${JSON.stringify(members.slice(0, 10))}`,
      'BAD_SUBMISSION',
      { file: zipPath, members, offset: 0 },
    );
  }
  if (entry.method !== METHOD_DEFLATE && entry.method !== METHOD_STORED) {
    throw new SpearmanEvalError(
      `${zipPath}: ${member} uses compression method ${entry.method}; only stored (0) and deflate (8) are read`,
      'BAD_SUBMISSION',
      { file: zipPath, offset: entry.localOffset },
    );
  }
  if (entry.size > maxJsonBytes) {
    throw new SpearmanEvalError(
      `${zipPath}: ${member} would inflate to ${entry.size} bytes, more than the limit of ${maxJsonBytes}`,
      'TOO_LARGE',
      { file: zipPath, offset: entry.localOffset },
    );
  }
  if (entry.method === METHOD_STORED && entry.compressedSize !== entry.size) {
    throw new SpearmanEvalError(
      `${zipPath}: stored ${member} is ${entry.compressedSize} bytes but the directory says ${entry.size}`,
      'BAD_SUBMISSION',
      { file: zipPath, offset: entry.localOffset },
    );
  }
  let vids = 0;
  const parser = new JsonVectorParser((vid, values) => {
    if (++vids > maxVids)
      throw new SpearmanEvalError(`${member}: more than ${maxVids} vids (at vid ${vid})`, 'TOO_LARGE', { vid });
    onVector(vid, values);
  }, options);
  let crc = 0;
  let size = 0;
  // an empty member has no byte range (createReadStream refuses end < start)
  const source = () =>
    fs.createReadStream(zipPath, {
      start: entry.dataOffset,
      end: entry.dataOffset + entry.compressedSize - 1,
      highWaterMark: 1 << 20,
    });
  let consumerError: unknown = undefined;
  const consume = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      try {
        if (size > entry.size) {
          throw new SpearmanEvalError(
            `${member} inflates past the ${entry.size} bytes the zip directory declares; damaged or a deflate bomb`,
            'BAD_SUBMISSION',
            { offset: entry.dataOffset },
          );
        }
        parser.push(chunk);
      } catch (e) {
        consumerError = e;
        throw e;
      }
    }
  };
  try {
    if (entry.compressedSize === 0) {
      if (entry.method === METHOD_DEFLATE) throw new Error('an empty deflate stream');
    } else if (entry.method === METHOD_STORED) await pipeline(source(), consume);
    else await pipeline(source(), zlib.createInflateRaw({ chunkSize: 256 * 1024 }), consume);
  } catch (e) {
    // the parser's or onVector's own error (the pipeline may report it as an abort of the inflater)
    if (consumerError !== undefined) throw withFile(consumerError, zipPath, parser.lastVectorEnd);
    if (e instanceof SpearmanEvalError) throw withFile(e, zipPath, parser.lastVectorEnd);
    throw new SpearmanEvalError(`${zipPath}: cannot inflate ${member}: ${(e as Error).message}`, 'BAD_SUBMISSION', {
      file: zipPath,
      offset: entry.dataOffset,
    });
  }
  if (size !== entry.size || crc >>> 0 !== entry.crc >>> 0) {
    throw new SpearmanEvalError(
      `${zipPath}: ${member} is damaged (${size} bytes, CRC ${crc >>> 0}; the directory says ${entry.size} bytes, CRC ${entry.crc >>> 0})`,
      'BAD_SUBMISSION',
      {
        file: zipPath,
        offset: entry.dataOffset,
      },
    );
  }
  try {
    parser.end();
  } catch (e) {
    throw withFile(e, zipPath, parser.lastVectorEnd);
  }
  return { vids, members };
}

/** Submissions hold float16 roundings: beyond float16's largest value a number is a bug, not an embedding. */
export const FLOAT16_MAX = 65504;

/**
 * Reads a submission into memory as vid -> Float32Array (float16 values are exact in float32). A value that is not
 * finite or beyond ±`maxAbs` (default float16's 65504), or a vid given twice, is an error naming the vid.
 */
export async function readSubmission(
  zipPath: string,
  options: ReadSubmissionOptions & { maxAbs?: number } = {},
): Promise<Map<string, Float32Array>> {
  const maxAbs = options.maxAbs ?? FLOAT16_MAX;
  const out = new Map<string, Float32Array>();
  await streamSubmission(
    zipPath,
    (vid, values) => {
      if (out.has(vid))
        throw new SpearmanEvalError(`vid ${vid} appears twice in result.json`, 'BAD_SUBMISSION', { vid });
      for (let i = 0; i < values.length; i++) {
        if (!(Math.abs(values[i]) <= maxAbs)) {
          const code = Number.isFinite(values[i]) ? 'BAD_SUBMISSION' : 'NON_FINITE';
          throw new SpearmanEvalError(
            `vid ${vid}: value ${i} is ${values[i]}, outside the finite range ±${maxAbs}`,
            code,
            { vid, index: i, value: values[i] },
          );
        }
      }
      out.set(vid, Float32Array.from(values));
    },
    options,
  );
  return out;
}
