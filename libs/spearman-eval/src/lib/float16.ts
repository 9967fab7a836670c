// Submission values are rounded to float16 as every team did (numpy `.astype(np.float16).tolist()`); the codec
// itself is @vidsim/core's, this file turns its values into JSON text fast.
import { float16Value } from '@vidsim/core';

let strings: string[] | undefined;

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
