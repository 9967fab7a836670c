import type { VideoSet } from '@vidsim/data-prep';

/** Mean of the first num_frames stored frames of each row (the store keeps at most maxFrames). */
export async function meanFrames(set: VideoSet, rows: number[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const F = set.frames.frameDim;
  const T = set.frames.framesPerVideo;
  for (let i = 0; i < rows.length; i += 64) {
    const chunk = rows.slice(i, i + 64);
    const frames = await set.frames.read(chunk.map((r) => set.locations[r]));
    chunk.forEach((r, k) => {
      const n = Math.max(1, Math.min(T, set.numFrames[r]));
      const mean = new Float32Array(F);
      for (let t = 0; t < n; t++) {
        const off = (k * T + t) * F;
        for (let d = 0; d < F; d++) mean[d] += frames[off + d];
      }
      for (let d = 0; d < F; d++) mean[d] /= n;
      out.push(mean);
    });
  }
  return out;
}

/** `max` rows evenly strided over `n` (all of them when n <= max). */
export function strideRows(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}
