import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '@vidsim/core';
import { loadTensors, saveVariables, tf } from '@vidsim/tf-runtime';
import { checkpointProblem, MANIFEST, writeManifest } from './checkpoint-integrity';
import { describeFsError, TrainerError } from './errors';
import type { GroupedAdam } from './grouped-adam';

export interface CheckpointState {
  step: number;
  epoch: number;
  /** Anything else the loop needs to continue exactly (RNG states, counters). */
  extra: Record<string, unknown>;
}

const FILES = ['model.safetensors', 'optimizer.safetensors', 'state.json'];
const STEP_DIR = /^step-\d{8}$/;
/** Leftovers of an interrupted write: a checkpoint's temp folder, or writeFileAtomic's temp `latest.json`. */
const TEMP = /^(?:step-\d{8}\.tmp-(\d+)|latest\.json\.tmp-(\d+)-\d+)$/;

/**
 * Checkpoints under `<dir>/step-<N>/`: model.safetensors (every variable, trainable or not), optimizer.safetensors
 * (Adam moments per group), state.json and manifest.json (each file's size and CRC-32C, recorded at write time). A
 * checkpoint is written into a temp folder and renamed into place, and `latest.json` is replaced atomically after
 * it, so a crash at any moment leaves the previous checkpoint usable. `restoreLatest` verifies the checksums and
 * falls back, saying so, to the newest checkpoint that is intact.
 */
export class Checkpointer {
  constructor(
    readonly dir: string,
    private readonly keep = 2,
    private readonly log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  ) {}

  async save(state: CheckpointState, variables: Record<string, tf.Variable>, optimizer: GroupedAdam): Promise<string> {
    const name = `step-${String(state.step).padStart(8, '0')}`;
    const final = path.join(this.dir, name);
    const tmp = `${final}.tmp-${process.pid}`;
    // the file being written, for the error: Node's write(2) errors carry no path
    let writing = tmp;
    const at = (name: string) => (writing = path.join(tmp, name));
    try {
      await fs.promises.rm(tmp, { recursive: true, force: true });
      await fs.promises.mkdir(tmp, { recursive: true });
      await saveVariables(at('model.safetensors'), variables);
      const opt = await optimizer.getWeights();
      try {
        await saveVariables(at('optimizer.safetensors'), opt);
      } finally {
        tf.dispose(Object.values(opt).filter((t) => !(t instanceof tf.Variable)));
      }
      await fs.promises.writeFile(at('state.json'), JSON.stringify(state, null, 2));
      await writeManifest(tmp, FILES);
      writing = final;
      await fs.promises.rm(final, { recursive: true, force: true });
      await fs.promises.rename(tmp, final);
      writing = path.join(this.dir, 'latest.json');
      await writeFileAtomic(writing, Buffer.from(JSON.stringify({ checkpoint: name, step: state.step }) + '\n'));
    } catch (e) {
      await fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      const err = e as NodeJS.ErrnoException;
      if (err.code)
        throw new TrainerError(
          describeFsError({ ...err, message: err.message, path: err.path ?? writing }, 'write checkpoint', writing),
          'WRITE_FAILED',
          { file: err.path ?? writing, step: state.step },
        );
      throw e;
    }
    await this.prune(name);
    return final;
  }

  /**
   * Restores the newest intact checkpoint into `variables` and `optimizer` and returns its loop state, or undefined
   * when there is none. Leftover temp folders of interrupted writes are removed first. A checkpoint whose files do
   * not match their recorded checksums (or are missing) is skipped with a line saying why; a damaged `latest.json`
   * is named and the folders are scanned instead. Throws `NO_INTACT_CHECKPOINT` when checkpoints exist but none is
   * intact, naming each one's problem.
   */
  async restoreLatest(
    variables: Record<string, tf.Variable>,
    optimizer: GroupedAdam,
  ): Promise<{ dir: string; state: CheckpointState } | undefined> {
    if (!fs.existsSync(this.dir)) return undefined;
    await this.removeStaleTemps();
    const pointer = path.join(this.dir, 'latest.json');
    if (fs.existsSync(pointer)) {
      const problem = pointerProblem(pointer);
      if (problem) this.log(`${problem}; looking for the newest intact checkpoint in ${this.dir}`);
    }
    const candidates = (await fs.promises.readdir(this.dir))
      .filter((n) => STEP_DIR.test(n))
      .sort()
      .reverse();
    const problems: string[] = [];
    for (const name of candidates) {
      const dir = path.join(this.dir, name);
      const problem = await checkpointProblem(dir, FILES);
      const legacy =
        problem !== undefined &&
        !fs.existsSync(path.join(dir, MANIFEST)) &&
        FILES.every((f) => fs.existsSync(path.join(dir, f)));
      if (problem && !legacy) {
        problems.push(`${name}: ${problem}`);
        this.log(`checkpoint ${dir} is damaged: ${problem}; falling back to the previous one`);
        continue;
      }
      if (legacy)
        this.log(
          `checkpoint ${dir} has no ${MANIFEST} (written before checksums were recorded): restoring it unverified`,
        );
      if (problems.length) this.log(`restoring ${dir}, the newest intact checkpoint`);
      return { dir, state: await this.restore(dir, variables, optimizer) };
    }
    if (problems.length) {
      throw new TrainerError(
        `no intact checkpoint in ${this.dir} (${problems.join('; ')}); delete that folder to start the stage over`,
        'NO_INTACT_CHECKPOINT',
        { file: this.dir },
      );
    }
    return undefined;
  }

