import { float16BitsToFloat32, float32ToFloat16Bits } from '@vidsim/core';
import { bfloat16BitsToFloat32, float32ToBfloat16Bits } from './half';

// Expected bit patterns from the IEEE 754 binary16 definition (and the bfloat16 truncated-float32 layout).
describe('float16', () => {
  const cases: Array<[number, number]> = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [2 ** -14, 0x0400],
    [2 ** -24, 0x0001],
    [0.333251953125, 0x3555],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
  ];
  it.each(cases)('%p <-> 0x%s', (value, bits) => {
    expect(float32ToFloat16Bits([value])[0]).toBe(bits);
    expect(Object.is(float16BitsToFloat32(new Uint16Array([bits]))[0], value)).toBe(true);
  });

  it('rounds to nearest, ties to even, and overflows to infinity', () => {
    expect(float32ToFloat16Bits([1 + 2 ** -11])[0]).toBe(0x3c00); // tie -> even (down)
    expect(float32ToFloat16Bits([1 + 3 * 2 ** -11])[0]).toBe(0x3c02); // tie -> even (up)
    expect(float32ToFloat16Bits([1 + 2 ** -11 + 2 ** -20])[0]).toBe(0x3c01); // above the tie
    expect(float32ToFloat16Bits([65520])[0]).toBe(0x7c00); // halfway to 2^16 rounds to Inf
    expect(float32ToFloat16Bits([3 * 2 ** -26])[0]).toBe(0x0001); // 0.75 ulp of the smallest subnormal
    expect(float32ToFloat16Bits([2 ** -26])[0]).toBe(0x0000);
    expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits([NaN]))[0])).toBe(true);
  });

  it('round-trips every finite float16 exactly', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const back = float32ToFloat16Bits(float16BitsToFloat32(all));
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (!isNaN && back[h] !== h) throw new Error(`0x${h.toString(16)} came back as 0x${back[h].toString(16)}`);
    }
  });
});

describe('bfloat16', () => {
  it('keeps the top 16 bits of float32 with round-to-nearest-even', () => {
    expect(Array.from(float32ToBfloat16Bits([1, -2, 3.140625]))).toEqual([0x3f80, 0xc000, 0x4049]);
    expect(float32ToBfloat16Bits([1 + 2 ** -8])[0]).toBe(0x3f80); // tie -> even
    expect(float32ToBfloat16Bits([1 + 3 * 2 ** -8])[0]).toBe(0x3f82);
    expect(Array.from(bfloat16BitsToFloat32(new Uint16Array([0x3f80, 0x4049])))).toEqual([1, 3.140625]);
  });
});
