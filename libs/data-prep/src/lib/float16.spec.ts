import { float16BitsToFloat32, float32ToFloat16Bits } from './float16';

// Expected bits from IEEE 754 binary16 by hand; the same as numpy: np.array([x], np.float16).view(np.uint16)
const CASES: [number, number][] = [
  [0, 0x0000],
  [1, 0x3c00],
  [-2, 0xc000],
  [0.5, 0x3800],
  [65504, 0x7bff],
  [1e6, 0x7c00], // overflow -> +inf
  [0.1, 0x2e66], // 0.0999755859375
  [2 ** -24, 0x0001], // smallest subnormal
  [2 ** -14, 0x0400], // smallest normal
  [1 + 2 ** -11, 0x3c00], // exact tie between 1 and 1+2^-10: rounds to even (1)
  [1 + 3 * 2 ** -11, 0x3c02], // tie between 0x3c01 and 0x3c02: to even
];

describe('float16', () => {
  it.each(CASES)('float32ToFloat16Bits(%p) = %p', (x, bits) => {
    expect(float32ToFloat16Bits(x)).toBe(bits);
  });

  it('bits -> value: 0x3c00 = 1, 0x2e66 = 0.0999755859375, 0x0001 = 2^-24, 0xfc00 = -inf', () => {
    expect(float16BitsToFloat32(0x3c00)).toBe(1);
    expect(float16BitsToFloat32(0x2e66)).toBe(0.0999755859375);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0xfc00)).toBe(-Infinity);
  });

  it('every finite half survives value -> bits -> value', () => {
    for (let h = 0; h < 0x7c00; h += 7) expect(float32ToFloat16Bits(float16BitsToFloat32(h))).toBe(h);
  });
});
