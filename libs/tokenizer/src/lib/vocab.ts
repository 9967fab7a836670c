import * as fs from 'node:fs';
import * as path from 'node:path';
import { TokenizerError } from './errors';

/** A WordPiece vocabulary: token <-> id, in file order (line n = id n). */
export class WordPieceVocab {
  private readonly ids = new Map<string, number>();

  constructor(readonly tokens: readonly string[]) {
    if (tokens.length === 0) throw new TokenizerError('empty vocabulary', 'BAD_VOCAB');
    tokens.forEach((t, i) => {
      // The first occurrence wins, as in the Python loader (later duplicates keep their line but are unreachable).
      if (!this.ids.has(t)) this.ids.set(t, i);
    });
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The id of `token`, or undefined. */
  get(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** The id of a token that must exist (e.g. a special token). */
  require(token: string): number {
    const id = this.ids.get(token);
    if (id === undefined) throw new TokenizerError(`token ${token} is not in the vocabulary`, 'BAD_VOCAB', { token });
    return id;
  }

  /** Parse the text of a BERT `vocab.txt` (one token a line). */
  static fromText(text: string): WordPieceVocab {
    const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return new WordPieceVocab(lines);
  }

  static fromFile(file: string): WordPieceVocab {
    if (!fs.existsSync(file)) throw new TokenizerError(`vocab file not found: ${file}`, 'VOCAB_NOT_FOUND', { file });
    return WordPieceVocab.fromText(fs.readFileSync(file, 'utf8'));
  }
}

let bundled: WordPieceVocab | undefined;

/** Where the bundled 21,128-token Chinese BERT vocab lives, from src/lib or dist/lib alike. */
export function chineseBertVocabPath(): string {
  const candidates = [
    path.resolve(__dirname, '../../assets/vocab.txt'),
    path.resolve(__dirname, '../assets/vocab.txt'),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new TokenizerError(
      'bundled vocab.txt not found: is the package "assets" folder installed?',
      'VOCAB_NOT_FOUND',
      {
        candidates,
      },
    );
  }
  return found;
}

/**
 * The vocab shared by bert-base-chinese and hfl/chinese-roberta-wwm-ext (21,128 tokens, Apache-2.0),
 * shipped in this package's `assets/`. Loaded once and cached.
 */
export function loadChineseBertVocab(): WordPieceVocab {
  bundled ??= WordPieceVocab.fromFile(chineseBertVocabPath());
  return bundled;
}
