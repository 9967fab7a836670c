/** Helpers that turn logs into chart rows small enough for an inline SVG. */

export interface XY {
  x: number;
  y: number;
}

/**
 * At most `max` points: consecutive runs of points are replaced by their mean (x and y), so a 100k-step loss
 * curve stays a few hundred path vertices and still shows the trend.
 */
export function downsampleMean(points: XY[], max: number): { points: XY[]; perPoint: number } {
  if (points.length <= max) return { points, perPoint: 1 };
  const perPoint = Math.ceil(points.length / max);
  const out: XY[] = [];
  for (let i = 0; i < points.length; i += perPoint) {
    const end = Math.min(points.length, i + perPoint);
    let sx = 0,
      sy = 0;
    for (let j = i; j < end; j++) {
      sx += points[j].x;
      sy += points[j].y;
    }
    out.push({ x: sx / (end - i), y: sy / (end - i) });
  }
  return { points: out, perPoint };
}

/** Every `ceil(n / max)`-th index: a deterministic subsample that keeps the order. */
export function strideIndices(n: number, max: number): number[] {
  const stride = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  return out;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Deterministic jitter in [-w, w] from an index, so discrete labels spread without a random seed. */
export function jitter(i: number, w: number): number {
  const h = Math.sin((i + 1) * 12.9898) * 43758.5453;
  return (h - Math.floor(h) - 0.5) * 2 * w;
}
