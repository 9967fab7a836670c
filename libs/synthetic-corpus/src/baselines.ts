import { spearman as scipySpearman } from '@vidsim/core';

/** Spearman's rho (core's, scipy semantics), with 0 where scipy gives NaN (a constant column has no order). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const r = scipySpearman(x, y);
  return Number.isFinite(r) ? r : 0;
}

/** Cosine of character-count vectors (every code point a feature, punctuation included). */
export function charBowCosine(a: string, b: string): number {
  const ca = charCounts(a);
  const cb = charCounts(b);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [ch, n] of ca) {
    dot += n * (cb.get(ch) ?? 0);
    na += n * n;
  }
  for (const n of cb.values()) nb += n * n;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function charCounts(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const ch of s) m.set(ch, (m.get(ch) ?? 0) + 1);
  return m;
}

export function sharedCount(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const s = new Set(Array.from(a));
  let n = 0;
  for (let i = 0; i < b.length; i++) if (s.has(b[i])) n++;
  return n;
}