  /** Restores variables and optimizer state in place from one checkpoint folder; returns the saved loop state. */
  async restore(dir: string, variables: Record<string, tf.Variable>, optimizer: GroupedAdam): Promise<CheckpointState> {
    const modelFile = path.join(dir, 'model.safetensors');
    const saved = await loadTensors(modelFile);
    try {
      const missing = Object.keys(variables).filter((n) => !(n in saved));
      if (missing.length) {
        throw new TrainerError(
          `${modelFile}: checkpoint lacks variables ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''} (was the model changed?)`,
          'BAD_CHECKPOINT',
          { file: modelFile },
        );
      }
      for (const [n, v] of Object.entries(variables)) {
        if (!tf.util.arraysEqual(v.shape, saved[n].shape)) {
          throw new TrainerError(
            `${modelFile}: variable ${n} is [${saved[n].shape}] in the checkpoint, [${v.shape}] in the model (was the model changed?)`,
            'BAD_CHECKPOINT',
            { file: modelFile },
          );
        }
      }
      for (const [n, v] of Object.entries(variables)) v.assign(saved[n]);
    } finally {
      tf.dispose(Object.values(saved));
    }
    const opt = await loadTensors(path.join(dir, 'optimizer.safetensors'));
    try {
      await optimizer.setWeights(opt);
    } finally {
      tf.dispose(Object.values(opt));
    }
    const stateFile = path.join(dir, 'state.json');
    try {
      const state = JSON.parse(await fs.promises.readFile(stateFile, 'utf8')) as CheckpointState;
      if (!Number.isInteger(state?.step) || state.step < 0) throw new Error(`step is ${JSON.stringify(state?.step)}`);
      return state;
    } catch (e) {
      throw new TrainerError(`${stateFile}: not a checkpoint state (${(e as Error).message})`, 'BAD_CHECKPOINT', {
        file: stateFile,
      });
    }
  }

  /** Removes temp folders and files of writes that were interrupted (their process is gone, or is this one). */
  async removeStaleTemps(): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await fs.promises.readdir(this.dir)) {
      const m = TEMP.exec(name);
      if (!m) continue;
      const pid = Number(m[1] ?? m[2]);
      if (pid !== process.pid && processAlive(pid)) continue;
      await fs.promises.rm(path.join(this.dir, name), { recursive: true, force: true });
      removed.push(name);
    }
    if (removed.length)
      this.log(
        `removed ${removed.length} leftover(s) of interrupted checkpoint writes in ${this.dir}: ${removed.join(', ')}`,
      );
    return removed;
  }

  private async prune(current: string): Promise<void> {
    const all = (await fs.promises.readdir(this.dir)).filter((n) => STEP_DIR.test(n)).sort();
    for (const old of all.slice(0, Math.max(0, all.length - this.keep))) {
      if (old !== current) await fs.promises.rm(path.join(this.dir, old), { recursive: true, force: true });
    }
  }
}

/** What is wrong with `latest.json`, naming it, or undefined. It only points at a folder: the folders decide. */
function pointerProblem(pointer: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(pointer, 'utf8'));
  } catch (e) {
    return `${pointer} is damaged (${(e as Error).message})`;
  }
  const name = (parsed as { checkpoint?: unknown } | null)?.checkpoint;
  if (typeof name !== 'string' || !STEP_DIR.test(name))
    return `${pointer} does not name a checkpoint (${JSON.stringify(parsed)?.slice(0, 80)})`;
  if (!fs.existsSync(path.join(path.dirname(pointer), name))) return `${pointer} names ${name}, which does not exist`;
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
