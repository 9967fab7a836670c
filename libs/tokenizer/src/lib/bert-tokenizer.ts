import { TokenizerError } from './errors';
import { BertNormalizer, type NormalizerOptions } from './normalizer';
import { bertPreTokenize } from './pre-tokenizer';
import { padHeadTail, truncateLongestFirst } from './truncation';
import { WordPieceVocab, loadChineseBertVocab } from './vocab';
import { DEFAULT_WORDPIECE, WordPiece, type WordPieceOptions } from './wordpiece';

export interface SpecialTokens {
  pad: string;
  unk: string;
  cls: string;
  sep: string;
  mask: string;
}

export const BERT_SPECIAL_TOKENS: SpecialTokens = {
  pad: '[PAD]',
  unk: '[UNK]',
  cls: '[CLS]',
  sep: '[SEP]',
  mask: '[MASK]',
};

export interface BertTokenizerOptions {
  /** Lower-case (default true, as the challenge pipelines). */
  lowercase?: boolean;
  /** Strip accents; default: follows `lowercase` (HF `strip_accents: null`). */
  stripAccents?: boolean;
  cleanText?: boolean;
  handleChineseChars?: boolean;
  wordPiece?: Partial<WordPieceOptions>;
  specialTokens?: Partial<SpecialTokens>;
}

/** One encoded sequence; all arrays have the same length. */
export interface Encoding {
  inputIds: number[];
  tokenTypeIds: number[];
  /** 1 where `inputIds[i] !== padId` (the reference's `mask = id > 0`). */
  attentionMask: number[];
}

export interface EncodeOptions {
  /** Fixed length: longer sequences are truncated, shorter ones padded with [PAD]. */
  maxLength?: number;
  /** Single texts: keep the last `lastTokens` when truncating (reference head+tail; default 0 = head only). */
  lastTokens?: number;
  /** Add [CLS]/[SEP] (default true). */
  addSpecialTokens?: boolean;
}

/** Reference presets: title 40 (first 30 + last 10), ASR 64 (first 44 + last 20). */
export const TITLE_ENCODING: Readonly<EncodeOptions> = { maxLength: 40, lastTokens: 10 };
export const ASR_ENCODING: Readonly<EncodeOptions> = { maxLength: 64, lastTokens: 20 };

/** Token ids of one text with, per token, how many normalised non-space characters it covers. */
export interface DetailedTokens {
  ids: number[];
  charLengths: number[];
}

/**
 * BERT WordPiece tokenizer with the Hugging Face `tokenizers` semantics: special-token literals split
 * out of the raw text, BertNormalizer, BertPreTokenizer, WordPiece, [CLS]/[SEP] template.
 */
export class BertTokenizer {
  readonly normalizer: BertNormalizer;
  readonly wordPiece: WordPiece;
  readonly padId: number;
  readonly unkId: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly maskId: number;
  private readonly specialRe: RegExp;
  private readonly specialIds = new Map<string, number>();
  private readonly pieceLengths: Int32Array;

  constructor(
    readonly vocab: WordPieceVocab,
    options: BertTokenizerOptions = {},
  ) {
    const lowercase = options.lowercase ?? true;
    const norm: NormalizerOptions = {
      cleanText: options.cleanText ?? true,
      handleChineseChars: options.handleChineseChars ?? true,
      lowercase,
      stripAccents: options.stripAccents ?? lowercase,
    };
    this.normalizer = new BertNormalizer(norm);
    const special = { ...BERT_SPECIAL_TOKENS, ...options.specialTokens };
    this.wordPiece = new WordPiece(vocab, { ...DEFAULT_WORDPIECE, unkToken: special.unk, ...options.wordPiece });
    this.padId = vocab.require(special.pad);
    this.unkId = vocab.require(special.unk);
    this.clsId = vocab.require(special.cls);
    this.sepId = vocab.require(special.sep);
    this.maskId = vocab.require(special.mask);
    for (const t of Object.values(special)) this.specialIds.set(t, vocab.require(t));
    const alternatives = [...this.specialIds.keys()]
      .sort((a, b) => b.length - a.length)
      .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.specialRe = new RegExp(alternatives.join('|'), 'g');
    const prefix = this.wordPiece.options.continuingSubwordPrefix;
    this.pieceLengths = Int32Array.from(
      vocab.tokens,
      (t) => [...(t.startsWith(prefix) ? t.slice(prefix.length) : t)].length,
    );
  }

