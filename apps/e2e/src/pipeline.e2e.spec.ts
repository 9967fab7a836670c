import { spawnSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The whole chain on the tiny synthetic corpus, through the real stage command lines (as Nx runs them), in a
// temporary artifacts folder; then a pointwise run killed after its first checkpoint and resumed must end on the
// same weights as an uninterrupted one.
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-e2e-'));
const artifacts = path.join(tmp, 'artifacts');
const runFile = path.join(tmp, 'run.json');
fs.writeFileSync(
  runFile,
  JSON.stringify({ preset: 'tiny', name: 'e2e', pointwise: { checkpointEvery: 2, epochs: 2 } }),
);

function stage(app: string, ...args: string[]): string {
  const r = spawnSync(tsx, [path.join(root, `apps/${app}/src/main.ts`), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, VIDSIM_BACKEND: 'wasm' },
  });
  if (r.status !== 0) throw new Error(`${app} ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout + r.stderr;
}
const withRun = (app: string, ...extra: string[]) => stage(app, '--run', runFile, '--artifacts', artifacts, ...extra);
const weights = (stageDir: string) => fs.readFileSync(path.join(artifacts, 'e2e', stageDir, 'model.safetensors'));

describe('the tiny pipeline, end to end', () => {
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('runs corpus -> prepare -> features -> pretrain -> pointwise -> pairwise -> submit', () => {
    withRun('corpus');
    withRun('prepare');
    expect(JSON.parse(fs.readFileSync(path.join(artifacts, 'e2e/prepare/stage.json'), 'utf8'))).toMatchObject({
      stage: 'prepare',
      results: { numFolds: 5 },
    });
    withRun('features');
    withRun('pretrain');
    const pointwise = withRun('pointwise');
    expect(pointwise).toMatch(/zeroShotSpearman -?\d\.\d{4}/);
    expect(pointwise).toMatch(
      /held-out tag loss [\d.]+ vs chance [\d.]+ \(ratio [\d.]+\); top-10 tag recall [\d.]+ vs [\d.]+ for the most frequent tags/,
    );
    // tiny trains on the pairwise videos too (withPairwiseVideos), and keeps pointwise videos aside for the diagnostics
    expect(pointwise).toMatch(
      /training on \d+ pointwise and \d+ pairwise videos \(their tags, never their labels\); \d+ pointwise videos held out/,
    );
    const results = JSON.parse(fs.readFileSync(path.join(artifacts, 'e2e/pointwise/stage.json'), 'utf8')).results;
    expect(results.trainedVideos.pairwise).toBeGreaterThan(0);
    expect(results.diagnosticVideos).toBeGreaterThan(0);
    expect(results.trainedVideos.pointwise + results.diagnosticVideos).toBe(results.videos);
    const diag = results.diagnostics;
    expect(diag.tags.lossRatio).toBeGreaterThan(0);
    expect(diag.tags.recallAtK).toBeGreaterThanOrEqual(0);
    expect(diag.tags.recallAtK).toBeLessThanOrEqual(1);
    // the centred, whitened embeddings of held-out videos are not collapsed
    expect(Math.abs(diag.anisotropy.meanRandomCosine)).toBeLessThan(0.5);
    // the linear probe beside the tower (pointwise.probeDims 128 in tiny)
    expect(pointwise).toMatch(/linear probe: \d+ videos, \d+ inputs -> \d+ tags \+ \d+ categories/);
    expect(fs.existsSync(path.join(artifacts, 'e2e/pointwise/linear-probe.json.bin'))).toBe(true);
    for (const fold of ['0', '1', '2', 'all']) withRun('pairwise', '--fold', fold);
    const summary = withRun('submit');
    expect(summary).toMatch(/offline score \(mean of 2 folds\): -?\d\.\d{4}/);
    expect(summary).toContain('oracle ceiling');
    const skipped = JSON.parse(fs.readFileSync(path.join(artifacts, 'e2e/pairwise-2/stage.json'), 'utf8'));
    expect(skipped.results).toEqual({ fold: 2, skipped: true });
    for (const set of ['test_a', 'test_b'])
      expect(fs.existsSync(path.join(artifacts, 'e2e/submit', set, 'result.zip'))).toBe(true);
    // the submitted embedding stacks the 128-d tower and the 128-d probe with the weight pairwise-all fitted
    const stacking = JSON.parse(fs.readFileSync(path.join(artifacts, 'e2e/pairwise-all/stacking.json'), 'utf8'));
    expect(stacking.weight).toBeGreaterThanOrEqual(0);
    expect(stacking.weight).toBeLessThanOrEqual(1);
    expect(stacking.fittedOn).toBe('holdout');
    const submitted = JSON.parse(fs.readFileSync(path.join(artifacts, 'e2e/submit/stage.json'), 'utf8')).results;
    expect(submitted.sets.test_a.dim).toBe(256);
    expect(submitted.stacking.weight).toBe(stacking.weight);
    // eval: baselines from the store and each stage's scores on every labelled set (the tiny corpus labels its tests)
    const table = withRun('eval');
    expect(table).toMatch(/baseline: linear probe.* -?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]/);
    expect(table).toContain('out-of-fold (folds 0,1)');
    const ev = JSON.parse(fs.readFileSync(path.join(artifacts, 'e2e/eval/eval.json'), 'utf8'));
    expect(ev.sets.map((x: { set: string }) => x.set)).toEqual(['pairwise', 'test_a', 'test_b']);
    // the tiny preset turns MLM pretraining off (it does not pay at this size, RECIPE.md): no pretrain-only tower
    expect(Object.keys(ev.sets[1].stages)).toEqual(['pointwise', 'pairwise', 'stacked']);
    expect(Object.keys(ev.sets[1].gains)).toEqual(['pairwise', 'stacked', 'stackedOverProbe']);
    expect(ev.allPairsStacked.pairs).toBe(ev.sets[0].pairs); // every labelled pair, cross-fitted
    expect(table).toContain('submitted: pairwise tower stacked with the probe');
    expect(Object.keys(ev.baselines.sets[1].scores)).not.toContain('sharedTags'); // test videos carry no tags
    expect(Object.keys(ev.baselines.sets[0].scores)).toContain('sharedTags');
  });

  it('resumes a killed pointwise run to the same final weights', async () => {
    const straight = weights('pointwise');
    const stageDir = path.join(artifacts, 'e2e/pointwise');
    fs.rmSync(stageDir, { recursive: true, force: true }); // so the watcher below sees only the new run's checkpoint
    // node with tsx's loader in-process (the tsx command would run the stage in a child of its own, which a kill of
    // the tsx process leaves running and which holds the stage lock under its own pid)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'apps/pointwise/src/main.ts'), '--run', runFile, '--artifacts', artifacts],
      { cwd: root, env: { ...process.env, VIDSIM_BACKEND: 'wasm' }, stdio: 'ignore' },
    );
    // as soon as a checkpoint exists and before the stage completes: a second process on the same stage is refused
    // naming the holder; then the first is killed (no clean shutdown)
    let refused = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (!fs.existsSync(path.join(stageDir, 'checkpoints', 'latest.json'))) return;
        clearInterval(timer);
        child.kill('SIGSTOP'); // hold it still while the second process tries
        try {
          withRun('pointwise', '--resume');
        } catch (e) {
          refused = (e as Error).message;
        }
        child.kill('SIGKILL');
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        resolve();
      });
      child.on('error', reject);
    });
    expect(refused).toContain(
      `pointwise: stage pointwise is already running: pid ${child.pid} on ${os.hostname()} since `,
    );
    expect(fs.existsSync(path.join(stageDir, 'stage.json'))).toBe(false);
    const resumed = withRun('pointwise', '--resume');
    expect(resumed).toContain(`note: took over the lock of pid ${child.pid}`);
    expect(resumed).toMatch(/resumed from .*step-\d+ at step \d+/);
    expect(weights('pointwise').equals(straight)).toBe(true);
  });

  it('refuses to start a stage whose inputs are missing, naming them', () => {
    expect(() => stage('pointwise', '--run', 'tiny', '--artifacts', path.join(tmp, 'empty'))).toThrow(
      /pointwise needs the 'prepare' stage of run 'tiny'.*npx vidsim prepare --run tiny/,
    );
    expect(() => stage('pairwise', '--run', runFile, '--fold', '9')).toThrow(/--fold must be 0..4 or all, got '9'/);
    expect(() => stage('pointwise', '--run', runFile, '--epochs', '3')).toThrow(/unknown argument '--epochs'/);
  });
});
