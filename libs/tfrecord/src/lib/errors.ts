import { VidsimError } from '@vidsim/core';

/** Machine-readable reasons a TFRecord file or a tf.train.Example can be rejected. */
export type TfRecordErrorCode =
  'TRUNCATED' | 'BAD_LENGTH_CRC' | 'BAD_DATA_CRC' | 'RECORD_TOO_LARGE' | 'BAD_PROTOBUF' | 'BAD_OPTION' | 'IO';

export interface TfRecordErrorContext {
  file?: string;
  /** Byte offset of the record's header in the file. */
  offset?: number;
  field?: string;
  hint?: string;
}

/** Every bad input this lib meets; the message names the file, offset and field. */
export class TfRecordError extends VidsimError<TfRecordErrorCode> {
  readonly file?: string;
  readonly offset?: number;
  readonly field?: string;
  readonly hint?: string;
  /** The message without its location prefix. */
  readonly detail: string;

  constructor(code: TfRecordErrorCode, detail: string, ctx: TfRecordErrorContext = {}) {
    super(formatMessage(code, detail, ctx), code, { ...ctx });
    this.detail = detail;
    this.file = ctx.file;
    this.offset = ctx.offset;
    this.field = ctx.field;
    this.hint = ctx.hint;
  }

  /** The same error with a file/offset filled in (decoders do not know where their bytes came from). */
  withContext(ctx: TfRecordErrorContext): TfRecordError {
    return new TfRecordError(this.code, this.detail, {
      file: this.file,
      offset: this.offset,
      field: this.field,
      hint: this.hint,
      ...ctx,
    });
  }
}

function formatMessage(code: TfRecordErrorCode, detail: string, ctx: TfRecordErrorContext): string {
  const where: string[] = [];
  if (ctx.file !== undefined) where.push(ctx.file);
  if (ctx.offset !== undefined) where.push(`offset ${ctx.offset}`);
  if (ctx.field !== undefined) where.push(`field ${ctx.field}`);
  const hint = ctx.hint ? ` (hint: ${ctx.hint})` : '';
  return `${code} (${where.join(', ') || 'input'}): ${detail}${hint}`;
}
