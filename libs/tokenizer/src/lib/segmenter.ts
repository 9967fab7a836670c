import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/** Splits a text into words. */
export interface Segmenter {
  cut(text: string): string[];
}

let shared: Jieba | undefined;

/**
 * jieba word segmentation (jieba-rs via `@node-rs/jieba`) with Python jieba's default dictionary, in
 * `jieba.cut(text)` accurate mode with HMM on. Whitespace-only tokens are dropped unless
 * `keepWhitespace` is set (the reference drops them from title word ids).
 */
export class JiebaSegmenter implements Segmenter {
  private readonly jieba: Jieba;

  constructor(readonly options: { hmm?: boolean; keepWhitespace?: boolean } = {}) {
    // Loading the 5 MB default dictionary takes a while: share one instance.
    shared ??= Jieba.withDict(dict);
    this.jieba = shared;
  }

  cut(text: string): string[] {
    const words = this.jieba.cut(text, this.options.hmm ?? true);
    return this.options.keepWhitespace ? words : words.filter((w) => w.trim().length > 0);
  }
}
