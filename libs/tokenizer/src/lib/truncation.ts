import { TokenizerError } from './errors';

/**
 * The reference's `gezi.pad(ids, maxLen, padId, last_tokens)`: shorter sequences are padded with `padId`;
 * longer ones keep the first `maxLen - lastTokens` and the last `lastTokens` items (title: 40 = 30 + 10,
 * so the trailing [SEP] survives). With `lastTokens = 0` it is a plain head cut.
 */
export function padHeadTail(ids: ArrayLike<number>, maxLen: number, padId = 0, lastTokens = 0): number[] {
  if (!Number.isInteger(maxLen) || maxLen <= 0) {
    throw new TokenizerError(`maxLen must be a positive integer, got ${maxLen}`, 'BAD_OPTION', { maxLen });
  }
  if (!Number.isInteger(lastTokens) || lastTokens < 0 || lastTokens > maxLen) {
    throw new TokenizerError(`lastTokens must be an integer in [0, ${maxLen}], got ${lastTokens}`, 'BAD_OPTION', {
      lastTokens,
    });
  }
  const out: number[] = new Array<number>(maxLen);
  const n = ids.length;
  if (n <= maxLen) {
    for (let i = 0; i < n; i++) out[i] = ids[i];
    for (let i = n; i < maxLen; i++) out[i] = padId;
    return out;
  }
  const head = maxLen - lastTokens;
  for (let i = 0; i < head; i++) out[i] = ids[i];
  for (let i = 0; i < lastTokens; i++) out[head + i] = ids[n - lastTokens + i];
  return out;
}

/**
 * Pair truncation "longest first" (the Python BertTokenizer rule): drop the last token of the longer
 * sequence, the second one on ties, until `a.length + b.length <= budget`. Mutates and returns both.
 */
export function truncateLongestFirst(a: number[], b: number[], budget: number): [number[], number[]] {
  if (budget < 0) throw new TokenizerError(`pair budget is negative (${budget})`, 'BAD_OPTION', { budget });
  while (a.length + b.length > budget) {
    if (a.length > b.length) a.pop();
    else b.pop();
  }
  return [a, b];
}
