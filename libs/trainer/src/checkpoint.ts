import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '@vidsim/core';
import { loadTensors, saveVariables, tf } from '@vidsim/tf-runtime';
import type { GroupedAdam } from './grouped-adam';
import { TrainerError } from './errors';

export interface CheckpointState {
  step: number;
  epoch: number;
  /** Anything else the loop needs to continue exactly (RNG states, counters). */
  extra: Record<string, unknown>;
}

/**
 * Checkpoints under `<dir>/step-<N>/`: model.safetensors (every variable, trainable or not), optimizer.safetensors
 * (Adam moments per group) and state.json. A checkpoint is written into a temp folder and renamed into place, and
 * `latest.json` is replaced atomically after it, so a crash at any moment leaves the previous checkpoint usable.
 */
export class Checkpointer {
  constructor(readonly dir: string, private readonly keep = 2) {}

  async save(state: CheckpointState, variables: Record<string, tf.Variable>, optimizer: GroupedAdam): Promise<string> {
    const name = `step-${String(state.step).padStart(8, '0')}`;
    const final = path.join(this.dir, name);
    const tmp = `${final}.tmp-${process.pid}`;
    await fs.promises.rm(tmp, { recursive: true, force: true });
    await fs.promises.mkdir(tmp, { recursive: true });
    await saveVariables(path.join(tmp, 'model.safetensors'), variables);
    const opt = await optimizer.getWeights();
    try {
      await saveVariables(path.join(tmp, 'optimizer.safetensors'), opt);
    } finally {
      tf.dispose(Object.values(opt).filter((t) => !(t instanceof tf.Variable)));
    }
    await fs.promises.writeFile(path.join(tmp, 'state.json'), JSON.stringify(state, null, 2));
    await fs.promises.rm(final, { recursive: true, force: true });
    await fs.promises.rename(tmp, final);
    await writeFileAtomic(path.join(this.dir, 'latest.json'), Buffer.from(JSON.stringify({ checkpoint: name, step: state.step }) + '\n'));
    await this.prune(name);
    return final;
  }

  /** The newest complete checkpoint, or undefined. */
  latest(): string | undefined {
    const pointer = path.join(this.dir, 'latest.json');
    if (!fs.existsSync(pointer)) return undefined;
    const { checkpoint } = JSON.parse(fs.readFileSync(pointer, 'utf8')) as { checkpoint: string };
    const dir = path.join(this.dir, checkpoint);
    return fs.existsSync(path.join(dir, 'state.json')) ? dir : undefined;
  }

  /** Restores variables and optimizer state in place; returns the saved loop state. */
  async restore(dir: string, variables: Record<string, tf.Variable>, optimizer: GroupedAdam): Promise<CheckpointState> {
    const saved = await loadTensors(path.join(dir, 'model.safetensors'));
    try {
      const missing = Object.keys(variables).filter((n) => !(n in saved));
      if (missing.length) throw new TrainerError(`${dir}: checkpoint lacks variables ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}`, 'BAD_CHECKPOINT', { file: dir, field: missing[0] });
      for (const [n, v] of Object.entries(variables)) {
        if (!tf.util.arraysEqual(v.shape, saved[n].shape)) throw new TrainerError(`${dir}: variable ${n} is [${saved[n].shape}] in the checkpoint, [${v.shape}] in the model`, 'BAD_CHECKPOINT', { file: dir, field: n });
        v.assign(saved[n]);
      }
    } finally {
      tf.dispose(Object.values(saved));
    }
    const opt = await loadTensors(path.join(dir, 'optimizer.safetensors'));
    try {
      await optimizer.setWeights(opt);
    } finally {
      tf.dispose(Object.values(opt));
    }
    return JSON.parse(await fs.promises.readFile(path.join(dir, 'state.json'), 'utf8')) as CheckpointState;
  }

  private async prune(current: string): Promise<void> {
    const all = (await fs.promises.readdir(this.dir)).filter((n) => /^step-\d{8}$/.test(n)).sort();
    for (const old of all.slice(0, Math.max(0, all.length - this.keep))) {
      if (old !== current) await fs.promises.rm(path.join(this.dir, old), { recursive: true, force: true });
    }
  }
}
