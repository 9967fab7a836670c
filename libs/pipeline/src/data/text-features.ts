import { BertTokenizer, JiebaSegmenter, loadChineseBertVocab, wordIds, WordVocab } from '@vidsim/tokenizer';
import type { FeaturesConfig } from '@vidsim/run-config';

/** [B, L] title ids/mask and [B, W] word ids of a batch of titles, as the reference's records hold them. */
export interface TitleFeatures {
  titleIds: Int32Array;
  titleMask: Int32Array;
  wordIds: Int32Array;
}

/**
 * Tokenises titles on the fly (BERT WordPiece, head+tail truncation to 40 = 30 + 10) and segments them into
 * title word ids (jieba, 26 = 16 + 10 with 101/102 markers), cached per row: cheap enough (tens of thousands of
 * titles a second) that no stage needs a precomputed token file.
 */
export class TitleFeaturizer {
  private readonly tokenizer: BertTokenizer;
  private readonly segmenter = new JiebaSegmenter();
  private readonly cache = new Map<string, { ids: Int32Array; mask: Int32Array; words: Int32Array }>();

  constructor(
    readonly config: FeaturesConfig,
    readonly wordVocab?: WordVocab,
  ) {
    this.tokenizer = new BertTokenizer(loadChineseBertVocab());
  }

  get titleLength(): number {
    return this.config.titleLength;
  }

  get wordLength(): number {
    return this.config.wordLength;
  }

  encode(titles: readonly string[]): TitleFeatures {
    const L = this.config.titleLength,
      W = this.config.wordLength;
    const out: TitleFeatures = {
      titleIds: new Int32Array(titles.length * L),
      titleMask: new Int32Array(titles.length * L),
      wordIds: new Int32Array(titles.length * W),
    };
    titles.forEach((title, i) => {
      const f = this.one(title);
      out.titleIds.set(f.ids, i * L);
      out.titleMask.set(f.mask, i * L);
      out.wordIds.set(f.words, i * W);
    });
    return out;
  }

  private one(title: string) {
    let hit = this.cache.get(title);
    if (!hit) {
      const enc = this.tokenizer.encode(title, {
        maxLength: this.config.titleLength,
        lastTokens: this.config.titleTail,
      });
      const words = this.wordVocab
        ? wordIds(this.segmenter.cut(title), this.wordVocab, {
            maxLength: this.config.wordLength,
            lastTokens: this.config.wordTail,
          })
        : new Int32Array(this.config.wordLength);
      hit = { ids: Int32Array.from(enc.inputIds), mask: Int32Array.from(enc.attentionMask), words };
      if (this.cache.size > 2_000_000) this.cache.clear();
      this.cache.set(title, hit);
    }
    return hit;
  }
}
