import { charBowCosine, sharedCount, spearman } from './baselines';

describe('baselines', () => {
  it('spearman with ties matches scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505138', () => {
    // python: from scipy.stats import spearmanr; spearmanr([1,2,2,3],[1,3,2,4]).correlation
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 10);
  });

  it('spearman of a constant series is reported as 0, not NaN', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('char bag of words: "猫猫狗" vs "猫狗狗" = (2+2)/(sqrt5*sqrt5) = 0.8', () => {
    expect(charBowCosine('猫猫狗', '猫狗狗')).toBeCloseTo(0.8, 12);
    expect(charBowCosine('', '猫')).toBe(0);
  });

  it('shared tag count', () => {
    expect(sharedCount([5, 7, 9], [9, 1, 5])).toBe(2);
  });
});
