import * as fs from 'node:fs';
import * as path from 'node:path';
import { BertTokenizer, TITLE_ENCODING } from './bert-tokenizer';
import { encodeBatch } from './batch';
import { TokenizerError } from './errors';
import { loadBertTokenizerJson } from './tokenizer-json';
import { padHeadTail, truncateLongestFirst } from './truncation';
import { chineseBertVocabPath, loadChineseBertVocab } from './vocab';

interface GoldenSide {
  tokens?: string[];
  input_ids: number[];
  token_type_ids?: number[];
}
interface Golden {
  vocab_size: number;
  cases: { id: number; text: string; lower: GoldenSide; cased: GoldenSide }[];
  pairs: { id: number; text: string; text_pair: string; lower: GoldenSide; cased: GoldenSide }[];
}
// Committed copy of ../shared/data/tokenizer/golden_tokenization.json (made with HF `tokenizers`).
const golden = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../testing/golden_tokenization.json'), 'utf8'),
) as Golden;
const lower = BertTokenizer.chineseBert();
const cased = BertTokenizer.chineseBert({ lowercase: false });

describe('golden agreement (HF tokenizers)', () => {
  it('bundles the 21,128-token vocab with the standard special ids', () => {
    const v = loadChineseBertVocab();
    expect(v.size).toBe(golden.vocab_size);
    expect([lower.padId, lower.unkId, lower.clsId, lower.sepId, lower.maskId]).toEqual([0, 100, 101, 102, 103]);
    expect(fs.existsSync(chineseBertVocabPath())).toBe(true);
  });

  for (const [name, tok] of [
    ['lower', lower],
    ['cased', cased],
  ] as const) {
    it(`matches every single-text case, ${name}`, () => {
      const mismatches = golden.cases.filter((c) => {
        const got = tok.encode(c.text);
        const want = c[name];
        return (
          JSON.stringify(got.inputIds) !== JSON.stringify(want.input_ids) ||
          (want.tokens !== undefined && JSON.stringify(tok.idsToTokens(got.inputIds)) !== JSON.stringify(want.tokens))
        );
      });
      expect(golden.cases.length).toBe(121);
      expect(mismatches.map((c) => c.id)).toEqual([]);
    });

    it(`matches every pair case with token types, ${name}`, () => {
      for (const p of golden.pairs) {
        const got = tok.encodePair(p.text, p.text_pair);
        expect(got.inputIds).toEqual(p[name].input_ids);
        expect(got.tokenTypeIds).toEqual(p[name].token_type_ids);
      }
    });
  }
});

describe('hand-checked behaviour', () => {
  it('splits CJK per character, lower-cases and strips accents, uses ## continuations', () => {
    expect(lower.tokenize('SIG P229')).toEqual(['si', '##g', 'p2', '##29']);
    expect(lower.tokenize('ÉTÉ,Été')).toEqual([...lower.tokenize('ete'), ',', ...lower.tokenize('ete')]);
    expect(lower.tokenize('我爱北京')).toEqual(['我', '爱', '北', '京']);
    expect(cased.tokenize('café')).not.toEqual(lower.tokenize('café'));
  });

  it('maps words longer than 100 characters to a single [UNK]', () => {
    expect(lower.tokenize('a'.repeat(101))).toEqual(['[UNK]']);
    expect(lower.tokenize('a'.repeat(100))).not.toEqual(['[UNK]']);
  });

  it('matches special-token literals in the raw text only', () => {
    expect(lower.tokenizeToIds('a[MASK]b')).toEqual([lower.tokenizeToIds('a')[0], 103, lower.tokenizeToIds('b')[0]]);
    expect(lower.tokenizeToIds('[cls]')).not.toContain(101);
  });
});

