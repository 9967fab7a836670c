import { VidsimError } from '@vidsim/core';

export type RunReportErrorCode =
  'NO_RUN_DIR' | 'BAD_ARGS' | 'RENDER_FAILED' | 'VEGA_LOAD_FAILED' | 'BAD_ARTIFACT' | 'BAD_INPUT';

/** The one error class of run-report; `file` names the artifact or output involved. */
export class RunReportError extends VidsimError<RunReportErrorCode> {
  constructor(message: string, code: RunReportErrorCode, file?: string) {
    super(message, code, file === undefined ? {} : { file });
  }

  get file(): string | undefined {
    return this.context.file;
  }
}
