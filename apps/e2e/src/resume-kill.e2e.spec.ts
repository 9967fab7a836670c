import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The long resume test (issue 14 acceptance; 2-3 minutes on 2 quiet cores, 20-30 on busy ones; gated): on the tiny
// corpus, through the real stage command lines, each training stage (pretrain, pointwise, pairwise) is run once
// uninterrupted, then again killed with SIGKILL at a random moment and resumed with --resume: the final weights
// must be byte-identical. Pairwise is also killed right after its early-stopping choice, before stage.json; resumed,
// it keeps the same epoch. Pointwise also meets a full disk (ENOSPC injected into checkpoint writes): one line
// naming the file, then a clean restart. Run it with
//   VIDSIM_E2E_RESUME=1 npx jest -c apps/e2e/jest.e2e.config.js resume-kill   [VIDSIM_E2E_SEED=n repeats the kill times]
// Stages run as `node --import tsx` (in-process): the tsx command would run the stage in a child that a kill of the
// tsx process leaves running.
const enabled = process.env.VIDSIM_E2E_RESUME === '1';
if (!enabled)
  console.warn(
    'skipping the kill -9 / --resume test of pretrain, pointwise and pairwise: set VIDSIM_E2E_RESUME=1 to run it (minutes)',
  );

const root = path.resolve(__dirname, '../../..');
const seed = Number(process.env.VIDSIM_E2E_SEED ?? Date.now() % 100_000);
let rngState = (Math.imul(seed, 2654435761) >>> 0) % 2147483647 || 1;
/** Uniform in (0, 1), from the logged seed (Lehmer's generator; exact in doubles). */
const random = () => (rngState = (rngState * 48271) % 2147483647) / 2147483647;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-resume-'));
const artifacts = path.join(tmp, 'artifacts');
const runFile = path.join(tmp, 'run.json');
// checkpoints every 2 steps so that a kill lands between checkpoints, and epochs > 1 where an epoch boundary is cheap
fs.writeFileSync(
  runFile,
  JSON.stringify({
    preset: 'tiny',
    name: 'kill',
    // the tiny preset skips MLM pretraining (it does not pay at that size); this test needs the stage to run
    pretrain: { enabled: true, checkpointEvery: 2 },
    pointwise: { checkpointEvery: 2, epochs: 2 },
    pairwise: { checkpointEvery: 2, folds: [0], trainAll: false, epochs: 2 },
  }),
);
const env = { ...process.env, VIDSIM_BACKEND: 'wasm' };

/** node's arguments for one stage command, run in-process under tsx's loader. */
const stageArgv = (app: string, args: string[]) => [
  '--import',
  'tsx',
  path.join(root, `apps/${app}/src/main.ts`),
  ...args,
];
/** Starts a training stage of the kill run in the background. */
const spawnStage = (s: TrainingStage, stdio: 'ignore' | 'pipe') =>
  spawn(process.execPath, stageArgv(s.app, ['--run', runFile, '--artifacts', artifacts, ...s.args]), {
    cwd: root,
    env,
    stdio,
  });

function stage(
  app: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, stageArgv(app, args), {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}
function mustRun(app: string, ...extra: string[]): string {
  const r = stage(app, ['--run', runFile, '--artifacts', artifacts, ...extra]);
  if (r.status !== 0) throw new Error(`${app} ${extra.join(' ')} failed (${r.status}):\n${r.out}`);
  return r.out;
}

interface TrainingStage {
  app: string;
  dir: string;
  args: string[];
  /** The stage's final weights, relative to its folder. */
  outputs: string[];
}
const STAGES: TrainingStage[] = [
  { app: 'pretrain', dir: 'pretrain', args: [], outputs: ['bert/model.safetensors', 'vision_dense.safetensors'] },
  { app: 'pointwise', dir: 'pointwise', args: [], outputs: ['model.safetensors'] },
  { app: 'pairwise', dir: 'pairwise-0', args: ['--fold', '0'], outputs: ['model.safetensors'] },
];
const stageDir = (s: TrainingStage) => path.join(artifacts, 'kill', s.dir);
const weightsOf = (s: TrainingStage) => s.outputs.map((f) => fs.readFileSync(path.join(stageDir(s), f)));

/**
 * Starts the stage and SIGKILLs it `delayMs` after its first checkpoint appears (or after `delayMs` from the start
 * when `afterCheckpoint` is false). Returns whether the kill happened before the stage finished on its own.
 */
function killDuring(s: TrainingStage, delayMs: number, afterCheckpoint: boolean): Promise<boolean> {
  const child = spawnStage(s, 'ignore');
  const latest = path.join(stageDir(s), 'checkpoints', 'latest.json');
  return new Promise((resolve, reject) => {
    let killed = false;
    let armed = !afterCheckpoint;
    let timer: NodeJS.Timeout | undefined;
    const arm = () =>
      (timer = setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, delayMs));
    if (armed) arm();
    const poll = setInterval(() => {
      if (!armed && fs.existsSync(latest)) {
        armed = true;
        arm();
      }
    }, 20);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      resolve(killed && signal === 'SIGKILL');
    });
    child.on('error', reject);
  });
}

