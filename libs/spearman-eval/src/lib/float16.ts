// Submission values are rounded to float16 as every team did (numpy `.astype(np.float16).tolist()`).

/**
 * Float16 bits of a double, round-to-nearest-even directly from float64 (as numpy casts float64 -> float16; going
 * through float32 first could round twice). Overflow gives +-Infinity bits, NaN gives a quiet NaN.
 */
export function toFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) {
    // subnormal: integer multiples of 2^-24; m may round up to 1024 = the smallest normal's bits.
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  if (e > 15) return sign | 0x7c00;
  let m = roundHalfEven(a * 2 ** (10 - e)); // in [1024, 2048]
  if (m === 2048) {
    m = 1024;
    e++;
    if (e > 15) return sign | 0x7c00;
  }
  return sign | ((e + 15) << 10) | (m - 1024);
}

function roundHalfEven(r: number): number {
  const f = Math.floor(r);
  const d = r - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

let table: Float64Array | undefined;
let strings: string[] | undefined;

/** float16 bits -> value (65,536-entry table). */
export function float16Value(bits: number): number {
  if (!table) {
    table = new Float64Array(65536);
    for (let h = 0; h < 65536; h++) {
      const s = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      table[h] = exp === 0 ? s * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : s * Infinity) : s * (1 + frac / 1024) * 2 ** (exp - 15);
    }
  }
  return table[bits];
}

/** `x` rounded to the nearest float16, as a double. */
export function roundToFloat16(x: number): number {
  return float16Value(toFloat16Bits(x));
}

/**
 * JSON text of a float16 value, cached per bit pattern so writing 11M numbers costs a table lookup each. It is the
 * shortest string that reads back as the same double, so it parses to exactly the float16 value (as Python's repr).
 */
export function float16Json(bits: number): string {
  if (!strings) strings = new Array<string>(65536);
  let s = strings[bits];
  if (s === undefined) {
    const v = float16Value(bits);
    s = strings[bits] = Number.isFinite(v) ? (Object.is(v, -0) ? '-0.0' : String(v)) : String(v);
  }
  return s;
}
