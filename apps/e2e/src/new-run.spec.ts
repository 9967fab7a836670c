import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// tools/workspace/new-run.ts makes apps/runs/<run>/; user input (the corpus folder) must reach run.json only, never
// a shell: Nx runs every target command and every `runtime` cache input through one.
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const run = `e2e-scaffold-${process.pid}`;
const runDir = path.join(root, 'apps/runs', run);

describe('new-run.ts', () => {
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'new-run-'))));
  afterAll(() => {
    fs.rmSync(runDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("keeps a hostile or spaced --corpus-dir out of every command, and hashes that folder's files", () => {
    // a folder whose name would run `touch pwned` if it were pasted into a shell command; with a space in it
    const hostile = path.join(tmp, 'data dir;touch pwned;x');
    fs.mkdirSync(path.join(hostile, 'pairwise'), { recursive: true });
    fs.writeFileSync(path.join(hostile, 'pairwise', 'label.tsv'), '1\t2\t0.5\n');
    const made = spawnSync(tsx, ['tools/workspace/new-run.ts', run, 'reference', '--corpus-dir', hostile], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const runJson = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    expect(runJson).toEqual({ preset: 'reference', name: run, corpus: { source: 'official', dir: hostile } });
    const project = fs.readFileSync(path.join(runDir, 'project.json'), 'utf8');
    expect(project).not.toContain('pwned');
    expect(project).not.toContain(tmp);
    // every command line and runtime input holds only fixed words and the run's checked name
    const strings = [...project.matchAll(/"(command|runtime)": "([^"]*)"/g)].map((m) => m[2]);
    expect(strings.length).toBeGreaterThan(20);
    for (const s of strings)
      expect(s).toMatch(
        /^node_modules\/\.bin\/tsx [a-z/.-]+\.ts( --run apps\/runs\/[a-z0-9-]+\/run\.json)?( --fold (\d|all)| --force| [a-z0-9-]+ [a-z]+)?$/,
      );
    // prepare's cache input reads corpus.dir from run.json at hash time and lists the files there (Nx runs it
    // from the workspace root, where tsx finds the @vidsim/* paths)
    const section = spawnSync(tsx, ['tools/workspace/config-section.ts', run, 'prepare'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(section.status).toBe(0);
    expect(JSON.parse(section.stdout).corpusFiles).toBe(
      'pairwise/label.tsv\t8\t' + Math.floor(fs.statSync(path.join(hostile, 'pairwise', 'label.tsv')).mtimeMs),
    );
    expect(fs.existsSync(path.join(tmp, 'pwned'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'pwned'))).toBe(false);
  });

  it('refuses bad run names, and a fold count that no longer matches the generated targets', () => {
    const bad = spawnSync(tsx, ['tools/workspace/new-run.ts', 'x;rm', 'demo'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('usage: npx tsx tools/workspace/new-run.ts <run>');
    const file = path.join(runDir, 'run.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), prepare: { numFolds: 6 } }));
    const stale = spawnSync(tsx, ['tools/workspace/config-section.ts', run, 'pointwise'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(
      `prepare.numFolds 6 but project.json has 5 fold targets: run npx tsx tools/workspace/new-run.ts ${run} reference`,
    );
    const regenerated = spawnSync(tsx, ['tools/workspace/new-run.ts', run, 'reference'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(regenerated.stdout).toContain('(6 folds)');
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'project.json'), 'utf8')).targets).toHaveProperty('pairwise-5');
  });
});
