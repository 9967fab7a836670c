export type RunReportErrorCode = 'NO_RUN_DIR' | 'BAD_ARGS' | 'RENDER_FAILED' | 'VEGA_LOAD_FAILED';

/** The one error class of run-report; `file` names the artifact or output involved. */
export class RunReportError extends Error {
  constructor(message: string, readonly code: RunReportErrorCode, readonly file?: string) {
    super(message);
    this.name = 'RunReportError';
  }
}
