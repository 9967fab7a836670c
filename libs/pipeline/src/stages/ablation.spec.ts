import { resolveRunConfig } from '@vidsim/run-config';
import { rowConfig, type AblationRowSpec } from './ablation';

const base = resolveRunConfig({
  preset: 'tiny',
  name: 'base-run',
  pointwise: { epochs: 2 },
  model: { overrides: { useSe: false } },
});
const row = (overrides: AblationRowSpec['overrides']): AblationRowSpec => ({
  row: 'r',
  description: 'test row',
  reference: { pointwise: null, pairwise: null },
  overrides,
});

describe('ablation rowConfig', () => {
  it('applies pointwise and features overrides (they were silently dropped) and keeps the rest of the section', () => {
    const c = rowConfig(base, row({ pointwise: { epochs: 5 }, features: { wordLength: 20 } }));
    expect(c.pointwise.epochs).toBe(5);
    expect(c.pointwise.batchSize).toBe(base.pointwise.batchSize);
    expect(c.features.wordLength).toBe(20);
    expect(c.features.titleLength).toBe(base.features.titleLength);
  });

  it("merges model overrides over the base run's, names the row's run and never trains the all-pairs model", () => {
    const c = rowConfig(base, row({ model: { overrides: { useMerge: false } }, pairwise: { labelNorm: 'thres' } }));
    expect(c.name).toBe('base-run-ablation-r');
    expect(c.model.preset).toBe(base.model.preset);
    expect(c.model.overrides).toEqual({ ...base.model.overrides, useMerge: false });
    expect(c.pairwise.labelNorm).toBe('thres');
    expect(c.pairwise.trainAll).toBe(false);
    expect(c.pairwise.folds).toEqual(base.pairwise.folds);
  });

  it('leaves the base config untouched', () => {
    const before = JSON.stringify(base);
    rowConfig(base, row({ pointwise: { epochs: 9 }, model: { overrides: { vladGroups: 8 } } }));
    expect(JSON.stringify(base)).toBe(before);
  });
});
