import { VidsimError } from '@vidsim/core';

export type TrainerErrorCode = 'BAD_OPTION' | 'NO_DATA' | 'NON_FINITE_LOSS' | 'BAD_CHECKPOINT';

/** The trainer's one error class: bad options, empty data, a diverged loss, a checkpoint that does not fit. */
export class TrainerError extends VidsimError<TrainerErrorCode> {}
