import { VidsimError } from '@vidsim/core';

export type TrainerErrorCode =
  'BAD_OPTION' | 'NO_DATA' | 'NON_FINITE_LOSS' | 'BAD_CHECKPOINT' | 'NO_INTACT_CHECKPOINT' | 'WRITE_FAILED';

/**
 * The trainer's one error class: bad options, empty data, a diverged loss, a checkpoint that does not fit or is
 * damaged, no intact checkpoint to resume from, a write the system refused (a full disk).
 */
export class TrainerError extends VidsimError<TrainerErrorCode> {}

/** Words for the system errors a full or read-only disk gives. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/** `cannot <what> <path>: no space left on device (ENOSPC)`: one line naming the path the system refused. */
export function describeFsError(e: unknown, what: string, fallbackPath: string): string {
  const err = e as NodeJS.ErrnoException;
  const words = err.code
    ? (SYSTEM_ERRORS[err.code] ?? err.message.replace(/^[A-Z]+: /, '').split(',')[0])
    : err.message;
  return `cannot ${what} ${err.path ?? fallbackPath}: ${words}${err.code ? ` (${err.code})` : ''}`;
}
