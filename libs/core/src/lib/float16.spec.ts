import { float16BitsToFloat32, float16Value, float32ToFloat16Bits, roundToFloat16, toFloat16Bits } from './float16';

// Bit patterns from the IEEE 754 binary16 definition (sign | 5-bit exponent biased by 15 | 10-bit fraction).
describe('float16', () => {
  it('encodes hand-computed cases with round-half-even', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff); // largest finite
    expect(toFloat16Bits(65520)).toBe(0x7c00); // halfway to 2^16 rounds to even = Infinity
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(2 ** -26)).toBe(0x0000); // below half of it: zero
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(0.1)).toBe(0x2e66);
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie -> even
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie -> even (up)
    expect(toFloat16Bits(NaN)).toBe(0x7e00);
    expect(toFloat16Bits(-Infinity)).toBe(0xfc00);
  });

  it('rounds once from a double (through float32 it would round twice)', () => {
    // float32(1 + 2^-11 + 2^-40) = 1 + 2^-11, a tie that goes to 1.0; the double itself is above the tie.
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -40)).toBe(0x3c01);
  });

  it('decodes every pattern back to itself', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const values = float16BitsToFloat32(all);
    for (let h = 0; h < 65536; h++) {
      const exp = (h >>> 10) & 0x1f;
      if (exp === 31 && h & 0x3ff) expect(Number.isNaN(values[h])).toBe(true);
      else expect(toFloat16Bits(values[h])).toBe(h);
    }
    expect(float16Value(0x3555)).toBe(0.333251953125);
    expect(roundToFloat16(0.1)).toBe(0.0999755859375);
  });

  it('decodes published IEEE binary16 values', () => {
    const bits = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x0400, 0x7c00, 0xfc00, 0x8000, 0x7e00]);
    const f = float16BitsToFloat32(bits);
    expect(Array.from(f.subarray(0, 9))).toEqual([
      1,
      -2,
      0.333251953125,
      65504,
      5.960464477539063e-8,
      6.103515625e-5,
      Infinity,
      -Infinity,
      -0,
    ]);
    expect(Number.isNaN(f[9])).toBe(true);
  });

  it('fills an output array at an offset, odd lengths and unaligned inputs included', () => {
    const bits = float32ToFloat16Bits([1, -2, 0.5]);
    const out = new Float32Array(5);
    float16BitsToFloat32(bits, out, 1);
    expect(Array.from(out)).toEqual([0, 1, -2, 0.5, 0]);
    const unaligned = new Uint16Array(new Uint16Array([0, 0x3c00, 0xc000, 0x3800]).buffer, 2, 3);
    expect(Array.from(float16BitsToFloat32(unaligned))).toEqual([1, -2, 0.5]);
  });
});
