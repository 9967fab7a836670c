export type TrainerErrorCode = 'WRITE_FAILED' | 'CHECKPOINT_DAMAGED' | 'NO_INTACT_CHECKPOINT' | 'BAD_SETTING' | 'NON_FINITE_LOSS';

/** The one error of this lib: `code` is stable; `context.file` names the file involved where there is one. */
export class TrainerError extends Error {
  constructor(message: string, readonly code: TrainerErrorCode, readonly context: { file?: string; step?: number } = {}) {
    super(message);
    this.name = 'TrainerError';
  }
}

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
  const words = err.code ? (SYSTEM_ERRORS[err.code] ?? err.message.replace(/^[A-Z]+: /, '').split(',')[0]) : err.message;
  return `cannot ${what} ${err.path ?? fallbackPath}: ${words}${err.code ? ` (${err.code})` : ''}`;
}