(enabled ? describe : describe.skip)(`kill -9 at a random moment, then --resume (seed ${seed})`, () => {
  const straight = new Map<string, Buffer[]>();
  const seconds = new Map<string, number>();

  // every stage uninterrupted first, so that each kill test can run alone (jest -t pairwise)
  beforeAll(() => {
    for (const app of ['corpus', 'prepare', 'features']) mustRun(app);
    for (const s of STAGES) {
      const t0 = Date.now();
      mustRun(s.app, ...s.args);
      seconds.set(s.dir, (Date.now() - t0) / 1000);
      straight.set(s.dir, weightsOf(s));
    }
  }, 3_600_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each(STAGES.map((s) => [s.dir, s] as const))(
    '%s: killed at a random moment and resumed, it ends on the same weights',
    async (_name, s) => {
      // a random moment between the first checkpoint and the end (most of a stage's time is training), and now and
      // then one from the start (before any checkpoint: a resume from scratch); if the stage ends first, kill earlier
      const fromStart = random() < 0.1;
      let delay = random() * (fromStart ? 20_000 : Math.max(1000, seconds.get(s.dir)! * 1000 * 0.5));
      fs.rmSync(stageDir(s), { recursive: true, force: true });
      let killed = false;
      for (let attempt = 0; attempt < 4; attempt++) {
        killed = await killDuring(s, Math.round(delay), !fromStart);
        if (killed) break;
        fs.rmSync(stageDir(s), { recursive: true, force: true });
        delay /= 3;
      }
      console.log(
        `[${s.dir}] killed ${Math.round(delay)} ms after ${fromStart ? 'the start' : 'the first checkpoint'}; left: ${fs.existsSync(path.join(stageDir(s), 'checkpoints')) ? fs.readdirSync(path.join(stageDir(s), 'checkpoints')).join(' ') : '(no checkpoints)'}`,
      );
      expect(killed).toBe(true);
      // a kill can land after the stage completed but before the process exited: --resume then reruns it from scratch
      if (fs.existsSync(path.join(stageDir(s), 'stage.json')))
        console.log(`[${s.dir}] the kill came after the stage had completed`);

      const resumed = mustRun(s.app, ...s.args, '--resume');
      expect(resumed).toMatch(/resumed from .*step-\d+ at step \d+|--resume: no checkpoint/);
      const now = weightsOf(s);
      s.outputs.forEach((f, i) =>
        expect({ file: f, same: now[i].equals(straight.get(s.dir)![i]) }).toEqual({ file: f, same: true }),
      );
      expect(fs.existsSync(path.join(stageDir(s), 'stage.json'))).toBe(true);
    },
    1_800_000,
  );

  it('pairwise-0 killed after choosing its epoch, before stage.json: resumed, it keeps the same epoch and weights', async () => {
    // the window between the early-stopping choice and stage.json (the stacking fit, predictions, the tower's save);
    // a resume there must not score the pointwise tower afresh as epoch 0 and choose again
    const s = STAGES[2];
    fs.rmSync(stageDir(s), { recursive: true, force: true });
    const child = spawnStage(s, 'pipe');
    let log = '';
    // resolved once the killed process has exited (it holds the stage lock until then)
    const kept = await new Promise<string>((resolve, reject) => {
      let match = '';
      const watch = (d: Buffer) => {
        log += d;
        const m = /kept epoch \d+ of \d+/.exec(log);
        if (m && !match) {
          match = m[0];
          child.kill('SIGKILL');
        }
      };
      child.stdout!.on('data', watch);
      child.stderr!.on('data', watch);
      child.on('error', reject);
      child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? match : ''));
    });
    expect(kept).toMatch(/kept epoch/);
    expect(fs.existsSync(path.join(stageDir(s), 'stage.json'))).toBe(false);
    const resumed = mustRun(s.app, ...s.args, '--resume');
    expect(resumed).toContain(kept);
    expect(weightsOf(s)[0].equals(straight.get(s.dir)![0])).toBe(true);
  }, 900_000);

  it('pointwise on a full disk: one line naming the file, then a clean restart to the same weights', () => {
    const s = STAGES[1];
    fs.rmSync(stageDir(s), { recursive: true, force: true });
    // fail the second checkpoint's optimizer file with ENOSPC, as write(2) reports it (no path)
    const inject = path.join(tmp, 'enospc.js');
    fs.writeFileSync(
      inject,
      `
      const fs = require('fs');
      const real = fs.promises.writeFile;
      fs.promises.writeFile = function (file, ...rest) {
        if (String(file).includes('step-00000004.tmp-') && String(file).includes('optimizer.safetensors')) {
          return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
        }
        return real.call(this, file, ...rest);
      };`,
    );
    const full = stage(s.app, ['--run', runFile, '--artifacts', artifacts], { NODE_OPTIONS: `--require ${inject}` });
    expect(full.status).toBe(1);
    const errorLine = full.out.split('\n').find((l) => l.startsWith('pointwise: '));
    expect(errorLine).toMatch(
      new RegExp(
        `^pointwise: cannot write checkpoint ${stageDir(s)}/checkpoints/step-00000004\\.tmp-\\d+/optimizer\\.safetensors: no space left on device \\(ENOSPC\\)$`,
      ),
    );
    expect(full.out).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(path.join(stageDir(s), 'checkpoints')).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const resumed = mustRun(s.app, '--resume');
    expect(resumed).toMatch(/resumed from .*step-00000002 at step 2/);
    expect(weightsOf(s)[0].equals(straight.get(s.dir)![0])).toBe(true);
  }, 900_000);
});
