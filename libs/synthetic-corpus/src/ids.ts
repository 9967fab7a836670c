const MASK62 = (1n << 62n) - 1n;
const BASE = 1_000_000_000_000_000_000n; // 1e18: every id has exactly 19 decimal digits

/**
 * The 19-digit decimal id of video number `index` for `seed`. A bijection on 62 bits (xor with a
 * seed key, odd multiplications and xor-shifts, all invertible mod 2^62), so ids never collide;
 * the range [1e18, 1e18 + 2^62) stays below 9.0e18 like the official ids.
 */
export function videoId(seed: number, index: number): string {
  let x = (BigInt(index) ^ seedKey(seed)) & MASK62;
  x = (x * 0x9e3779b97f4a7c15n) & MASK62;
  x ^= x >> 29n;
  x = (x * 0xbf58476d1ce4e5b9n) & MASK62;
  x ^= x >> 31n;
  x = (x * 0x94d049bb133111ebn) & MASK62;
  x ^= x >> 30n;
  return (BASE + x).toString();
}

function seedKey(seed: number): bigint {
  let k = BigInt(Math.floor(Math.abs(seed))) + 0x2545f4914f6cdd1dn;
  k = (k * 0xd6e8feb86659fd93n) & MASK62;
  return k ^ (k >> 32n);
}
