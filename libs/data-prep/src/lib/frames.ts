import { FRAME_DIM } from './official';

/** Frames kept per video, as the reference (`max_frames=32`). */
export const MAX_FRAMES = 32;

/** `first`: the reference's first-32 rule. `uniform`: the official baseline's even sub-sampling of longer videos. */
export type FrameSelection = 'first' | 'uniform';

/**
 * Indices of the frames to keep: `first` takes 0..max-1; `uniform` takes floor(i*n/max) when n > max.
 * Shorter videos are padded by repeating the last frame (`frames[min(i, n-1)]`), as the reference does.
 */
export function frameIndices(n: number, maxFrames = MAX_FRAMES, mode: FrameSelection = 'first'): number[] {
  const out: number[] = [];
  for (let i = 0; i < maxFrames; i++) {
    if (n === 0) out.push(-1);
    else if (n > maxFrames && mode === 'uniform') out.push(Math.floor((i * n) / maxFrames));
    else out.push(Math.min(i, n - 1));
  }
  return out;
}

/**
 * Writes a video's frames, selected and padded, into `dest` at `destOffset` (float16 bits, [maxFrames, FRAME_DIM]).
 * A video without frames is all zeros. Returns `num_frames` = min(n, maxFrames).
 */
export function packFrames(
  frames: Uint16Array[],
  dest: Uint16Array,
  destOffset: number,
  maxFrames = MAX_FRAMES,
  mode: FrameSelection = 'first',
): number {
  const idx = frameIndices(frames.length, maxFrames, mode);
  for (let i = 0; i < maxFrames; i++) {
    const at = destOffset + i * FRAME_DIM;
    if (idx[i] < 0) dest.fill(0, at, at + FRAME_DIM);
    else dest.set(frames[idx[i]], at);
  }
  return Math.min(frames.length, maxFrames);
}

let lut: Float32Array | undefined;

/** float16 bits -> float32 for all 65536 patterns (IEEE 754 binary16, subnormals, inf and NaN included). */
export function float16Lut(): Float32Array {
  if (lut) return lut;
  lut = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) lut[h] = sign * mant * 2 ** -24;
    else if (exp === 31) lut[h] = mant ? NaN : sign * Infinity;
    else lut[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return lut;
}

let lutBits: Uint32Array | undefined;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Converts float16 bits to float32 through the lookup table; `out` may be given to avoid an allocation.
 * Copies the table's bit patterns as integers, two halves per 32-bit load where aligned: about 1.5x the
 * speed of a float-to-float loop.
 */
export function halfToFloat32(bits: Uint16Array, out = new Float32Array(bits.length), outOffset = 0): Float32Array {
  const t = (lutBits ??= new Uint32Array(float16Lut().buffer));
  const dst = new Uint32Array(out.buffer, out.byteOffset + outOffset * 4, bits.length);
  const n = bits.length;
  let i = 0;
  if (LITTLE_ENDIAN && bits.byteOffset % 4 === 0) {
    const pairs = new Uint32Array(bits.buffer, bits.byteOffset, n >>> 1);
    for (let j = 0; j < pairs.length; j++) {
      const w = pairs[j];
      dst[2 * j] = t[w & 0xffff];
      dst[2 * j + 1] = t[w >>> 16];
    }
    i = pairs.length * 2;
  }
  for (; i < n; i++) dst[i] = t[bits[i]];
  return out;
}
