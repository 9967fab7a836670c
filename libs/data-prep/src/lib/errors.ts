import { VidsimError } from '@vidsim/core';
import { TfRecordError } from '@vidsim/tfrecord';

/** Machine-readable reasons a data-prep input can be rejected. */
export type DataPrepErrorCode =
  | 'TRUNCATED'
  | 'RECORD_TOO_LARGE'
  | 'BAD_LENGTH_CRC'
  | 'BAD_DATA_CRC'
  | 'BAD_PROTOBUF'
  | 'BAD_FIELD'
  | 'BAD_FRAME'
  | 'BAD_ID'
  | 'BAD_RELEVANCE'
  | 'BAD_LINE'
  | 'UNKNOWN_VID'
  | 'BAD_STORE'
  | 'BAD_OPTION'
  | 'EMPTY_INPUT'
  | 'IO';

export interface DataPrepErrorContext {
  file?: string;
  /** Byte offset of the record (TFRecord files). */
  offset?: number;
  /** 1-based line number (text files). */
  line?: number;
  field?: string;
  hint?: string;
}

/** One error type for every bad input this lib can meet; the message names file, offset or line, and field. */
export class DataPrepError extends VidsimError<DataPrepErrorCode> {
  readonly file?: string;
  readonly offset?: number;
  readonly line?: number;
  readonly field?: string;
  readonly hint?: string;
  /** The message without its location prefix. */
  readonly detail: string;

  constructor(code: DataPrepErrorCode, detail: string, ctx: DataPrepErrorContext = {}) {
    super(formatMessage(code, detail, ctx), code, { ...ctx });
    this.detail = detail;
    this.file = ctx.file;
    this.offset = ctx.offset;
    this.line = ctx.line;
    this.field = ctx.field;
    this.hint = ctx.hint;
  }

  /** A TfRecordError (framing, protobuf) as this lib's error, same code, detail and location; anything else as it is. */
  static from(e: unknown): unknown {
    if (!(e instanceof TfRecordError)) return e;
    return new DataPrepError(e.code, e.detail, { file: e.file, offset: e.offset, field: e.field, hint: e.hint });
  }

  /** The same error with a file/offset filled in (decoders do not know where their bytes came from). */
  withContext(ctx: DataPrepErrorContext): DataPrepError {
    const merged = {
      file: this.file,
      offset: this.offset,
      line: this.line,
      field: this.field,
      hint: this.hint,
      ...ctx,
    };
    return new DataPrepError(this.code, this.detail, merged);
  }
}

function formatMessage(code: DataPrepErrorCode, detail: string, ctx: DataPrepErrorContext): string {
  const where: string[] = [];
  if (ctx.file !== undefined) where.push(ctx.file);
  if (ctx.offset !== undefined) where.push(`offset ${ctx.offset}`);
  if (ctx.line !== undefined) where.push(`line ${ctx.line}`);
  if (ctx.field !== undefined) where.push(`field ${ctx.field}`);
  const hint = ctx.hint ? ` (hint: ${ctx.hint})` : '';
  return `${code} (${where.join(', ') || 'input'}): ${detail}${hint}`;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/**
 * A failed file-system call as a one-line DataPrepError IO naming `file` (Node's errors from writev, close or a
 * FileHandle carry no path). A DataPrepError passes through unchanged; anything that is no errno error is rethrown
 * as it is (a bug, not bad input).
 */
export function ioError(e: unknown, file: string, action: string): Error {
  if (e instanceof DataPrepError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e instanceof Error ? e : new Error(String(e));
  return new DataPrepError(
    'IO',
    `${action}: ${ERRNO_TEXT[code] ?? ((e as Error).message.split('\n')[0] || code)} (${code})`,
    { file },
  );
}
