import { VidsimError, type VidsimErrorContext } from '@vidsim/core';

export type TrainerErrorCode = 'BAD_OPTION' | 'NO_DATA' | 'NON_FINITE_LOSS' | 'BAD_CHECKPOINT';

/** The trainer's one error class: bad options, empty data, a diverged loss, a checkpoint that does not fit. */
export class TrainerError extends VidsimError {
  declare readonly code: TrainerErrorCode;

  constructor(message: string, code: TrainerErrorCode, context: VidsimErrorContext = {}) {
    super(message, code, context);
  }
}
