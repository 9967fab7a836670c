// Submission values are rounded to float16 as every team did (numpy `.astype(np.float16).tolist()`).

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: the high word is second
const LO = 1 - HI;

/**
 * Float16 bits of a double, round-to-nearest-even directly from float64 (as numpy casts float64 -> float16; going
 * through float32 first could round twice). Overflow gives +-Infinity bits, NaN gives a quiet NaN.
 */
export function toFloat16Bits(x: number): number {
  f64[0] = x;
  const hi = u32[HI];
  const e = ((hi >>> 20) & 0x7ff) - 1023;
  if (e >= -14 && e <= 15) {
    // Normal in float16: keep the top 10 of the 52 mantissa bits, round half to even on the 42 dropped ones. A
    // carry out of the mantissa moves into the exponent, and past e = 15 it lands exactly on the Infinity bits.
    const sign = (hi >>> 16) & 0x8000;
    let h = ((e + 15) << 10) | ((hi >>> 10) & 0x3ff);
    if (hi & 0x200 && (hi & 0x1ff || u32[LO] || h & 1)) h++;
    return sign | h;
  }
  return toFloat16BitsSlow(x);
}

function toFloat16BitsSlow(x: number): number {
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

/** Longest float16 JSON text: '-0.0000010132789611816406' (25 bytes). */
export const FLOAT16_JSON_STRIDE = 32;
let textBytes: Uint8Array | undefined;
let textLengths: Uint8Array | undefined;

/**
 * The float16 JSON texts as ASCII bytes, `FLOAT16_JSON_STRIDE` apart, with their lengths (0 = not filled yet; see
 * `float16JsonFill`): the writer copies bytes instead of building strings.
 */
export function float16JsonTable(): { bytes: Uint8Array; lengths: Uint8Array } {
  textBytes ??= new Uint8Array(65536 * FLOAT16_JSON_STRIDE);
  textLengths ??= new Uint8Array(65536);
  return { bytes: textBytes, lengths: textLengths };
}

/** Fills the table entry of `bits` and returns its length. */
export function float16JsonFill(bits: number): number {
  const { bytes, lengths } = float16JsonTable();
  const s = float16Json(bits);
  for (let i = 0; i < s.length; i++) bytes[bits * FLOAT16_JSON_STRIDE + i] = s.charCodeAt(i);
  return (lengths[bits] = s.length);
}
