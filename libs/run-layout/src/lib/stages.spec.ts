import { foldOf, foldStages, parseFold, stageDirs, STAGES } from './stages';
import { RunLayout } from './run-layout';

describe('the run layout', () => {
  it('expands pairwise into the folds of the fold count and all', () => {
    expect(stageDirs(3)).toEqual([
      'corpus',
      'prepare',
      'features',
      'pretrain',
      'pointwise',
      'pairwise-0',
      'pairwise-1',
      'pairwise-2',
      'pairwise-all',
      'submit',
      'eval',
    ]);
    expect(foldStages(6)).toHaveLength(6);
    expect(() => foldStages(0)).toThrow(/positive integer, got 0/);
    expect(STAGES.indexOf('prepare')).toBe(1);
  });

  it('parses folds against the fold count', () => {
    expect(parseFold('all', 5)).toBe('all');
    expect(parseFold('5', 6)).toBe(5);
    expect(parseFold('5', 5)).toBe("--fold must be 0..4 or all, got '5'");
    expect(parseFold('-1', 5)).toMatch(/got '-1'/);
    expect(parseFold('1.5', 5)).toMatch(/got '1.5'/);
    expect(parseFold(undefined, 5)).toMatch(/got ''/);
    expect(foldOf('pairwise-12')).toBe(12);
    expect(foldOf('pairwise-all')).toBe('all');
    expect(foldOf('pointwise')).toBeUndefined();
  });

  it('places the data stages of an ablation row under its base run', () => {
    const l = new RunLayout('art', 'demo-ablation-nowords', 'demo');
    expect(l.dir('prepare')).toBe('art/demo/prepare');
    expect(l.dir('pointwise')).toBe('art/demo-ablation-nowords/pointwise');
    expect(l.stageFile('pairwise-2')).toBe('art/demo-ablation-nowords/pairwise-2/stage.json');
    expect(l.lockFile('pairwise-2')).toBe('art/demo-ablation-nowords/.locks/pairwise-2.lock');
  });
});
