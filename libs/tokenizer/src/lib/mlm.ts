import { TokenizerError } from './errors';
import type { Rng } from '@vidsim/core';

export interface MlmOptions {
  /** Random replacements are drawn from [0, vocabSize). */
  vocabSize: number;
  maskId: number;
  /** Never masked (PAD, UNK, CLS, SEP, MASK in the reference). */
  specialIds: readonly number[];
  /** Share of the considered tokens of the whole batch to mask (rounded up). */
  rate: number;
  /** Of the masked: share replaced by [MASK], share replaced by a random id; the rest stay unchanged. */
  maskProb: number;
  randomProb: number;
  /** Label of positions that are not predicted. */
  ignoreIndex: number;
  /**
   * Whole-word masking: 1 where a token starts a word, 0 where it continues the previous token's word
   * ([B, T], as `wholeWordStarts`). Whole words are drawn until the masked-token budget is met.
   */
  wordStarts?: Uint8Array;
}

export const MLM_DEFAULTS: Readonly<MlmOptions> = {
  vocabSize: 21128,
  maskId: 103,
  specialIds: [0, 100, 101, 102, 103],
  rate: 0.15,
  maskProb: 0.8,
  randomProb: 0.1,
  ignoreIndex: -100,
};

export interface MlmBatch {
  /** [B, T] ids with the masked positions replaced. */
  inputIds: Int32Array;
  /** [B, T] original id at masked positions, `ignoreIndex` elsewhere. */
  labels: Int32Array;
  /** [B, T] 1 at masked positions. */
  weights: Float32Array;
  numMasked: number;
}

/**
 * The reference's dynamic MLM masking (§4): over the flattened batch, ceil(rate · #non-special tokens)
 * positions drawn uniformly without replacement, then 80% [MASK] / 10% random id / 10% unchanged,
 * decided per token. `ids` is [B, T] flattened; it is not modified.
 */
export function maskTokens(ids: Int32Array, rng: Rng, options: Partial<MlmOptions> = {}): MlmBatch {
  const o: MlmOptions = { ...MLM_DEFAULTS, ...options };
  if (!(o.rate >= 0 && o.rate <= 1) || !(o.maskProb >= 0 && o.randomProb >= 0 && o.maskProb + o.randomProb <= 1)) {
    throw new TokenizerError('MLM rates must lie in [0, 1] with maskProb + randomProb <= 1', 'BAD_OPTION', {
      options: o,
    });
  }
  if (o.wordStarts && o.wordStarts.length !== ids.length) {
    throw new TokenizerError(`wordStarts has ${o.wordStarts.length} entries for ${ids.length} ids`, 'BAD_INPUT');
  }
  const special = new Set(o.specialIds);
  const candidates: number[] = [];
  for (let i = 0; i < ids.length; i++) if (!special.has(ids[i])) candidates.push(i);
  const budget = Math.ceil(o.rate * candidates.length);
  const chosen = o.wordStarts
    ? pickWholeWords(candidates, o.wordStarts, budget, rng)
    : pickTokens(candidates, budget, rng);

  const inputIds = ids.slice();
  const labels = new Int32Array(ids.length).fill(o.ignoreIndex);
  const weights = new Float32Array(ids.length);
  for (const p of chosen) {
    labels[p] = ids[p];
    weights[p] = 1;
    const u = rng.next();
    if (u < o.maskProb) inputIds[p] = o.maskId;
    else if (u < o.maskProb + o.randomProb) inputIds[p] = rng.int(o.vocabSize);
  }
  return { inputIds, labels, weights, numMasked: chosen.length };
}

/** `k` of the candidates uniformly without replacement (partial Fisher-Yates). */
function pickTokens(candidates: number[], k: number, rng: Rng): number[] {
  const a = candidates.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/**
 * Group consecutive candidate tokens into words (a token with wordStarts 0 joins the word before it),
 * shuffle the words and take whole words while they fit the token budget (as BERT's wwm data maker).
 */
function pickWholeWords(candidates: number[], wordStarts: Uint8Array, budget: number, rng: Rng): number[] {
  const groups: number[][] = [];
  let prev = -2;
  for (const p of candidates) {
    if (wordStarts[p] === 0 && p === prev + 1 && groups.length > 0) groups[groups.length - 1].push(p);
    else groups.push([p]);
    prev = p;
  }
  for (let i = groups.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [groups[i], groups[j]] = [groups[j], groups[i]];
  }
  const out: number[] = [];
  for (const g of groups) {
    if (out.length >= budget) break;
    if (out.length + g.length > budget) continue;
    out.push(...g);
  }
  return out;
}
