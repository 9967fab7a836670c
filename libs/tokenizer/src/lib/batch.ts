import type { BertTokenizer, EncodeOptions, Encoding } from './bert-tokenizer';
import { TokenizerError } from './errors';

/** A batch as flat row-major typed arrays, each of shape [B, T]. */
export interface BatchEncoding {
  batchSize: number;
  seqLength: number;
  /** [B, T] */
  inputIds: Int32Array;
  /** [B, T] */
  tokenTypeIds: Int32Array;
  /** [B, T] */
  attentionMask: Int32Array;
}

/**
 * Encode many texts (or pairs) into [B, T] Int32Arrays. T is `options.maxLength`, or the longest
 * encoding when it is unset (shorter rows padded with [PAD]).
 */
export function encodeBatch(
  tokenizer: BertTokenizer,
  texts: readonly string[] | readonly (readonly [string, string])[],
  options: EncodeOptions = {},
): BatchEncoding {
  const encodings: Encoding[] = texts.map((t) =>
    typeof t === 'string' ? tokenizer.encode(t, options) : tokenizer.encodePair(t[0], t[1], options),
  );
  return stackEncodings(encodings, tokenizer.padId, options.maxLength);
}

/** Stack encodings into [B, T] arrays, padding rows to T (`seqLength` or the longest). */
export function stackEncodings(encodings: readonly Encoding[], padId = 0, seqLength?: number): BatchEncoding {
  const longest = encodings.reduce((m, e) => Math.max(m, e.inputIds.length), 0);
  const t = seqLength ?? longest;
  if (longest > t) {
    throw new TokenizerError(`an encoding has ${longest} tokens, more than seqLength ${t}`, 'BAD_INPUT', {
      longest,
      seqLength: t,
    });
  }
  const b = encodings.length;
  const inputIds = new Int32Array(b * t).fill(padId);
  const tokenTypeIds = new Int32Array(b * t);
  const attentionMask = new Int32Array(b * t);
  encodings.forEach((e, r) => {
    inputIds.set(e.inputIds, r * t);
    tokenTypeIds.set(e.tokenTypeIds, r * t);
    attentionMask.set(e.attentionMask, r * t);
  });
  return { batchSize: b, seqLength: t, inputIds, tokenTypeIds, attentionMask };
}
