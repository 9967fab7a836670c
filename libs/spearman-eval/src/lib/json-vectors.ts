import { SpearmanEvalError } from './errors';

const enum S {
  Start,
  KeyOrEnd,
  Key,
  Colon,
  ArrayStart,
  ValueOrEnd,
  Value,
  AfterValue,
  AfterEntry,
  Done,
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDelimiter = (c: number): boolean => c === 0x2c || c === 0x5d || isWs(c);

/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Where the last `parseNumberBytes` stopped. */
let parsedEnd = 0;

/**
 * Parses `-?digits(.digits)?([eE][+-]?digits)?` from `b[start..]`, stopping at the first byte outside that grammar
 * (its index goes to `parsedEnd`). The digits are gathered as an integer, exact while below 2^53, and the decimal
 * exponent is applied by one multiply or divide by an exact power of ten (|exponent| <= 22): a single correctly
 * rounded operation, so the result equals `Number(text)` (Clinger's fast path); it is stored in `out[at]` (returning
 * a double would box it). Outside that range, or for a text that does not fit the grammar, it returns false and the
 * caller falls back to `Number` on the text.
 */
function parseNumberBytes(b: Uint8Array, start: number, end: number, out: Float64Array, at: number): boolean {
  let i = start;
  const neg = b[i] === 0x2d;
  if (neg) i++;
  let mant = 0;
  let scale = 0;
  let d = 0;
  const intStart = i;
  while (i < end && (d = b[i] - 0x30) >= 0 && d <= 9) {
    mant = mant * 10 + d;
    i++;
  }
  let ok = i > intStart;
  if (i < end && b[i] === 0x2e) {
    const fracStart = ++i;
    while (i < end && (d = b[i] - 0x30) >= 0 && d <= 9) {
      mant = mant * 10 + d;
      i++;
    }
    scale = fracStart - i;
    ok &&= i > fracStart;
  }
  if (i < end && (b[i] | 0x20) === 0x65) {
    i++;
    let eNeg = false;
    if (i < end && (b[i] === 0x2d || b[i] === 0x2b)) eNeg = b[i++] === 0x2d;
    const expStart = i;
    let exp = 0;
    while (i < end && (d = b[i] - 0x30) >= 0 && d <= 9) {
      if (exp < 1000) exp = exp * 10 + d;
      i++;
    }
    ok &&= i > expStart;
    scale += eNeg ? -exp : exp;
  }
  parsedEnd = i;
  if (!ok || mant >= 9007199254740992 || scale < -22 || scale > 22) return false;
  const v = mant === 0 ? 0 : scale >= 0 ? mant * POW10[scale] : mant / POW10[-scale];
  out[at] = neg ? -v : v;
  return true;
}

/** Bounds that keep a hostile result.json from taking unbounded memory (each piece is held while it is parsed). */
export interface JsonVectorLimits {
  /** Longest vid in bytes (the official ones have 19 digits). Default 256. */
  maxKeyBytes?: number;
  /** Most values in one vector (official: 256). Default 4096. */
  maxValues?: number;
  /** Longest number token (a double needs at most ~25 characters). Default 400. */
  maxTokenChars?: number;
}

export const DEFAULT_JSON_VECTOR_LIMITS: Required<JsonVectorLimits> = {
  maxKeyBytes: 256,
  maxValues: 4096,
  maxTokenChars: 400,
};

/**
 * Incremental parser for `{"vid": [numbers], ...}` fed in byte chunks, so a 200 MB result.json is never held as
 * one string. Number tokens accept NaN / Infinity / -Infinity (Python's json writes them) so that a checker can
 * report them by vid and index instead of failing on syntax. Keys, vectors and tokens are bounded (`limits`):
 * past a bound it throws `TOO_LARGE` naming the vid and the byte offset.
 */
export class JsonVectorParser {
  private readonly limits: Required<JsonVectorLimits>;
  private state = S.Start;
  private keyBytes: number[] = [];
  private escaped = false;
  private key = '';
  private token = '';
  private values: Float64Array;
  private n = 0;
  private offset = 0;

  constructor(
    private readonly onVector: (vid: string, values: Float64Array) => void,
    limits: JsonVectorLimits = {},
  ) {
    this.limits = { ...DEFAULT_JSON_VECTOR_LIMITS, ...limits };
    this.values = new Float64Array(Math.max(1, Math.min(512, this.limits.maxValues)));
  }

  push(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const len = buf.length;
    for (let i = 0; i < len; i++) {
      const c = buf[i];
      switch (this.state) {
        case S.ValueOrEnd: {
          if (isWs(c)) break;
          if (c === 0x5d && this.n === 0) {
            this.endVector(this.offset + i);
            break;
          }
          // Hot path: a whole number token inside this chunk is parsed from its bytes.
          if (this.n === this.values.length) this.grow(this.offset + i);
          const ok = parseNumberBytes(buf, i, len, this.values, this.n);
          let j = parsedEnd;
          if (ok && j < len && isDelimiter(buf[j])) this.n++;
          else {
            while (j < len && !isDelimiter(buf[j])) j++;
            if (j === len) {
              if (len - i > this.limits.maxTokenChars) this.tooLong(this.offset + i);
              this.token = buf.toString('latin1', i, len);
              this.state = S.Value;
              i = len;
              break;
            }
            if (j - i > this.limits.maxTokenChars) this.tooLong(this.offset + i);
            this.endValue(buf.toString('latin1', i, j), this.offset + i);
          }
          this.state = S.AfterValue;
          i = j - 1; // re-read the delimiter
          break;
        }
        case S.AfterValue:
          if (isWs(c)) break;
          if (c === 0x2c) this.state = S.ValueOrEnd;
          else if (c === 0x5d) this.endVector(this.offset + i);
          else this.fail(c, "',' or ']'", this.offset + i);
          break;
        case S.Value: {
          // A token split across chunks (rare): finish it as a string.
          let j = i;
          while (j < len && !isDelimiter(buf[j])) j++;
          if (this.token.length + (j - i) > this.limits.maxTokenChars) this.tooLong(this.offset + i);
          this.token += buf.toString('latin1', i, j);
          if (j < len) {
            this.endValue(this.token, this.offset + i);
            this.token = '';
            this.state = S.AfterValue;
          }
          i = j - 1;
          break;
        }
        case S.Key:
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) {
            this.key = this.decodeKey(this.offset + i);
            this.keyBytes = [];
            this.state = S.Colon;
            break;
          }
          if (this.keyBytes.length >= this.limits.maxKeyBytes) {
            throw new SpearmanEvalError(
              `result.json: a vid longer than ${this.limits.maxKeyBytes} bytes at byte ${this.offset + i} (after vid ${this.key || '(none yet)'})`,
              'TOO_LARGE',
              {
                vid: this.key,
                offset: this.offset + i,
              },
            );
          }
          this.keyBytes.push(c);
          break;
        default:
          if (!isWs(c)) this.structural(c, this.offset + i);
      }
    }
    this.offset += len;
  }

  /** Call after the last chunk: throws if the document is incomplete. */
  end(): void {
    if (this.state !== S.Done)
      throw new SpearmanEvalError(
        `result.json ends early (inside ${this.key ? `vid ${this.key}` : 'the object'})`,
        'BAD_SUBMISSION',
        { vid: this.key, offset: this.offset },
      );
  }

  private decodeKey(offset: number): string {
    const raw = Buffer.from(this.keyBytes).toString('utf8');
    if (!raw.includes('\\') && !/[\u0000-\u001f]/.test(raw)) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      throw new SpearmanEvalError(
        `result.json: the vid ending at byte ${offset} is not a valid JSON string: ${JSON.stringify(raw.slice(0, 40))}`,
        'BAD_SUBMISSION',
        { offset },
      );
    }
  }

  private tooLong(offset: number): never {
    throw new SpearmanEvalError(
      `result.json: vid ${this.key} value ${this.n} at byte ${offset} is longer than ${this.limits.maxTokenChars} characters`,
      'BAD_SUBMISSION',
      {
        vid: this.key,
        index: this.n,
        offset,
      },
    );
  }

  private structural(c: number, offset: number): void {
    switch (this.state) {
      case S.Start:
        return c === 0x7b ? void (this.state = S.KeyOrEnd) : this.fail(c, "'{'", offset);
      case S.KeyOrEnd:
        if (c === 0x7d) return void (this.state = S.Done);
        return c === 0x22 ? void (this.state = S.Key) : this.fail(c, 'a quoted vid', offset);
      case S.Colon:
        return c === 0x3a ? void (this.state = S.ArrayStart) : this.fail(c, "':'", offset);
      case S.ArrayStart:
        if (c !== 0x5b) return this.fail(c, `'[' (vid ${this.key} must map to a list of numbers)`, offset);
        this.n = 0;
        return void (this.state = S.ValueOrEnd);
      case S.AfterEntry:
        if (c === 0x2c) return void (this.state = S.KeyOrEnd);
        return c === 0x7d ? void (this.state = S.Done) : this.fail(c, "',' or '}'", offset);
      default:
        return this.fail(c, 'nothing after the closing brace', offset);
    }
  }

  private endValue(tok: string, offset: number): void {
    const v = Number(tok);
    // Number() also takes hex, binary, '  ' and 'Infinity' spellings JSON does not: only JSON numbers and Python's words pass
    if (
      tok === '' ||
      (!/^-?\d/.test(tok) && tok !== 'NaN' && tok !== 'Infinity' && tok !== '-Infinity') ||
      /^-?0[xXbBoO]/.test(tok) ||
      (Number.isNaN(v) && tok !== 'NaN')
    ) {
      throw new SpearmanEvalError(
        `result.json: vid ${this.key} value ${this.n} is not a number: ${JSON.stringify(tok.slice(0, 40))}`,
        'BAD_SUBMISSION',
        {
          vid: this.key,
          index: this.n,
          offset,
        },
      );
    }
    this.pushValue(v, offset);
  }

  private pushValue(v: number, offset: number): void {
    if (this.n === this.values.length) this.grow(offset);
    this.values[this.n++] = v;
  }

  private grow(offset: number): void {
    if (this.values.length >= this.limits.maxValues) {
      throw new SpearmanEvalError(
        `result.json: vid ${this.key} has more than ${this.limits.maxValues} values (at byte ${offset})`,
        'TOO_LARGE',
        {
          vid: this.key,
          offset,
          maxValues: this.limits.maxValues,
        },
      );
    }
    const grown = new Float64Array(Math.min(this.values.length * 2, this.limits.maxValues));
    grown.set(this.values);
    this.values = grown;
  }

  /** Byte offset in result.json of the last vector's closing bracket (where a caller's check of it failed). */
  lastVectorEnd = 0;

  private endVector(offset: number): void {
    this.lastVectorEnd = offset;
    this.onVector(this.key, this.values.subarray(0, this.n));
    this.state = S.AfterEntry;
  }

  private fail(c: number, expected: string, offset: number): never {
    throw new SpearmanEvalError(
      `result.json: expected ${expected} near vid ${this.key || '(none yet)'} at byte ${offset}, got ${JSON.stringify(String.fromCharCode(c))}`,
      'BAD_SUBMISSION',
      {
        vid: this.key,
        offset,
      },
    );
  }
}
