import { VidsimError } from '@vidsim/core';
/** Machine-readable reasons a data-prep input can be rejected. */
export type DataPrepErrorCode =
  | 'TRUNCATED'
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

  /** The same error with a file/offset filled in (decoders do not know where their bytes came from). */
  withContext(ctx: DataPrepErrorContext): DataPrepError {
    const merged = { file: this.file, offset: this.offset, line: this.line, field: this.field, hint: this.hint, ...ctx };
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
