import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initTf } from '@vidsim/tf-runtime';
import { TrainerError } from './errors';
import { runToy } from './testing/toy-regression';

// Faults on --resume (issue 14 items 6, 10, 11): a damaged, incomplete or unreadable checkpoint, a damaged
// latest.json, a full disk. Each is named, the newest intact checkpoint is used, and the resumed run still ends on
// the weights of an uninterrupted one. The toy checkpoints at steps 7, 14, ... and keeps the last two.

let straight: number[][];
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-ckpt-'));
const ckpt = (dir: string, step: number, file = '') =>
  path.join(dir, 'checkpoints', `step-${String(step).padStart(8, '0')}`, file);

/** A run stopped at step 17 (checkpoints 7 and 14 on disk), then `damage`, then resumed; its log lines and result. */
async function resumeAfter(damage: (dir: string) => void) {
  const dir = tmp();
  await runToy(dir, { stopAfterSteps: 17 });
  damage(dir);
  const lines: string[] = [];
  const resumed = await runToy(dir, { resume: true, log: (l) => lines.push(l) });
  return { dir, lines, resumed };
}

beforeAll(async () => {
  await initTf({ backend: 'cpu' });
  straight = (await runToy(tmp())).weights;
});

afterEach(() => jest.restoreAllMocks());

describe('checkpoint integrity on resume', () => {
  it('notices a flipped byte in the latest checkpoint and falls back to the previous one, saying so (item 6)', async () => {
    const { dir, lines, resumed } = await resumeAfter((d) => {
      const file = ckpt(d, 14, 'model.safetensors');
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 3] ^= 0x01; // one bit of one weight: still a valid safetensors file
      fs.writeFileSync(file, bytes);
    });
    const damaged = lines.find((l) => l.includes('is damaged'));
    expect(damaged).toMatch(
      new RegExp(
        `^\\[toy\\] checkpoint ${ckpt(dir, 14).replace(/\/$/, '')} is damaged: ${ckpt(dir, 14, 'model.safetensors')} has CRC-32C [0-9a-f]{8}, [0-9a-f]{8} was written`,
      ),
    );
    expect(damaged).toMatch(/falling back to the previous one$/);
    expect(resumed.summary.resumedFrom).toBe(7);
    expect(resumed.weights).toEqual(straight);
  });

  it('names a latest.json with a control character and resumes from the newest intact folder (item 11)', async () => {
    const { dir, lines, resumed } = await resumeAfter((d) =>
      fs.writeFileSync(path.join(d, 'checkpoints/latest.json'), '{"checkpoint": "step-000\u0001'),
    );
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\[toy\\] ${path.join(dir, 'checkpoints/latest.json')} is damaged \\(.*JSON.*\\); looking for the newest intact checkpoint`,
      ),
    );
    expect(resumed.summary.resumedFrom).toBe(14);
    expect(resumed.weights).toEqual(straight);
  });

  it('names a missing optimizer file and falls back (item 11)', async () => {
    const { dir, lines, resumed } = await resumeAfter((d) => fs.rmSync(ckpt(d, 14, 'optimizer.safetensors')));
    expect(lines.join('\n')).toContain(
      `${ckpt(dir, 14, 'optimizer.safetensors')} is missing; falling back to the previous one`,
    );
    expect(resumed.summary.resumedFrom).toBe(7);
    expect(resumed.weights).toEqual(straight);
  });

  it('with no intact checkpoint left, stops with an error naming each problem', async () => {
    const dir = tmp();
    await runToy(dir, { stopAfterSteps: 17 });
    fs.rmSync(ckpt(dir, 14, 'state.json'));
    fs.appendFileSync(ckpt(dir, 7, 'optimizer.safetensors'), 'x');
    const run = runToy(dir, { resume: true });
    await expect(run).rejects.toThrow(TrainerError);
    await expect(runToy(dir, { resume: true })).rejects.toThrow(
      new RegExp(
        `no intact checkpoint in .*step-00000014: .*state.json is missing; step-00000007: .*optimizer.safetensors has \\d+ bytes, \\d+ were written`,
      ),
    );
  });
});

describe('a full disk while checkpointing (item 10)', () => {
  it('fails with one line naming the file, leaves no temp folder, and a resume restarts cleanly', async () => {
    const dir = tmp();
    const realWriteFile = fs.promises.writeFile;
    jest.spyOn(fs.promises, 'writeFile').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      if (String(file).includes('step-00000014.tmp-') && String(file).includes('optimizer.safetensors')) {
        // what Node gives for a failed write(2): no path in the error
        return Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
            errno: -28,
            syscall: 'write',
          }),
        );
      }
      return (realWriteFile as (...a: unknown[]) => Promise<void>)(file, ...rest);
    }) as typeof fs.promises.writeFile);
    const failed = await runToy(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    jest.restoreAllMocks();
    expect(failed).toBeInstanceOf(TrainerError);
    const message = (failed as TrainerError).message;
    expect(message).toBe(
      `cannot write checkpoint ${path.join(dir, 'checkpoints', `step-00000014.tmp-${process.pid}`, 'optimizer.safetensors')}: no space left on device (ENOSPC)`,
    );
    expect(message).not.toContain('\n');
    expect(fs.readdirSync(path.join(dir, 'checkpoints')).sort()).toEqual(['latest.json', 'step-00000007']);

    // a process killed while writing leaves its temp folder; the next resume removes it and says so
    const deadPid = 2 ** 22 + 17; // above Linux's pid_max default: never a live process
    fs.mkdirSync(path.join(dir, 'checkpoints', `step-00000014.tmp-${deadPid}`));
    fs.writeFileSync(path.join(dir, 'checkpoints', `latest.json.tmp-${deadPid}-1`), '{');
    const lines: string[] = [];
    const resumed = await runToy(dir, { resume: true, log: (l) => lines.push(l) });
    expect(lines.join('\n')).toContain(
      `removed 2 leftover(s) of interrupted checkpoint writes in ${path.join(dir, 'checkpoints')}`,
    );
    expect(resumed.summary.resumedFrom).toBe(7);
    expect(resumed.weights).toEqual(straight);
    expect(fs.readdirSync(path.join(dir, 'checkpoints')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
