import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadRunArg, loadRunConfig, resolveRunConfig, runFileOf, stageSections } from './index';

describe('run config', () => {
  it('defaults to the reference solution (reference-solution.md §2.1, §3.2, §4, §5.3)', () => {
    const c = resolveRunConfig({ preset: 'reference' });
    expect(c.seed).toBe(1024);
    expect([
      c.pointwise.batchSize,
      c.pointwise.lrHead,
      c.pointwise.lrBert,
      c.pointwise.epochs,
      c.pointwise.decayEpochs,
    ]).toEqual([512, 5e-4, 3e-5, 5, 1]);
    expect([c.pairwise.batchSize, c.pairwise.epochs, c.pairwise.labelNorm, c.pairwise.sampleWeights]).toEqual([
      256,
      5,
      'bin',
      true,
    ]);
    expect([
      c.pretrain.epochs,
      c.pretrain.batchSize,
      c.pretrain.lr,
      c.pretrain.endLr,
      c.pretrain.maskProbability,
    ]).toEqual([10, 1024, 5e-5, 1e-6, 0.15]);
    expect([
      c.features.titleLength,
      c.features.titleTail,
      c.features.wordLength,
      c.features.maxTags,
      c.features.w2vWindow,
    ]).toEqual([40, 10, 26, 29, 32]);
    expect(c.model.preset).toBe('model2');
    expect(c.prepare.foldScheme).toBe('strict');
  });

  it('pairwise.holdoutShare: 0 (no early stopping) in the reference, validated to [0, 0.5]', () => {
    expect(resolveRunConfig({ preset: 'reference' }).pairwise.holdoutShare).toBe(0);
    expect(resolveRunConfig({ preset: 'demo', pairwise: { holdoutShare: 0.2 } }).pairwise.holdoutShare).toBe(0.2);
    expect(() => resolveRunConfig({ preset: 'demo', pairwise: { holdoutShare: 0.7 } })).toThrow(
      /pairwise.holdoutShare must be in \[0, 0.5\], got 0.7/,
    );
  });

  it('demo/tiny carry the issue-13 recipe; a run file model override adds to it; reference keeps the reference values', () => {
    const demo = resolveRunConfig({ preset: 'demo' });
    expect(demo.model.overrides).toMatchObject({
      frameNorm: true,
      tagLoss: 'fullSoftmax',
      hiddenSize: 128,
      embeddingCentre: true,
      embeddingWhiten: true,
    });
    expect([demo.pretrain.enabled, demo.pointwise.epochs, demo.pairwise.loss, demo.pairwise.holdoutShare]).toEqual([
      false,
      5,
      'correlation',
      0.2,
    ]);
    expect(resolveRunConfig({ preset: 'tiny' }).model.overrides).toEqual(demo.model.overrides);
    const ablated = resolveRunConfig({ preset: 'demo', model: { overrides: { useSe: true } } });
    expect(ablated.model.overrides).toEqual({ ...demo.model.overrides, useSe: true });
    const ref = resolveRunConfig({ preset: 'reference' });
    expect([ref.model.overrides, ref.pretrain.enabled, ref.pairwise.loss, ref.pairwise.holdoutShare]).toEqual([
      {},
      true,
      'mse',
      0,
    ]);
  });

  it('stacks the linear probe in demo and tiny only, and refuses stacking without a probe', () => {
    const pick = (preset: 'reference' | 'demo' | 'tiny') => {
      const c = resolveRunConfig({ preset });
      return [c.pointwise.probeDims, c.pairwise.stackProbe];
    };
    expect([pick('reference'), pick('demo'), pick('tiny')]).toEqual([
      [0, false],
      [128, true],
      [128, true],
    ]);
    expect(() => resolveRunConfig({ preset: 'demo', pointwise: { probeDims: 0 } })).toThrow(
      /pairwise.stackProbe needs the linear probe: set pointwise.probeDims above 0/,
    );
    expect(
      resolveRunConfig({ preset: 'demo', pointwise: { probeDims: 0 }, pairwise: { stackProbe: false } }).pairwise,
    ).toMatchObject({ stackProbe: false });
  });

  it('trains on the pairwise videos in demo and tiny only (reference: the pointwise set, as its code does)', () => {
    expect(
      (['reference', 'demo', 'tiny'] as const).map(
        (preset) => resolveRunConfig({ preset }).pointwise.withPairwiseVideos,
      ),
    ).toEqual([false, true, true]);
    expect(() => resolveRunConfig({ preset: 'demo', pointwise: { withPairwiseVideos: 'yes' as never } })).toThrow(
      /pointwise.withPairwiseVideos/,
    );
  });

  it('applies deep overrides and keeps the rest of the preset', () => {
    const c = resolveRunConfig({ preset: 'demo', name: 'mine', pairwise: { labelNorm: 'rank' } });
    expect(c.name).toBe('mine');
    expect(c.pairwise.labelNorm).toBe('rank');
    expect(c.pairwise.folds).toEqual([0, 1, 2, 3, 4]);
    expect(c.corpus).toEqual({ source: 'synthetic', preset: 'demo', seed: 1024, style: 'realistic' });
  });

  it('synthetic corpus style: realistic by default (also for run files written before styles), classic on request', () => {
    expect(resolveRunConfig({ preset: 'tiny' }).corpus).toEqual({
      source: 'synthetic',
      preset: 'tiny',
      seed: 1024,
      style: 'realistic',
    });
    const old = resolveRunConfig({ preset: 'demo', corpus: { source: 'synthetic', preset: 'demo', seed: 5 } as never });
    expect(old.corpus).toEqual({ source: 'synthetic', preset: 'demo', seed: 5, style: 'realistic' });
    expect(
      resolveRunConfig({ preset: 'demo', corpus: { source: 'synthetic', preset: 'demo', seed: 5, style: 'classic' } })
        .corpus,
    ).toMatchObject({ style: 'classic' });
    expect(() =>
      resolveRunConfig({
        preset: 'demo',
        corpus: { source: 'synthetic', preset: 'demo', seed: 5, style: 'odd' } as never,
      }),
    ).toThrow("corpus.style must be one of realistic, classic, got 'odd'");
  });

  it('names the field of an unknown key, a wrong type or a bad value', () => {
    expect(() => resolveRunConfig({ preset: 'demo', pairwise: { lr: 1 } } as never)).toThrow(
      "unknown field 'pairwise.lr'",
    );
    expect(() => resolveRunConfig({ preset: 'demo', pointwise: { epochs: '3' } } as never)).toThrow(
      'pointwise.epochs must be a number, got "3"',
    );
    expect(() => resolveRunConfig({ preset: 'demo', pairwise: { folds: [0, 7] } })).toThrow(
      'pairwise.folds must be distinct fold numbers in 0..4 (prepare.numFolds 5), got [0,7]',
    );
    // the fold range follows the fold count
    expect(
      resolveRunConfig({ preset: 'demo', prepare: { numFolds: 8 }, pairwise: { folds: [0, 7] } }).pairwise.folds,
    ).toEqual([0, 7]);
    expect(() => resolveRunConfig({ preset: 'demo', prepare: { numFolds: 1 } })).toThrow(
      'prepare.numFolds must be an integer in 2..20, got 1',
    );
    expect(() => resolveRunConfig({ preset: 'demo', pairwise: { folds: [1, 1] } })).toThrow(
      'pairwise.folds must not repeat a value',
    );
    expect(() => resolveRunConfig({ preset: 'demo', model: { preset: 'tiny', overrides: { vladGroups: 5 } } })).toThrow(
      /model.overrides are invalid/,
    );
    expect(() => resolveRunConfig({ preset: 'huge' } as never)).toThrow("unknown preset 'huge'");
  });

  it('rejects out-of-range training settings before any work (issue 14 item 3)', () => {
    expect(() => resolveRunConfig({ preset: 'demo', pointwise: { endLr: -1 } })).toThrow(
      'pointwise.endLr must be in [0, 1), got -1',
    );
    expect(() => resolveRunConfig({ preset: 'demo', pointwise: { clipNorm: -1 } })).toThrow(
      'pointwise.clipNorm must be in [0, 1000000] (0 turns clipping off), got -1',
    );
    expect(() => resolveRunConfig({ preset: 'demo', pairwise: { warmupProportion: 5 } })).toThrow(
      'pairwise.warmupProportion must be in [0, 1], got 5',
    );
    expect(() => resolveRunConfig({ preset: 'demo', pretrain: { endLr: 0.01 } })).toThrow(
      'pretrain.endLr must not exceed lr (0.0005), got 0.01',
    );
    expect(() => resolveRunConfig({ preset: 'demo', corpus: { seed: 3, size: 10 } } as never)).toThrow(
      'corpus.size is not a field of corpus (fields: source, preset, seed, style)',
    );
    expect(() =>
      resolveRunConfig({ preset: 'reference', corpus: { dir: '/data/qq', preset: 'tiny' } } as never),
    ).toThrow('corpus.preset is not a field of corpus (fields: source, dir)');
    expect(() => resolveRunConfig({ preset: 'demo', corpus: { source: 'ftp' } } as never)).toThrow(
      `corpus.source must be 'synthetic' or 'official', got "ftp"`,
    );
    expect(() => resolveRunConfig({ preset: 'demo', submit: { sets: ['test_a', '../x'] } })).toThrow(
      'submit.sets must hold a folder-safe name',
    );
    // JSON's 1e400 is Infinity
    expect(() => resolveRunConfig({ preset: 'demo', pointwise: { clipNorm: JSON.parse('1e400') } })).toThrow(
      'pointwise.clipNorm must be a finite number, got null',
    );
  });

  it('an edit of the corpus keeps the rest of it; another source replaces it', () => {
    expect(resolveRunConfig({ preset: 'reference', corpus: { dir: '/data/qq' } } as never).corpus).toEqual({
      source: 'official',
      dir: '/data/qq',
    });
    expect(resolveRunConfig({ preset: 'demo', corpus: { seed: 7 } } as never).corpus).toEqual({
      source: 'synthetic',
      preset: 'demo',
      seed: 7,
      style: 'realistic',
    });
    expect(resolveRunConfig({ preset: 'demo', corpus: { source: 'official', dir: 'x' } }).corpus).toEqual({
      source: 'official',
      dir: 'x',
    });
  });

  it('has a rule for every field: an absurd value anywhere is an error naming that field', () => {
    const preset = resolveRunConfig({ preset: 'demo' }) as unknown as Record<string, unknown>;
    const fields: Array<[string, string]> = [];
    for (const [section, value] of Object.entries(preset)) {
      if (section === 'preset' || section === 'name' || section === 'seed') continue;
      for (const key of Object.keys(value as object))
        if (!(section === 'model' && key === 'overrides')) fields.push([section, key]);
    }
    expect(fields.length).toBeGreaterThan(40);
    for (const [section, key] of fields) {
      const override = { preset: 'demo', [section]: { ...(preset[section] as object), [key]: -1e9 } } as never;
      expect(() => resolveRunConfig(override)).toThrow(new RegExp(`^${section}\\.${key} `));
    }
    expect(() => resolveRunConfig({ preset: 'demo', seed: -1e9 })).toThrow(
      /^seed must be an integer in 0\.\.4294967295/,
    );
  });

  it('reads a run file and reports its path on errors', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-cfg-')), 'run.json');
    fs.writeFileSync(file, JSON.stringify({ preset: 'tiny', pointwise: { epochs: 2 } }));
    expect(loadRunConfig(file).pointwise.epochs).toBe(2);
    fs.writeFileSync(file, '{ "pointwise": {} }');
    expect(() => loadRunConfig(file)).toThrow(`${file}: a run config needs a "preset"`);
    fs.writeFileSync(file, JSON.stringify({ preset: 'tiny', pointwise: { endLr: -1 } }));
    expect(() => loadRunConfig(file)).toThrow(`${file}: pointwise.endLr must be in [0, 1), got -1`);
    expect(() => loadRunConfig(file)).toThrow(expect.objectContaining({ field: 'pointwise.endLr', file }));
  });

  it('finds --run as a run name, a run.json path or folder, or a preset', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-runarg-'));
    fs.mkdirSync(path.join(cwd, 'apps/runs/mine'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'apps/runs/mine/run.json'), JSON.stringify({ preset: 'tiny', name: 'mine' }));
    expect(runFileOf('mine', cwd)).toBe(path.join(cwd, 'apps/runs/mine/run.json'));
    expect(runFileOf('apps/runs/mine', cwd)).toBe(path.join(cwd, 'apps/runs/mine/run.json'));
    expect(runFileOf('apps/runs/mine/run.json', cwd)).toBe(path.join(cwd, 'apps/runs/mine/run.json'));
    expect(runFileOf('demo', cwd)).toBeUndefined();
    expect(loadRunArg('mine', cwd).name).toBe('mine');
    expect(loadRunArg('demo', cwd).preset).toBe('demo');
    expect(() => loadRunArg('other', cwd)).toThrow(
      "no run 'other': expected apps/runs/other/run.json, a path to a run.json, or a preset (reference, demo, tiny)",
    );
    expect(() => loadRunArg('x/run.json', cwd)).toThrow(/run config .*x\/run.json does not exist/);
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('gives each stage only its own and earlier sections, so a pairwise change leaves pointwise cached', () => {
    const a = resolveRunConfig({ preset: 'demo' });
    const b = resolveRunConfig({ preset: 'demo', pairwise: { epochs: 9 } });
    expect(stageSections(a, 'pointwise')).toEqual(stageSections(b, 'pointwise'));
    expect(stageSections(a, 'pairwise')).not.toEqual(stageSections(b, 'pairwise'));
    expect(Object.keys(stageSections(a, 'prepare')).sort()).toEqual(['corpus', 'name', 'prepare', 'seed']);
  });
});
