import { Rng } from '@vidsim/core';
import { BertTokenizer, JiebaSegmenter, TITLE_ENCODING, encodeBatch } from '@vidsim/tokenizer';
import type { Benchmark } from '../benchmark';

interface Ctx {
  titles: string[];
  tokenizer: BertTokenizer;
  jieba: JiebaSegmenter;
}

const LATIN = ['iPhone', 'MateRS', 'VR', 'CBA', '5G', 'Top10', 'vlog', 'DNF', 'S23', 'LOL'];
const PUNCT = ['，', '！', '？', '：', '“', '”', '《', '》', '、', ' '];

/** Title-like text: mostly common CJK characters, some Latin/digit words and punctuation, 8-40 chars. */
export function generateTitles(n: number, seed = 1): string[] {
  const rng = new Rng(seed, 'mulberry32');
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const len = 8 + rng.int(33);
    let s = '';
    while (s.length < len) {
      const u = rng.next();
      if (u < 0.85)
        s += String.fromCharCode(0x4e00 + rng.int(0x1000)); // the most common CJK block start
      else if (u < 0.93) s += LATIN[rng.int(LATIN.length)];
      else if (u < 0.97) s += PUNCT[rng.int(PUNCT.length)];
      else s += String(rng.int(10000));
    }
    out[i] = s;
  }
  return out;
}

/** Options: --titles N (default 1,000,000), --batch B (default 1024), --words 1 (also time jieba). */
const bench: Benchmark<Ctx> = {
  description: 'BERT WordPiece titles/s (40 tokens, head+tail, batched into Int32Arrays); --words 1 adds jieba',
  runs: 1,
  setup: (args) => ({
    titles: generateTitles(Number(args.titles ?? 1_000_000)),
    tokenizer: BertTokenizer.chineseBert(),
    jieba: new JiebaSegmenter(),
  }),
  run: (ctx, args) => {
    const batch = Number(args.batch ?? 1024);
    const t0 = performance.now();
    let tokens = 0;
    for (let i = 0; i < ctx.titles.length; i += batch) {
      const b = encodeBatch(ctx.tokenizer, ctx.titles.slice(i, i + batch), TITLE_ENCODING);
      for (let k = 0; k < b.attentionMask.length; k++) tokens += b.attentionMask[k];
    }
    const s = (performance.now() - t0) / 1000;
    const metrics: Record<string, number> = {
      titles: ctx.titles.length,
      titles_per_s: Math.round(ctx.titles.length / s),
      tokens_per_title: +(tokens / ctx.titles.length).toFixed(2),
    };
    if (args.words) {
      const w0 = performance.now();
      let words = 0;
      for (const t of ctx.titles) words += ctx.jieba.cut(t).length;
      const ws = (performance.now() - w0) / 1000;
      metrics.jieba_titles_per_s = Math.round(ctx.titles.length / ws);
      metrics.words_per_title = +(words / ctx.titles.length).toFixed(2);
    }
    return metrics;
  },
};
export default bench;
