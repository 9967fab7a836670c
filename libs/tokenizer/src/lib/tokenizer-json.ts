import * as fs from 'node:fs';
import { BertTokenizer, type BertTokenizerOptions } from './bert-tokenizer';
import { TokenizerError } from './errors';
import { WordPieceVocab } from './vocab';

interface TokenizerJson {
  normalizer?: {
    type?: string;
    clean_text?: boolean;
    handle_chinese_chars?: boolean;
    strip_accents?: boolean | null;
    lowercase?: boolean;
  } | null;
  pre_tokenizer?: { type?: string } | null;
  model?: {
    type?: string;
    vocab?: Record<string, number>;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
  };
}

function fail(message: string, file?: string): never {
  throw new TokenizerError(message, 'BAD_TOKENIZER_JSON', { file });
}

/** Build a BertTokenizer from a Hugging Face `tokenizer.json` (WordPiece + BertNormalizer + BertPreTokenizer). */
export function bertTokenizerFromJson(json: string | object, file?: string): BertTokenizer {
  let spec: TokenizerJson;
  try {
    spec = (typeof json === 'string' ? JSON.parse(json) : json) as TokenizerJson;
  } catch (e) {
    fail(`not JSON: ${(e as Error).message}`, file);
  }
  const model = spec.model;
  if (!model || (model.type !== undefined && model.type !== 'WordPiece') || !model.vocab) {
    fail(`model must be WordPiece with a vocab (got ${model?.type ?? 'none'})`, file);
  }
  if (spec.normalizer && spec.normalizer.type !== 'BertNormalizer')
    fail(`unsupported normalizer ${spec.normalizer.type}`, file);
  if (spec.pre_tokenizer && spec.pre_tokenizer.type !== 'BertPreTokenizer') {
    fail(`unsupported pre_tokenizer ${spec.pre_tokenizer.type}`, file);
  }
  const entries = Object.entries(model.vocab);
  const tokens = new Array<string>(entries.length);
  for (const [token, id] of entries) {
    if (!Number.isInteger(id) || id < 0 || id >= entries.length || tokens[id] !== undefined) {
      fail(`vocab ids must be 0..${entries.length - 1} without gaps (token ${token} has ${id})`, file);
    }
    tokens[id] = token;
  }
  const n = spec.normalizer;
  const options: BertTokenizerOptions = {
    lowercase: n ? (n.lowercase ?? true) : false,
    stripAccents: n ? (n.strip_accents ?? undefined) : false,
    cleanText: n ? (n.clean_text ?? true) : false,
    handleChineseChars: n ? (n.handle_chinese_chars ?? true) : false,
    wordPiece: {
      ...(model.unk_token !== undefined && { unkToken: model.unk_token }),
      ...(model.continuing_subword_prefix !== undefined && {
        continuingSubwordPrefix: model.continuing_subword_prefix,
      }),
      ...(model.max_input_chars_per_word !== undefined && { maxInputCharsPerWord: model.max_input_chars_per_word }),
    },
    ...(model.unk_token !== undefined && { specialTokens: { unk: model.unk_token } }),
  };
  return new BertTokenizer(new WordPieceVocab(tokens), options);
}

/** Read and parse a `tokenizer.json` file. */
export function loadBertTokenizerJson(file: string): BertTokenizer {
  if (!fs.existsSync(file)) throw new TokenizerError(`tokenizer.json not found: ${file}`, 'VOCAB_NOT_FOUND', { file });
  return bertTokenizerFromJson(fs.readFileSync(file, 'utf8'), file);
}
