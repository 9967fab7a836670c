import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireStageLock, pidAlive, StageLockError } from './stage-lock';

describe('acquireStageLock', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-lock-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the holder, refuses a second holder naming the first, and frees the file on release', () => {
    const file = path.join(dir, '.locks', 'pointwise.lock');
    // a live process other than this one holds it: a child that sleeps
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const startedAt = '2026-01-02T03:04:05.000Z';
      fs.writeFileSync(file, JSON.stringify({ pid: child.pid, host: os.hostname(), startedAt, stage: 'pointwise' }));
      let err: unknown;
      try {
        acquireStageLock(file, 'pointwise');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StageLockError);
      expect(err).toMatchObject({ code: 'STAGE_LOCKED', context: { file, holder: { pid: child.pid } } });
      expect((err as Error).message).toBe(
        `stage pointwise is already running: pid ${child.pid} on ${os.hostname()} since ${startedAt} holds ${file}`,
      );
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(child.pid); // the holder's lock is untouched
    } finally {
      child.kill('SIGKILL');
    }
    fs.rmSync(file);
    const lock = acquireStageLock(file, 'pointwise');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: os.hostname(),
      stage: 'pointwise',
    });
    expect(lock.tookOverFrom).toBeUndefined();
    expect(() => acquireStageLock(file, 'pointwise')).toThrow(/already locked by this process/);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]); // no temp files left
  });

  it('takes over a lock whose process is dead, and reports it', () => {
    const file = path.join(dir, 'pairwise-3.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(pidAlive(deadPid)).toBe(false);
    const old = { pid: deadPid, host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z', stage: 'pairwise-3' };
    fs.writeFileSync(file, JSON.stringify(old));
    const lock = acquireStageLock(file, 'pairwise-3');
    expect(lock.tookOverFrom).toEqual(old);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('two processes racing for one stage: exactly one gets it, the other names the holder', async () => {
    const file = path.join(dir, 'features.lock');
    const modulePath = path.join(__dirname, 'stage-lock.ts');
    const script = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); const { acquireStageLock } = require(${JSON.stringify(modulePath)});
      try { acquireStageLock(${JSON.stringify(file)}, 'features'); process.stdout.write('got'); setTimeout(() => {}, 1500); }
      catch (e) { process.stdout.write(e.message); }`;
    const run = () =>
      new Promise<string>((resolve) => {
        const p = spawn(process.execPath, ['-e', script]);
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('exit', () => resolve(out));
      });
    const outs = await Promise.all([run(), run()]);
    expect(outs.filter((o) => o === 'got')).toHaveLength(1);
    expect(outs.find((o) => o !== 'got')).toMatch(
      /^stage features is already running: pid \d+ on .+ since \d{4}-.+ holds /,
    );
    expect(fs.existsSync(file)).toBe(false); // the winner released it at exit
  });
});