  /** The bundled 21,128-token Chinese BERT vocab (lower-cased unless told otherwise). */
  static chineseBert(options: BertTokenizerOptions = {}): BertTokenizer {
    return new BertTokenizer(loadChineseBertVocab(), options);
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  /** Ids of the special tokens (PAD, UNK, CLS, SEP, MASK). */
  get allSpecialIds(): number[] {
    return [...new Set(this.specialIds.values())];
  }

  /** Word-piece ids of `text`, without [CLS]/[SEP]. */
  tokenizeToIds(text: string): number[] {
    return this.tokenizeDetailed(text, false).ids;
  }

  /** Word-piece strings of `text`, without [CLS]/[SEP]. */
  tokenize(text: string): string[] {
    return this.tokenizeToIds(text).map((id) => this.vocab.tokens[id]);
  }

  /** Ids plus per-token character lengths (for aligning tokens with word segmentation). */
  tokenizeDetailed(text: string, withLengths = true): DetailedTokens {
    const ids: number[] = [];
    const charLengths: number[] = [];
    if (text.indexOf('[') < 0) {
      this.tokenizePlain(text, ids, withLengths ? charLengths : undefined);
      return { ids, charLengths };
    }
    let last = 0;
    for (const m of text.matchAll(this.specialRe)) {
      const at = m.index ?? 0;
      this.tokenizePlain(text.slice(last, at), ids, withLengths ? charLengths : undefined);
      ids.push(this.specialIds.get(m[0]) as number);
      if (withLengths) charLengths.push([...m[0]].length);
      last = at + m[0].length;
    }
    this.tokenizePlain(text.slice(last), ids, withLengths ? charLengths : undefined);
    return { ids, charLengths };
  }

  private tokenizePlain(text: string, ids: number[], lengths?: number[]): void {
    if (text.length === 0) return;
    const words = bertPreTokenize(this.normalizer.normalize(text));
    for (const w of words) {
      const n = this.wordPiece.encodeWord(w, ids);
      if (!lengths) continue;
      if (n === 1 && ids[ids.length - 1] === this.unkId) lengths.push([...w].length);
      else for (let k = ids.length - n; k < ids.length; k++) lengths.push(this.pieceLengths[ids[k]]);
    }
  }

  /** [CLS] text [SEP], then the reference truncation (head + tail) and padding when `maxLength` is set. */
  encode(text: string, options: EncodeOptions = {}): Encoding {
    const body = this.tokenizeToIds(text);
    const ids = options.addSpecialTokens === false ? body : [this.clsId, ...body, this.sepId];
    const fixed =
      options.maxLength === undefined ? ids : padHeadTail(ids, options.maxLength, this.padId, options.lastTokens ?? 0);
    return this.finish(fixed, new Array<number>(fixed.length).fill(0));
  }

  /**
   * [CLS] a [SEP] b [SEP] with token types 0…0 1…1. With `maxLength`, the longer text loses tokens from
   * its end first (Python BertTokenizer "longest_first"), then the result is padded.
   */
  encodePair(a: string, b: string, options: EncodeOptions = {}): Encoding {
    let ta = this.tokenizeToIds(a);
    let tb = this.tokenizeToIds(b);
    const special = options.addSpecialTokens === false ? 0 : 3;
    if (options.maxLength !== undefined) [ta, tb] = truncateLongestFirst(ta, tb, options.maxLength - special);
    const ids = special ? [this.clsId, ...ta, this.sepId, ...tb, this.sepId] : [...ta, ...tb];
    const types = ids.map((_, i) => (i < ta.length + (special ? 2 : 0) ? 0 : 1));
    if (options.maxLength === undefined) return this.finish(ids, types);
    return this.finish(padHeadTail(ids, options.maxLength, this.padId), padHeadTail(types, options.maxLength, 0));
  }

  private finish(inputIds: number[], tokenTypeIds: number[]): Encoding {
    return { inputIds, tokenTypeIds, attentionMask: inputIds.map((id) => (id !== this.padId ? 1 : 0)) };
  }

  /** Token strings of ids. */
  idsToTokens(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      const t = this.vocab.tokens[id];
      if (t === undefined) throw new TokenizerError(`id ${id} is outside the vocabulary`, 'BAD_INPUT', { id });
      return t;
    });
  }
}
