import { BertTokenizer, TITLE_ENCODING } from './bert-tokenizer';
import { encodeBatch } from './batch';
import { TokenizerError } from './errors';
import { maskTokens } from './mlm';
import { Rng } from '@vidsim/core';
import { JiebaSegmenter } from './segmenter';
import { alignWordStarts, wholeWordStarts } from './whole-word';

const tok = BertTokenizer.chineseBert();
const titles = [
  '王思聪喜提50台，高晓松陆毅都用，这些名人为何狂追华为MateRS?',
  '我只不过跳了跳舞，结果光子实在太狠了',
  '和女儿们一块玩游戏，把她俩给骗了，她们却玩的很开心',
  '好消息！淮南这些楼盘有少量房源 最低单价4200元/㎡',
];
const batch = encodeBatch(tok, titles, TITLE_ENCODING);
const special = new Set([0, 100, 101, 102, 103]);
const considered = batch.inputIds.filter((id) => !special.has(id)).length;

describe('MLM masking (reference §4)', () => {
  it('masks ceil(15%) of the non-special tokens of the batch and never a special token', () => {
    const rng = new Rng(5, 'mulberry32');
    for (let r = 0; r < 50; r++) {
      const m = maskTokens(batch.inputIds, rng);
      expect(m.numMasked).toBe(Math.ceil(0.15 * considered));
      for (let i = 0; i < batch.inputIds.length; i++) {
        if (special.has(batch.inputIds[i])) {
          expect(m.weights[i]).toBe(0);
          expect(m.inputIds[i]).toBe(batch.inputIds[i]);
        }
        expect(m.labels[i]).toBe(m.weights[i] ? batch.inputIds[i] : -100);
      }
    }
  });

  it('over many batches: uniform positions, 80% [MASK] / 10% random / 10% unchanged within 4 sigma', () => {
    const rng = new Rng(11, 'mulberry32');
    const runs = 2000;
    let total = 0;
    let masked = 0;
    let kept = 0;
    const hits = new Float64Array(batch.inputIds.length);
    for (let r = 0; r < runs; r++) {
      const m = maskTokens(batch.inputIds, rng);
      for (let i = 0; i < hits.length; i++) {
        if (!m.weights[i]) continue;
        hits[i]++;
        total++;
        if (m.inputIds[i] === 103) masked++;
        else if (m.inputIds[i] === batch.inputIds[i]) kept++;
      }
    }
    const within = (count: number, n: number, p: number) => Math.abs(count - n * p) < 4 * Math.sqrt(n * p * (1 - p));
    // "kept" also catches the 1/21128 chance that a random id equals the original.
    expect(within(masked, total, 0.8)).toBe(true);
    expect(within(kept, total, 0.1 + 0.1 / 21128)).toBe(true);
    expect(within(total - masked - kept, total, 0.1 - 0.1 / 21128)).toBe(true);
    // Without replacement over the flattened batch: each considered position is drawn with p = k / N.
    const p = Math.ceil(0.15 * considered) / considered;
    let worst = 0;
    hits.forEach((h, i) => {
      if (!special.has(batch.inputIds[i]))
        worst = Math.max(worst, Math.abs(h - runs * p) / Math.sqrt(runs * p * (1 - p)));
    });
    expect(worst).toBeLessThan(4.5);
  });

  it('rejects inconsistent options', () => {
    expect(() => maskTokens(batch.inputIds, new Rng(1, 'mulberry32'), { maskProb: 0.9, randomProb: 0.2 })).toThrow(
      TokenizerError,
    );
    expect(() => maskTokens(batch.inputIds, new Rng(1, 'mulberry32'), { wordStarts: new Uint8Array(3) })).toThrow(
      TokenizerError,
    );
  });
});

describe('whole-word masking', () => {
  it('aligns token and word character spans', () => {
    // tokens 北 京 大 学 p2 ##29 ; words 北京 大学 p229
    expect(Array.from(alignWordStarts([1, 1, 1, 1, 2, 2], [2, 2, 4]))).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('masks jieba words as a whole and keeps the 15% budget', () => {
    const jieba = new JiebaSegmenter();
    const starts = new Uint8Array(batch.inputIds.length);
    titles.forEach((t, r) => starts.set(wholeWordStarts(tok, jieba, t, TITLE_ENCODING), r * 40));
    // 我只不过跳了跳舞 -> 我 | 只不过 | 跳 | 了 | 跳舞: flags after [CLS]
    expect(Array.from(starts.subarray(40, 49))).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 0]);
    const rng = new Rng(3, 'mulberry32');
    const budget = Math.ceil(0.15 * considered);
    for (let r = 0; r < 200; r++) {
      const m = maskTokens(batch.inputIds, rng, { wordStarts: starts });
      expect(m.numMasked).toBeLessThanOrEqual(budget);
      expect(m.numMasked).toBeGreaterThanOrEqual(budget - 2);
      for (let i = 0; i < starts.length; i++) {
        // a masked continuation token implies its word start is masked too
        if (m.weights[i] && starts[i] === 0) expect(m.weights[i - 1]).toBe(1);
        if (m.weights[i] && i + 1 < starts.length && starts[i + 1] === 0 && !special.has(batch.inputIds[i + 1])) {
          expect(m.weights[i + 1]).toBe(1);
        }
      }
    }
  });
});
