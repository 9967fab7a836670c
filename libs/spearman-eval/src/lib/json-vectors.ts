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

/**
 * Incremental parser for `{"vid": [numbers], ...}` fed in byte chunks, so a 200 MB result.json is never held as
 * one string. Number tokens accept NaN / Infinity / -Infinity (Python's json writes them) so that a checker can
 * report them by vid and index instead of failing on syntax.
 */
export class JsonVectorParser {
  private state = S.Start;
  private keyBytes: number[] = [];
  private escaped = false;
  private key = '';
  private token = '';
  private values = new Float64Array(512);
  private n = 0;
  private offset = 0;

  constructor(private readonly onVector: (vid: string, values: Float64Array) => void) {}

  push(chunk: Uint8Array): void {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let tokenStart = -1;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      switch (this.state) {
        case S.Value:
          if (c === 0x2c || c === 0x5d || isWs(c)) {
            this.endValue(this.token + buf.toString('latin1', tokenStart < 0 ? 0 : tokenStart, i));
            this.token = '';
            tokenStart = -1;
            this.state = S.AfterValue;
            i--; // re-read the delimiter
          }
          break;
        case S.ValueOrEnd:
          if (isWs(c)) break;
          if (c === 0x5d && this.n === 0) this.endVector();
          else {
            this.state = S.Value;
            tokenStart = i;
          }
          break;
        case S.AfterValue:
          if (isWs(c)) break;
          if (c === 0x2c) this.state = S.ValueOrEnd;
          else if (c === 0x5d) this.endVector();
          else this.fail(c, "',' or ']'");
          break;
        case S.Key:
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) {
            const raw = Buffer.from(this.keyBytes).toString('utf8');
            this.key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
            this.keyBytes = [];
            this.state = S.Colon;
            break;
          }
          this.keyBytes.push(c);
          break;
        default:
          if (!isWs(c)) this.structural(c);
      }
    }
    if (this.state === S.Value) this.token += buf.toString('latin1', tokenStart < 0 ? 0 : tokenStart, buf.length);
    this.offset += buf.length;
  }

  /** Call after the last chunk: throws if the document is incomplete. */
  end(): void {
    if (this.state !== S.Done) throw new SpearmanEvalError(`result.json ends early (inside ${this.key ? `vid ${this.key}` : 'the object'})`, 'BAD_SUBMISSION', { offset: this.offset });
  }

  private structural(c: number): void {
    switch (this.state) {
      case S.Start:
        return c === 0x7b ? void (this.state = S.KeyOrEnd) : this.fail(c, "'{'");
      case S.KeyOrEnd:
        if (c === 0x7d) return void (this.state = S.Done);
        return c === 0x22 ? void (this.state = S.Key) : this.fail(c, 'a quoted vid');
      case S.Colon:
        return c === 0x3a ? void (this.state = S.ArrayStart) : this.fail(c, "':'");
      case S.ArrayStart:
        if (c !== 0x5b) return this.fail(c, `'[' (vid ${this.key} must map to a list of numbers)`);
        this.n = 0;
        return void (this.state = S.ValueOrEnd);
      case S.AfterEntry:
        if (c === 0x2c) return void (this.state = S.KeyOrEnd);
        return c === 0x7d ? void (this.state = S.Done) : this.fail(c, "',' or '}'");
      default:
        return this.fail(c, 'nothing after the closing brace');
    }
  }

  private endValue(tok: string): void {
    const v = Number(tok);
    if (tok === '' || (Number.isNaN(v) && tok !== 'NaN')) {
      throw new SpearmanEvalError(`result.json: vid ${this.key} value ${this.n} is not a number: ${JSON.stringify(tok.slice(0, 40))}`, 'BAD_SUBMISSION', { vid: this.key, index: this.n });
    }
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = v;
  }

  private endVector(): void {
    this.onVector(this.key, this.values.subarray(0, this.n));
    this.state = S.AfterEntry;
  }

  private fail(c: number, expected: string): never {
    throw new SpearmanEvalError(`result.json: expected ${expected} near vid ${this.key || '(none yet)'}, got ${JSON.stringify(String.fromCharCode(c))}`, 'BAD_SUBMISSION', {
      vid: this.key,
    });
  }
}
