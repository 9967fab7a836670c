import { VidsimError } from '@vidsim/core';
export type SpearmanEvalErrorCode =
  | 'LENGTH_MISMATCH'
  | 'MISSING_VID'
  | 'DIM_MISMATCH'
  | 'BAD_PAIRS'
  | 'NON_FINITE'
  | 'BAD_OPTION'
  | 'BAD_SUBMISSION'
  | 'TOO_LARGE'
  | 'BAD_STATE';

/** The one error of this lib: `code` is stable, `context` names the vid / pair / file / field involved. */
export class SpearmanEvalError extends VidsimError<SpearmanEvalErrorCode> {}
