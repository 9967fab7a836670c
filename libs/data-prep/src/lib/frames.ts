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
