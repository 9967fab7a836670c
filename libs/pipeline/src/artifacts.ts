import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '@vidsim/tf-runtime';
import type { RunConfig, StageName } from '@vidsim/run-config';

export type StageDirName = StageName | `pairwise-${string}` | 'report' | 'ablation' | 'eval';

/** artifacts/<run>/<stage>/: what each stage writes and the next ones read. */
export class RunArtifacts {
  /**
   * `sharedFrom`: read (and never write) the data stages (corpus .. pretrain) from another run's folder, as the
   * ablation rows do: they differ only from pointwise on.
   */
  constructor(readonly config: RunConfig, readonly root = 'artifacts', readonly sharedFrom?: string) {}

  dir(stage: StageDirName): string {
    const run = this.sharedFrom && SHARED_STAGES.includes(stage) ? this.sharedFrom : this.config.name;
    return path.join(this.root, run, stage);
  }

  /** The folder of the official files, or of the generated corpus. */
  corpusDir(): string {
    return this.config.corpus.source === 'official' ? this.config.corpus.dir : this.dir('corpus');
  }

  /** Fails before any work when an upstream stage has not finished (its stage.json is written last). */
  requireStage(stage: StageDirName, neededBy: string): StageRecord {
    const file = path.join(this.dir(stage), completionFile(stage));
    if (!fs.existsSync(file)) {
      throw new PipelineError(`${neededBy} needs the '${stage}' stage of run '${this.config.name}', but ${file} does not exist: run that stage first (npx nx run ${this.config.name}:${stage.startsWith('pairwise') ? 'pairwise' : stage})`, 'MISSING_INPUT');
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StageRecord;
  }

  /** Marks a stage complete: config, timings and results, written atomically after every other output. */
  async completeStage(stage: StageDirName, record: Omit<StageRecord, 'stage' | 'finishedAt'>): Promise<void> {
    const full: StageRecord = { stage, finishedAt: new Date().toISOString(), ...record };
    await writeFileAtomic(path.join(this.dir(stage), STAGE_FILE), Buffer.from(JSON.stringify(full, null, 2) + '\n'));
    // a finished stage needs no resume point; its checkpoints would only weigh down the Nx cache
    await fs.promises.rm(path.join(this.dir(stage), 'checkpoints'), { recursive: true, force: true });
  }

  /** Clears a stage's folder for a fresh (non-resumed) run, so stale files never mix with new ones. */
  async resetStage(stage: StageDirName, keepCheckpoints: boolean): Promise<string> {
    const dir = this.dir(stage);
    await fs.promises.rm(path.join(dir, STAGE_FILE), { force: true });
    if (!keepCheckpoints) await fs.promises.rm(dir, { recursive: true, force: true });
    await fs.promises.mkdir(dir, { recursive: true });
    return dir;
  }
}

export const STAGE_FILE = 'stage.json';

const SHARED_STAGES: string[] = ['corpus', 'prepare', 'features', 'pretrain'];

/** The file a stage writes last; `apps/prepare` (a standalone tool) marks completion with its manifest. */
export function completionFile(stage: StageDirName): string {
  return stage === 'prepare' ? 'manifest.json' : STAGE_FILE;
}

export interface StageRecord {
  stage: string;
  finishedAt: string;
  seconds: number;
  backend: string;
  config: unknown;
  results: Record<string, unknown>;
}

export class PipelineError extends Error {
  constructor(message: string, readonly code: 'MISSING_INPUT' | 'BAD_DATA' | 'BAD_ARGUMENT') {
    super(message);
    this.name = 'PipelineError';
  }
}
