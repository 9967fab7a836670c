import { videoId } from './ids';

describe('videoId', () => {
  it('19-digit decimal strings below 9.0e18, distinct over 50k indices, fixed by the seed', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const id = videoId(7, i);
      expect(id).toMatch(/^[1-9][0-9]{18}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(50_000);
    expect([...seen].every((id) => BigInt(id) < 9_000_000_000_000_000_000n)).toBe(true);
    expect(videoId(7, 123)).toBe(videoId(7, 123));
    expect(videoId(8, 123)).not.toBe(videoId(7, 123));
  });
});
