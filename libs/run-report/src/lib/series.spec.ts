import { downsampleMean, median, strideIndices } from './series';

describe('series helpers', () => {
  it('downsampleMean averages consecutive runs (hand-computed)', () => {
    const pts = [1, 2, 3, 4, 5, 6, 7].map((x) => ({ x, y: x * 10 }));
    expect(downsampleMean(pts, 10)).toEqual({ points: pts, perPoint: 1 });
    const d = downsampleMean(pts, 3); // ceil(7 / 3) = 3 per point: [1,2,3], [4,5,6], [7]
    expect(d.perPoint).toBe(3);
    expect(d.points).toEqual([
      { x: 2, y: 20 },
      { x: 5, y: 50 },
      { x: 7, y: 70 },
    ]);
  });

  it('strideIndices and median', () => {
    expect(strideIndices(10, 4)).toEqual([0, 3, 6, 9]);
    expect(strideIndices(3, 10)).toEqual([0, 1, 2]);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
