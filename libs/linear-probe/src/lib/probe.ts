import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomicSync } from '@vidsim/core';
import { CharTfidf, type CharTfidfState, type SparseVector } from '@vidsim/spearman-eval';
import { LinearProbeError } from './errors';

/** What the probe sees of a video: the mean of its frames, its title and its ASR text. */
export interface ProbeInput {
  meanFrame: ArrayLike<number>;
  title: string;
  asr: string;
}

/** The fitted probe as it is saved: the text vectorizers and the folded linear map. */
export interface LinearProbeState {
  frameDim: number;
  dims: number;
  title: CharTfidfState;
  asr: CharTfidfState;
  /** frame part [frameDim, dims], text part [title + asr n-grams, dims], offset [dims]. */
  frameMap: Float32Array;
  textMap: Float32Array;
  offset: Float32Array;
}

const FORMAT = 'vidsim-linear-probe/1';

/**
 * A linear tag probe used as an embedding: z = frame·A + tfidf(title ⊕ asr)·B + c, the reduced-rank ridge prediction
 * of a video's tags (see `fitLinearProbe`). Standardisation, the TF-IDF SVD and the rank reduction are folded into
 * A, B and c, so embedding a video costs one dense and one sparse product.
 */
export class LinearProbe {
  private readonly titleTfidf: CharTfidf;
  private readonly asrTfidf: CharTfidf;

  constructor(readonly state: LinearProbeState) {
    const { frameDim, dims } = state;
    this.titleTfidf = CharTfidf.fromState(state.title);
    this.asrTfidf = CharTfidf.fromState(state.asr);
    const textSize = this.titleTfidf.size + this.asrTfidf.size;
    const expect = (field: keyof LinearProbeState, got: number, want: number) => {
      if (got !== want)
        throw new LinearProbeError(`linear probe: ${field} has ${got} values, expected ${want}`, 'BAD_INPUT', {
          field,
        });
    };
    expect('frameMap', state.frameMap.length, frameDim * dims);
    expect('textMap', state.textMap.length, textSize * dims);
    expect('offset', state.offset.length, dims);
  }

  get dims(): number {
    return this.state.dims;
  }

  get frameDim(): number {
    return this.state.frameDim;
  }

  /** The probe's embedding [dims] of one video. */
  embed(video: ProbeInput): Float32Array {
    const { frameDim, dims, frameMap, textMap, offset } = this.state;
    if (video.meanFrame.length !== frameDim)
      throw new LinearProbeError(
        `linear probe: meanFrame has ${video.meanFrame.length} values, the probe was fitted on ${frameDim}`,
        'BAD_INPUT',
        { field: 'meanFrame' },
      );
    const z = Float64Array.from(offset);
    for (let d = 0; d < frameDim; d++) {
      const x = video.meanFrame[d];
      if (x === 0) continue;
      const row = d * dims;
      for (let j = 0; j < dims; j++) z[j] += x * frameMap[row + j];
    }
    const addSparse = (v: SparseVector, shift: number) => {
      for (let p = 0; p < v.indices.length; p++) {
        const row = (v.indices[p] + shift) * dims;
        const x = v.values[p];
        for (let j = 0; j < dims; j++) z[j] += x * textMap[row + j];
      }
    };
    addSparse(this.titleTfidf.transform(video.title), 0);
    addSparse(this.asrTfidf.transform(video.asr), this.titleTfidf.size);
    return Float32Array.from(z);
  }

  /** Writes `<file>` (JSON header) and `<file>.bin` (the float32 maps), each atomically; the header holds the binary's sha256. */
  save(file: string): void {
    const { frameMap, textMap, offset, ...rest } = this.state;
    const bin = Buffer.concat(
      [frameMap, textMap, offset].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
    );
    writeFileAtomicSync(file + '.bin', bin);
    const header = { format: FORMAT, ...rest, bytes: bin.length, sha256: sha256(bin) };
    writeFileAtomicSync(file, JSON.stringify(header) + '\n');
  }

  /** Reads what `save` wrote; a missing, truncated or altered file is a BAD_FILE error naming it. */
  static load(file: string): LinearProbe {
    const bad = (f: string, why: string, field?: string) =>
      new LinearProbeError(`linear probe ${f}: ${why}`, 'BAD_FILE', { file: f, ...(field ? { field } : {}) });
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw bad(file, `cannot read it as JSON (${(e as Error).message})`);
    }
    if (header.format !== FORMAT)
      throw bad(file, `format is ${JSON.stringify(header.format)}, expected ${FORMAT}`, 'format');
    const binFile = file + '.bin';
    if (!fs.existsSync(binFile)) throw bad(binFile, 'is missing');
    const bin = fs.readFileSync(binFile);
    if (bin.length !== header.bytes)
      throw bad(binFile, `has ${bin.length} bytes, the header says ${header.bytes}`, 'bytes');
    if (sha256(bin) !== header.sha256) throw bad(binFile, 'does not match the sha256 in its header', 'sha256');
    const frameDim = Number(header.frameDim);
    const dims = Number(header.dims);
    const title = header.title as CharTfidfState;
    const asr = header.asr as CharTfidfState;
    const floats = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length));
    const textRows = (title?.grams?.length ?? 0) + (asr?.grams?.length ?? 0);
    const sizes = [frameDim * dims, textRows * dims, dims];
    if (!(dims > 0 && frameDim > 0) || sizes.reduce((a, b) => a + b, 0) !== floats.length)
      throw bad(
        file,
        `frameDim ${frameDim}, dims ${dims} and ${textRows} n-grams do not match ${floats.length} floats`,
      );
    try {
      return new LinearProbe({
        frameDim,
        dims,
        title,
        asr,
        frameMap: floats.subarray(0, sizes[0]),
        textMap: floats.subarray(sizes[0], sizes[0] + sizes[1]),
        offset: floats.subarray(sizes[0] + sizes[1]),
      });
    } catch (e) {
      throw bad(file, (e as Error).message);
    }
  }
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export const LINEAR_PROBE_FILE = 'linear-probe.json';
export const linearProbePath = (dir: string) => path.join(dir, LINEAR_PROBE_FILE);
