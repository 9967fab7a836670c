import type { BackendChoice } from '@vidsim/tf-runtime';
import type { RunConfig } from '@vidsim/run-config';
import { RunArtifacts } from '../artifacts';

/** What every stage gets: the resolved config, where artifacts live, the backend, and how to report. */
export interface StageContext {
  config: RunConfig;
  artifacts: RunArtifacts;
  backend: BackendChoice;
  /** Continue from the stage's latest checkpoint instead of starting over. */
  resume: boolean;
  log: (line: string) => void;
}

export function makeContext(
  config: RunConfig,
  backend: BackendChoice,
  options: { resume?: boolean; artifactsRoot?: string; sharedFrom?: string; log?: (l: string) => void } = {},
): StageContext {
  return {
    config,
    artifacts: new RunArtifacts(config, options.artifactsRoot, options.sharedFrom),
    backend,
    resume: options.resume ?? false,
    log: options.log ?? ((l) => process.stderr.write(l + '\n')),
  };
}
