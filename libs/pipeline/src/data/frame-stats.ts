import type { VideoSet } from '@vidsim/data-prep';

/** The smallest std a frame dimension is given, as a share of the mean std over dimensions. */
export const MIN_STD_SHARE = 0.01;

export interface FrameStats {
  mean: Float32Array; // [F]
  std: Float32Array; // [F], floored at MIN_STD_SHARE of the mean std
  frames: number; // how many frames the statistics saw
}

/**
 * Per-dimension mean and standard deviation of the valid frames (the first numFrames of each video) of a
 * training set, for the tower's frameNorm. At most `maxVideos` videos, evenly spaced over the set, so the cost
 * stays a few seconds on any corpus (2000 videos x 32 frames already pin each dimension's moments down).
 */
export async function fitFrameStats(
  set: VideoSet,
  options: { maxVideos?: number; batchSize?: number } = {},
): Promise<FrameStats> {
  const { maxVideos = 2000, batchSize = 128 } = options;
  const F = set.frames.frameDim,
    T = set.frames.framesPerVideo;
  const stride = Math.max(1, set.size / maxVideos);
  const rows: number[] = [];
  for (let x = 0; Math.floor(x) < set.size; x += stride) rows.push(Math.floor(x));
  const sum = new Float64Array(F),
    sumSq = new Float64Array(F);
  let n = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const part = rows.slice(i, i + batchSize);
    const frames = await set.frames.read(part.map((r) => set.locations[r]));
    part.forEach((r, b) => {
      for (let t = 0; t < Math.min(set.numFrames[r], T); t++) {
        const o = (b * T + t) * F;
        for (let d = 0; d < F; d++) {
          const v = frames[o + d];
          sum[d] += v;
          sumSq[d] += v * v;
        }
        n++;
      }
    });
  }
  if (n === 0) throw new Error(`fitFrameStats: set '${set.name}' has no valid frame to fit the frame statistics on`);
  const mean = Float32Array.from(sum, (s) => s / n);
  const std = Float32Array.from(sumSq, (s, d) => Math.sqrt(Math.max(s / n - mean[d] * mean[d], 0)));
  // a dimension (nearly) constant in training must not be blown up by 1/std: a test video that varies there (an
  // intro frame, a colour look) would reach the tower at 1e6 times its scale. Floor each std at 1 % of the typical one.
  const typical = std.reduce((s, v) => s + v, 0) / F;
  const floor = Math.max(1e-6, MIN_STD_SHARE * typical);
  return { mean, std: std.map((v) => Math.max(v, floor)), frames: n };
}
