import * as fs from 'fs';
import { VidsimError, writeFileAtomic } from '@vidsim/core';
import {
  acquireStageLock,
  RUN_FILES,
  RunLayout,
  type StageDirName,
  type StageLock,
  type StageRecord,
} from '@vidsim/run-layout';
import type { RunConfig } from '@vidsim/run-config';

/** artifacts/<run>/<stage>/: what each stage writes and the next ones read (paths from @vidsim/run-layout). */
export class RunArtifacts extends RunLayout {
  /**
   * `sharedFrom`: read (and never write) the data stages (corpus .. pretrain) from another run's folder, as the
   * ablation rows do: they differ only from pointwise on.
   */
  constructor(
    readonly config: RunConfig,
    root = 'artifacts',
    sharedFrom?: string,
  ) {
    super(root, config.name, sharedFrom);
  }

  /** The folder of the official files, or of the generated corpus. */
  corpusDir(): string {
    return this.config.corpus.source === 'official' ? this.config.corpus.dir : this.dir('corpus');
  }

  /** Fails before any work when an upstream stage has not finished (its stage.json is written last). */
  requireStage(stage: StageDirName, neededBy: string): StageRecord {
    const file = this.stageFile(stage);
    if (!fs.existsSync(file)) {
      throw new PipelineError(
        `${neededBy} needs the '${stage}' stage of run '${this.config.name}', but ${file} does not exist: run that stage first (npx vidsim ${stage.startsWith('pairwise-') ? `pairwise --fold ${stage.slice(9)}` : stage} --run ${this.config.name})`,
        'MISSING_INPUT',
      );
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StageRecord;
  }

  /** Whether a stage has finished (its stage.json exists). */
  isComplete(stage: StageDirName): boolean {
    return fs.existsSync(this.stageFile(stage));
  }

  /**
   * Takes this run's lock on a stage (artifacts/<run>/.locks/<stage>.lock): a second process on the same stage
   * fails at once naming the holder; a lock left by a dead process is taken over, with a note.
   */
  lockStage(stage: StageDirName, log: (line: string) => void): StageLock {
    const lock = acquireStageLock(this.lockFile(stage), stage);
    const old = lock.tookOverFrom;
    if (old)
      log(
        `[${stage}] note: took over the lock of pid ${old.pid} on ${old.host} (started ${old.startedAt}), which is no longer running`,
      );
    return lock;
  }

  /**
   * Marks a stage complete: the full resolved run config (config.json), then config section, timings and results
   * (stage.json), each written atomically after every other output.
   */
  async completeStage(stage: StageDirName, record: Omit<StageRecord, 'stage' | 'finishedAt'>): Promise<void> {
    const full: StageRecord = { stage, finishedAt: new Date().toISOString(), ...record };
    await writeFileAtomic(this.file(stage, RUN_FILES.config), Buffer.from(JSON.stringify(this.config, null, 2) + '\n'));
    await writeFileAtomic(this.stageFile(stage), Buffer.from(JSON.stringify(full, null, 2) + '\n'));
    // a finished stage needs no resume point; its checkpoints would only weigh down the Nx cache
    await fs.promises.rm(this.file(stage, RUN_FILES.checkpoints), { recursive: true, force: true });
  }

  /** Clears a stage's folder for a fresh (non-resumed) run, so stale files never mix with new ones. */
  async resetStage(stage: StageDirName, keepCheckpoints: boolean): Promise<string> {
    const dir = this.dir(stage);
    await fs.promises.rm(this.stageFile(stage), { force: true });
    if (!keepCheckpoints) await fs.promises.rm(dir, { recursive: true, force: true });
    await fs.promises.mkdir(dir, { recursive: true });
    return dir;
  }
}

export class PipelineError extends VidsimError<'MISSING_INPUT' | 'BAD_DATA' | 'BAD_ARGUMENT'> {}
