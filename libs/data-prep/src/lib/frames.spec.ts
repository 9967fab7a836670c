import { frameIndices, packFrames } from './frames';
import { FRAME_DIM } from './official';

describe('frames', () => {
  it('keeps the first frames and pads by repeating the last', () => {
    expect(frameIndices(3, 5)).toEqual([0, 1, 2, 2, 2]);
    expect(frameIndices(7, 4)).toEqual([0, 1, 2, 3]);
    expect(frameIndices(0, 2)).toEqual([-1, -1]);
  });

  it('sub-samples uniformly when asked', () => {
    expect(frameIndices(8, 4, 'uniform')).toEqual([0, 2, 4, 6]);
    expect(frameIndices(10, 4, 'uniform')).toEqual([0, 2, 5, 7]);
    expect(frameIndices(2, 4, 'uniform')).toEqual([0, 1, 1, 1]);
  });

  it('packs frames and reports num_frames', () => {
    const f = [new Uint16Array(FRAME_DIM).fill(1), new Uint16Array(FRAME_DIM).fill(2)];
    const dest = new Uint16Array(3 * FRAME_DIM + 5).fill(9);
    expect(packFrames(f, dest, 5, 3)).toBe(2);
    expect([dest[4], dest[5], dest[5 + FRAME_DIM], dest[5 + 2 * FRAME_DIM], dest[dest.length - 1]]).toEqual([
      9, 1, 2, 2, 2,
    ]);
  });
});
