import * as fs from 'fs';
import { Unzip, UnzipInflate } from 'fflate';
import { SpearmanEvalError } from './errors';
import { JsonVectorParser } from './json-vectors';

export interface StreamSubmissionResult {
  vids: number;
  /** Every member name in the zip, in order. */
  members: string[];
}

/**
 * Streams `result.json` out of a submission zip, calling `onVector` once per vid; `values` is a view that is reused
 * for the next vid, so copy it to keep it. Memory stays flat: neither the zip nor the JSON is held whole.
 */
export async function streamSubmission(
  zipPath: string,
  onVector: (vid: string, values: Float64Array) => void,
  options: { member?: string } = {},
): Promise<StreamSubmissionResult> {
  const member = options.member ?? 'result.json';
  const members: string[] = [];
  let vids = 0;
  const parser = new JsonVectorParser((vid, values) => {
    vids++;
    onVector(vid, values);
  });
  let found = false;
  let ended = false;
  let failure: unknown = null;
  const unzip = new Unzip((file) => {
    members.push(file.name);
    if (file.name !== member || found) return;
    found = true;
    file.ondata = (err, data, final) => {
      if (failure) return;
      try {
        if (err) throw new SpearmanEvalError(`${zipPath}: cannot inflate ${member}: ${err.message}`, 'BAD_SUBMISSION', { file: zipPath });
        parser.push(data);
        if (final) {
          parser.end();
          ended = true;
        }
      } catch (e) {
        failure = e;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of fs.createReadStream(zipPath, { highWaterMark: 1 << 20 })) {
    unzip.push(chunk as Buffer);
    if (failure) throw failure;
  }
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  if (!found) {
    const hint = members.find((m) => m.endsWith('/' + member));
    throw new SpearmanEvalError(
      `${zipPath}: no ${member} at the zip root${hint ? ` (found ${hint}; it must be at the root)` : ''}; members: ${JSON.stringify(members.slice(0, 10))}`,
      'BAD_SUBMISSION',
      { file: zipPath, members },
    );
  }
  if (!ended) throw new SpearmanEvalError(`${zipPath}: ${member} is truncated`, 'BAD_SUBMISSION', { file: zipPath });
  return { vids, members };
}

/** Reads a submission into memory as vid -> Float32Array (float16 values are exact in float32). */
export async function readSubmission(zipPath: string, options: { member?: string } = {}): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  await streamSubmission(zipPath, (vid, values) => out.set(vid, Float32Array.from(values)), options);
  return out;
}
