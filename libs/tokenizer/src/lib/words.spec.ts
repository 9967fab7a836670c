import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenizerError } from './errors';
import { JiebaSegmenter } from './segmenter';
import { TITLE_WORDS, WORD_UNK_ID, WordVocab, wordIds } from './word-vocab';

const jieba = new JiebaSegmenter();

describe('jieba segmentation', () => {
  it('reproduces the accurate-mode examples published in the jieba README', () => {
    expect(jieba.cut('我来到北京清华大学')).toEqual(['我', '来到', '北京', '清华大学']);
    // "杭研" is not in the dictionary: HMM (on by default) must find it.
    expect(jieba.cut('他来到了网易杭研大厦')).toEqual(['他', '来到', '了', '网易', '杭研', '大厦']);
    expect(new JiebaSegmenter({ hmm: false }).cut('他来到了网易杭研大厦')).toContain('杭');
  });

  it('drops whitespace tokens and keeps every other character, in order', () => {
    const title = '王者荣耀S23赛季 新英雄 上线，你准备好了吗？';
    const words = jieba.cut(title);
    expect(words.every((w) => w.trim() === w && w.length > 0)).toBe(true);
    expect(words.join('')).toBe(title.replace(/\s/g, ''));
    expect(new JiebaSegmenter({ keepWhitespace: true }).cut(title)).toContain(' ');
  });
});

describe('word vocab (reference layout)', () => {
  const texts = ['我爱北京', '我爱上海', '北京欢迎你'];
  const seg = { cut: (t: string) => t.match(/../g) ?? [] }; // fixed 2-char words, independent of jieba
  const vocab = WordVocab.build(texts, seg);

  it('reserves 0..199, puts UNK at 200 and words from 201 by descending count', () => {
    // counts: 我爱 2, 北京 2 (seen after 我爱), 上海 1, 欢迎 1
    expect(vocab.words).toEqual(['我爱', '北京', '上海', '欢迎']);
    expect([vocab.id('我爱'), vocab.id('北京'), vocab.id('上海'), vocab.id('欢迎')]).toEqual([201, 202, 203, 204]);
    expect(vocab.id('没有')).toBe(WORD_UNK_ID);
    expect(vocab.size).toBe(205);
    expect([vocab.key(0), vocab.key(101), vocab.key(200), vocab.key(201)]).toEqual(['<PAD>', '<PAD>', '<UNK>', '我爱']);
  });

  it('saves as word<TAB>count text and loads back', () => {
    expect(vocab.toText()).toBe('我爱\t2\n北京\t2\n上海\t1\n欢迎\t1\n');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wv-')), 'word_vocab.txt');
    vocab.save(file);
    const back = WordVocab.load(file);
    expect(back.words).toEqual(vocab.words);
    expect(back.counts).toEqual([2, 2, 1, 1]);
    expect(() => WordVocab.fromText('a\tx\n')).toThrow(TokenizerError);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('title word ids: [101, ids, 102], padded to 26, or first 16 + last 10', () => {
    const short = wordIds(['我爱', '北京', '火星'], vocab);
    expect(Array.from(short.subarray(0, 6))).toEqual([101, 201, 202, 200, 102, 0]);
    expect(short.length).toBe(26);
    const many = Array.from({ length: 30 }, (_, i) => (i % 2 ? '北京' : '上海'));
    const ids = Array.from(wordIds(many, vocab, TITLE_WORDS));
    const full = [101, ...many.map((w) => vocab.id(w)), 102];
    expect(ids).toEqual([...full.slice(0, 16), ...full.slice(22)]);
    expect(ids[25]).toBe(102);
  });

  it('builds from real jieba words', () => {
    const v = WordVocab.build(['我来到北京清华大学', '他来到了网易杭研大厦'], jieba);
    expect(v.words[0]).toBe('来到');
    expect(v.id('杭研')).toBeGreaterThan(WORD_UNK_ID);
  });
});

const titles = path.resolve(__dirname, '../../../../../shared/data/toutiao/titles.txt');
(fs.existsSync(titles) ? describe : describe.skip)('segmentation of real titles (shared data)', () => {
  it('segments 500 real news titles losslessly into mostly multi-character words', () => {
    const lines = fs.readFileSync(titles, 'utf8').split('\n').filter(Boolean).slice(0, 500);
    let words = 0;
    let multi = 0;
    for (const line of lines) {
      const title = line.split('_!_')[3];
      const cut = jieba.cut(title);
      expect(cut.join('')).toBe(title.replace(/\s/g, ''));
      words += cut.length;
      multi += cut.filter((w) => w.length > 1).length;
    }
    // Chinese news text: about 60% of jieba tokens are multi-character words (well above 40%).
    expect(multi / words).toBeGreaterThan(0.4);
  });
});
if (!fs.existsSync(titles)) console.warn(`skipping real-title segmentation test: ${titles} not found`);
