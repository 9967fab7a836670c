import { float16Value, roundToFloat16, toFloat16Bits } from '@vidsim/core';
import { float16Json } from './float16';

// numpy 2.4.6: np.array(xs, dtype=np.float64).astype(np.float16).view(np.uint16) and json.dumps(h.tolist())
const XS = [
  0.1,
  -0.1,
  1 / 3,
  65504.0,
  65519.99,
  65520.0,
  1e-8,
  2 ** -25,
  3 * 2 ** -25,
  2 ** -24 * 1.5,
  2 ** -14 * (1 - 2 ** -11),
  1 + 2 ** -11,
  1 + 3 * 2 ** -11,
  0.333333343267,
  1e-5,
  -2.5e-6,
  5.960464477539063e-8,
];
const BITS = [11878, 44646, 13653, 31743, 31743, 31744, 0, 0, 2, 2, 1024, 15360, 15362, 13653, 168, 32810, 1];
const VALUES = [
  0.0999755859375,
  -0.0999755859375,
  0.333251953125,
  65504.0,
  65504.0,
  Infinity,
  0.0,
  0.0,
  1.1920928955078125e-7,
  1.1920928955078125e-7,
  6.103515625e-5,
  1.0,
  1.001953125,
  0.333251953125,
  1.0013580322265625e-5,
  -2.5033950805664062e-6,
  5.960464477539063e-8,
];

describe('float16 rounding (numpy astype(float16))', () => {
  it('bits match numpy for normals, ties-to-even, subnormals, overflow', () => {
    expect(XS.map(toFloat16Bits)).toEqual(BITS);
    expect(XS.map(roundToFloat16)).toEqual(VALUES);
  });

  it('every finite float16 survives value -> bits -> JSON text -> Number unchanged', () => {
    for (let h = 0; h < 65536; h++) {
      const v = float16Value(h);
      if (!Number.isFinite(v)) continue;
      if (toFloat16Bits(v) !== h) throw new Error(`bits ${h}: value ${v} re-encodes to ${toFloat16Bits(v)}`);
      if (Number(float16Json(h)) !== v)
        throw new Error(`bits ${h}: text ${float16Json(h)} reads back as ${Number(float16Json(h))}`);
    }
  });
});
