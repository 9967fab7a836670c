import * as path from 'path';
import { LOCKS_DIR, RUN_FILES } from './files';
import { SHARED_STAGES, type StageDirName } from './stages';

/** Where a run's artifacts live: `<root>/<run>/<stage>/<file>`. Paths only; nothing is read or written here. */
export class RunLayout {
  /**
   * `sharedFrom`: the data stages (corpus .. pretrain) live under that run's folder instead, as the ablation rows
   * use them (they differ only from pointwise on).
   */
  constructor(
    readonly root: string,
    readonly run: string,
    readonly sharedFrom?: string,
  ) {}

  get runDir(): string {
    return path.join(this.root, this.run);
  }

  dir(stage: StageDirName): string {
    const owner = this.sharedFrom && SHARED_STAGES.includes(stage) ? this.sharedFrom : this.run;
    return path.join(this.root, owner, stage);
  }

  file(stage: StageDirName, name: (typeof RUN_FILES)[keyof typeof RUN_FILES] | string): string {
    return path.join(this.dir(stage), name);
  }

  /** The completion record of a stage. */
  stageFile(stage: StageDirName): string {
    return this.file(stage, RUN_FILES.stage);
  }

  lockFile(stage: StageDirName): string {
    return path.join(this.runDir, LOCKS_DIR, `${stage}.lock`);
  }
}
