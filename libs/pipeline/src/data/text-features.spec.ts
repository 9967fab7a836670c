import * as fs from 'fs';
import { resolveRunConfig } from '@vidsim/run-config';
import { chineseBertVocabPath, WordVocab } from '@vidsim/tokenizer';
import { TitleFeaturizer } from './text-features';

// Expected ids come from the vocab file itself (id = line - 1), not from the tokenizer: [CLS] 101, [SEP] 102.
const vocabLines = fs.readFileSync(chineseBertVocabPath(), 'utf8').split('\n');
const idOf = (ch: string) => vocabLines.indexOf(ch);
const features = resolveRunConfig({ preset: 'reference' }).features; // titles 40 = 30 + 10, words 26 = 16 + 10

describe('TitleFeaturizer', () => {
  // jieba: 我 | 只不过 | 跳 | 了 | 跳舞 (accurate mode, HMM on)
  const vocab = new WordVocab(['我', '只不过', '跳', '了', '跳舞']); // ids 201..205
  const featurizer = new TitleFeaturizer(features, vocab);

  it('a short title: [CLS] chars [SEP], mask on those, zero padding; words with 101/102 markers', () => {
    const f = featurizer.encode(['我只不过跳了跳舞']);
    const chars = [...'我只不过跳了跳舞'].map(idOf);
    expect(chars).toEqual([2769, 1372, 679, 6814, 6663, 749, 6663, 5659]);
    expect(Array.from(f.titleIds)).toEqual([101, ...chars, 102, ...new Array(30).fill(0)]);
    expect(Array.from(f.titleMask)).toEqual([...new Array(10).fill(1), ...new Array(30).fill(0)]);
    expect(Array.from(f.wordIds)).toEqual([101, 201, 202, 203, 204, 205, 102, ...new Array(19).fill(0)]);
  });

  it('a 50-character title keeps the first 30 and last 10 tokens ([CLS] and [SEP] included)', () => {
    const chars = vocabLines.slice(2759, 2809); // 50 distinct CJK characters, ids 2759..2808
    const f = featurizer.encode([chars.join('')]);
    const tokens = [101, ...chars.map((_, i) => 2759 + i), 102]; // 52 tokens
    expect(Array.from(f.titleIds)).toEqual([...tokens.slice(0, 30), ...tokens.slice(-10)]);
    expect(Array.from(f.titleMask)).toEqual(new Array(40).fill(1));
    // every character is a jieba word unknown to the vocab (UNK 200) or a known one; 26 = first 16 + last 10
    expect(f.wordIds.length).toBe(26);
    expect(f.wordIds[0]).toBe(101);
    expect(f.wordIds[25]).toBe(102);
  });

  it('stacks a batch row by row, a repeated title giving the same row; without a word vocab words are zeros', () => {
    const f = featurizer.encode(['跳舞', '我只不过跳了跳舞', '跳舞']);
    expect(f.titleIds.length).toBe(3 * 40);
    expect(Array.from(f.titleIds.subarray(0, 4))).toEqual([101, 6663, 5659, 102]);
    expect(f.titleIds.subarray(80, 120)).toEqual(f.titleIds.subarray(0, 40));
    expect(Array.from(f.wordIds.subarray(0, 3))).toEqual([101, 205, 102]);
    const noWords = new TitleFeaturizer(features).encode(['跳舞']);
    expect(Array.from(noWords.wordIds)).toEqual(new Array(26).fill(0));
  });
});
