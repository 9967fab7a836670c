// IEEE 754 binary16 ("half"): how frames, checkpoints and submission values are stored. One encoder (from a double,
// rounding once, as numpy's astype(float16)) and one 64K-entry decode table serve every lib.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0; // the high word of a double
const LO = 1 - HI;

/**
 * Float16 bits of `x`, round-to-nearest-even directly from float64 (as numpy casts float64 -> float16; going through
 * float32 first could round twice). Overflow gives +-Infinity bits, NaN a quiet NaN, underflow a signed zero.
 * A float32 input is exactly a double, so this is also the correct float32 -> float16 rounding.
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

/** `toFloat16Bits` over an array; `out` may be given to avoid an allocation. */
export function float32ToFloat16Bits(values: ArrayLike<number>, out = new Uint16Array(values.length)): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]);
  return out;
}

let table: Float32Array | undefined;

/** float16 bits -> value for all 65536 patterns (subnormals, infinities and NaN included; exact in float32). */
export function float16Table(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) table[h] = sign * mant * 2 ** -24;
    else if (exp === 31) table[h] = mant ? NaN : sign * Infinity;
    else table[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return table;
}

/** The value of one float16 bit pattern. */
export function float16Value(bits: number): number {
  return float16Table()[bits & 0xffff];
}

/** `x` rounded to the nearest float16, as a number. */
export function roundToFloat16(x: number): number {
  return float16Value(toFloat16Bits(x));
}

let tableBits: Uint32Array | undefined;

/**
 * float16 bits -> float32 through the table; `out` (from `outOffset`) may be given to avoid an allocation. Copies
 * the table's bit patterns as integers, two halves per 32-bit load where aligned: about 1.5x the speed of a
 * float-to-float loop.
 */
export function float16BitsToFloat32(
  bits: Uint16Array,
  out = new Float32Array(bits.length),
  outOffset = 0,
): Float32Array {
  const t = (tableBits ??= new Uint32Array(float16Table().buffer));
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
