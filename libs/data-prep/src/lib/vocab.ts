import { promises as fsp } from 'fs';
import { DataPrepError } from './errors';

export const PAD_ID = 0;
export const UNK_ID = 1;

/**
 * The reference's vocab layout (`Vocab(file, num_reserved_ids=1)`): 0 = PAD, 1 = UNK, tokens from 2 in
 * count-descending order, so a log-uniform sampler can treat a lower id as a more frequent token.
 * Ties are broken by the token's numeric value (the reference leaves them in counter order).
 */
export class Vocab {
  private readonly index = new Map<string, number>();

  constructor(
    readonly tokens: string[],
    readonly counts: number[],
  ) {
    tokens.forEach((t, i) => this.index.set(t, i + 2));
  }

  static fromCounts(counts: Map<string | number, number>): Vocab {
    const entries = [...counts.entries()].map(([k, c]) => [String(k), c] as const);
    entries.sort((a, b) => b[1] - a[1] || cmpNumeric(a[0], b[0]));
    return new Vocab(
      entries.map((e) => e[0]),
      entries.map((e) => e[1]),
    );
  }

  /** Number of ids, PAD and UNK included. */
  get size(): number {
    return this.tokens.length + 2;
  }

  id(token: string | number | bigint, unk = UNK_ID): number {
    return this.index.get(String(token)) ?? unk;
  }

  token(id: number): string {
    if (id === PAD_ID) return '<PAD>';
    if (id === UNK_ID) return '<UNK>';
    return this.tokens[id - 2] ?? '<UNK>';
  }

  /** `token\tcount` lines, most frequent first (the reference's `WordCounter.save` format). */
  toTsv(): string {
    return this.tokens.map((t, i) => `${t}\t${this.counts[i]}\n`).join('');
  }

  static fromTsv(text: string, file = '<string>'): Vocab {
    const tokens: string[] = [];
    const counts: number[] = [];
    text.split('\n').forEach((line, i) => {
      if (line === '') return;
      const [t, c] = line.split('\t');
      const n = Number(c);
      if (!t || !Number.isInteger(n))
        throw new DataPrepError('BAD_LINE', `expected "token<TAB>count", got ${JSON.stringify(line.slice(0, 60))}`, {
          file,
          line: i + 1,
        });
      tokens.push(t);
      counts.push(n);
    });
    return new Vocab(tokens, counts);
  }

  static async load(file: string): Promise<Vocab> {
    return Vocab.fromTsv(await fsp.readFile(file, 'utf8'), file);
  }
}

function cmpNumeric(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Maps raw tag ids to vocab ids, truncated to the first `maxTags` and padded with PAD (the reference's `[29]` tag field). */
export function encodeTags(vocab: Vocab, tags: ArrayLike<bigint> | null, maxTags = 29, unk = UNK_ID): Int32Array {
  const out = new Int32Array(maxTags);
  if (tags) for (let i = 0; i < Math.min(tags.length, maxTags); i++) out[i] = vocab.id(tags[i], unk);
  return out;
}

/** Category vocabs: level-1 (`cid // 100`, the first 3 of 5 digits) and the full id; -1 (missing) is skipped. */
export function categoryVocabs(counts: Map<number, number>): { level1: Vocab; full: Vocab } {
  const level1 = new Map<number, number>();
  for (const [cid, c] of counts) {
    if (cid < 0) continue;
    const l1 = Math.floor(cid / 100);
    level1.set(l1, (level1.get(l1) ?? 0) + c);
  }
  const full = new Map([...counts].filter(([cid]) => cid >= 0));
  return { level1: Vocab.fromCounts(level1), full: Vocab.fromCounts(full) };
}
