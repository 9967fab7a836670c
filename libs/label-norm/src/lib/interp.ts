/**
 * `numpy.interp(x, xp, fp)` for non-decreasing `xp`, including its behaviour on tied `xp` (which numpy calls
 * undefined but is deterministic): it uses the last `j` with `xp[j] <= x`, returns `fp[j]` when `xp[j] == x`, and
 * clamps to `fp[0]` / `fp[last]` outside the range. QuantileTransformer relies on exactly this for tied quantiles.
 */
export function npInterp(x: number, xp: Float64Array, fp: Float64Array): number {
  const n = xp.length;
  if (Number.isNaN(x)) return NaN;
  if (x > xp[n - 1]) return fp[n - 1];
  if (x < xp[0]) return fp[0];
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x >= xp[mid]) lo = mid + 1;
    else hi = mid;
  }
  const j = lo - 1;
  if (j === n - 1 || xp[j] === x) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  let y = slope * (x - xp[j]) + fp[j];
  if (Number.isNaN(y)) {
    y = slope * (x - xp[j + 1]) + fp[j + 1];
    if (Number.isNaN(y) && fp[j] === fp[j + 1]) y = fp[j];
  }
  return y;
}

/**
 * `numpy.percentile(sorted, refs * 100)` with the default 'linear' method on an ascending array, reproducing
 * numpy's arithmetic (q*100/100, virtual index (n-1)*q, and its two-sided lerp) so results agree bit for bit.
 */
export function npPercentilesOfSorted(sorted: Float64Array, refs: Float64Array): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(refs.length);
  for (let i = 0; i < refs.length; i++) {
    const q = (refs[i] * 100) / 100;
    const virtual = (n - 1) * q;
    let prev = Math.floor(virtual);
    let next = prev + 1;
    const gamma = virtual - prev;
    if (prev > n - 1) prev = n - 1;
    if (next > n - 1) next = n - 1;
    if (virtual < 0) prev = next = 0;
    const a = sorted[prev];
    const b = sorted[next];
    const diff = b - a;
    out[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
  return out;
}

/** `numpy.linspace(0, 1, n)`: i * (1 / (n - 1)), with the last point set to exactly 1. */
export function npLinspace01(n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) return out;
  const step = 1 / (n - 1);
  for (let i = 0; i < n; i++) out[i] = i * step;
  out[n - 1] = 1;
  return out;
}