describe('truncation and padding', () => {
  it('gezi.pad: pads with 0, or keeps the first 30 + last 10 of a long title', () => {
    expect(padHeadTail([1, 2, 3], 5)).toEqual([1, 2, 3, 0, 0]);
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    const out = padHeadTail(ids, 40, 0, 10);
    expect(out.slice(0, 30)).toEqual(ids.slice(0, 30));
    expect(out.slice(30)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(padHeadTail(ids, 4, 0, 0)).toEqual([1, 2, 3, 4]);
    expect(() => padHeadTail(ids, 4, 0, 5)).toThrow(TokenizerError);
  });

  it('a 60-character title keeps [CLS] + 29 head chars and the last 9 chars + [SEP]', () => {
    const chars = '一二三四五六七八九十'.repeat(6);
    const e = lower.encode(chars, TITLE_ENCODING);
    const charIds = lower.tokenizeToIds(chars);
    expect(charIds.length).toBe(60);
    expect(e.inputIds.length).toBe(40);
    expect(e.inputIds[0]).toBe(101);
    expect(e.inputIds.slice(1, 30)).toEqual(charIds.slice(0, 29));
    expect(e.inputIds.slice(30, 39)).toEqual(charIds.slice(51));
    expect(e.inputIds[39]).toBe(102);
    expect(e.attentionMask.every((m) => m === 1)).toBe(true);
  });

  it('pads a short title and masks the padding', () => {
    const e = lower.encode('你好', TITLE_ENCODING);
    expect(e.inputIds.slice(0, 5)).toEqual([101, 872, 1962, 102, 0]);
    expect(e.attentionMask.reduce((a, b) => a + b, 0)).toBe(4);
    expect(e.tokenTypeIds.every((t) => t === 0)).toBe(true);
  });

  it('pairs: longest-first truncation, token types, padding', () => {
    expect(truncateLongestFirst([1, 2, 3, 4, 5], [6, 7], 5)).toEqual([
      [1, 2, 3],
      [6, 7],
    ]);
    expect(truncateLongestFirst([1, 2], [3, 4], 3)).toEqual([[1, 2], [3]]);
    const e = lower.encodePair('一二三四五六', '七八', { maxLength: 9 });
    // budget 9 - 3 = 6: a loses 2 tokens
    expect(lower.idsToTokens(e.inputIds)).toEqual(['[CLS]', '一', '二', '三', '四', '[SEP]', '七', '八', '[SEP]']);
    expect(e.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const padded = lower.encodePair('一', '二', { maxLength: 7 });
    expect(padded.inputIds).toEqual([101, 671, 102, 753, 102, 0, 0]);
    expect(padded.tokenTypeIds).toEqual([0, 0, 0, 1, 1, 0, 0]);
    expect(padded.attentionMask).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  it('batch-encodes into [B, T] Int32Arrays', () => {
    const b = encodeBatch(lower, ['你好', '一二三四五六七八九十'.repeat(6)], TITLE_ENCODING);
    expect([b.batchSize, b.seqLength, b.inputIds.length]).toEqual([2, 40, 80]);
    expect(Array.from(b.inputIds.subarray(0, 5))).toEqual([101, 872, 1962, 102, 0]);
    expect(b.inputIds[79]).toBe(102);
    const ragged = encodeBatch(lower, ['你', '你好'], {});
    expect(ragged.seqLength).toBe(4);
    expect(Array.from(ragged.attentionMask)).toEqual([1, 1, 1, 0, 1, 1, 1, 1]);
  });
});

const shared = path.resolve(__dirname, '../../../../../shared/data/tokenizer');
const jsonFile = path.join(shared, 'chinese-roberta-wwm-ext.lowercase.tokenizer.json');
(fs.existsSync(jsonFile) ? describe : describe.skip)('tokenizer.json loader (shared data)', () => {
  it('loads the HF tokenizer.json and agrees with the golden lower-cased cases', () => {
    const tok = loadBertTokenizerJson(jsonFile);
    expect(tok.vocabSize).toBe(21128);
    for (const c of golden.cases) expect(tok.encode(c.text).inputIds).toEqual(c.lower.input_ids);
  });
});
if (!fs.existsSync(jsonFile)) console.warn(`skipping tokenizer.json test: ${jsonFile} not found`);
