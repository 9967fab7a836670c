/** Where an error happened: whichever of these the thrower knows, plus anything else worth printing. */
export interface VidsimErrorContext {
  file?: string;
  offset?: number;
  record?: number | string;
  line?: number;
  field?: string;
  [key: string]: unknown;
}

/**
 * The one base of every vidsim error: a stable `code` to branch on and a `context` naming the file, offset, record
 * and field involved. Each lib extends it with its own class and codes (`class BertError extends
 * VidsimError<BertErrorCode> {}`), so a caller can tell "our error, with a message meant for a user"
 * (`instanceof VidsimError`) from a bug (anything else).
 */
export class VidsimError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly context: VidsimErrorContext;

  constructor(message: string, code: Code, context: VidsimErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.context = context;
  }
}

/** True for any vidsim error; with `code`, only for that code. */
export function isVidsimError(e: unknown, code?: string): e is VidsimError {
  return e instanceof VidsimError && (code === undefined || e.code === code);
}
