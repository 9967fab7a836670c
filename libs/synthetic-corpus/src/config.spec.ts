import { presetConfig } from './config';
import { SyntheticCorpusError } from './errors';

const codeOf = (f: () => unknown): SyntheticCorpusError => {
  try {
    f();
  } catch (e) {
    if (e instanceof SyntheticCorpusError) return e;
  }
  throw new Error('expected a SyntheticCorpusError');
};

describe('presetConfig', () => {
  it('unknown preset -> UNKNOWN_PRESET naming the choices', () => {
    const e = codeOf(() => presetConfig('huge'));
    expect(e.code).toBe('UNKNOWN_PRESET');
    expect(e.message).toMatch(/tiny, demo, full, got "huge"/);
  });

  it('bad override -> BAD_CONFIG with the field', () => {
    const e = codeOf(() => presetConfig('tiny', { seed: -1 }));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.context.field).toBe('seed');
    expect(codeOf(() => presetConfig('tiny', { pointwiseShards: 1000 })).context.field).toBe('pointwiseShards');
  });

  it('full preset has the official sizes', () => {
    const c = presetConfig('full');
    expect([c.pointwiseVideos, c.pairwiseVideos, c.tagVocab, c.pointwiseShards]).toEqual([
      1_000_000, 63_613, 62_880, 20,
    ]);
  });
});
