import type { Rng } from '@vidsim/core';

/**
 * An epoch's batches of row indices, shuffled the way the store streams (reference: shuffle buffer 1024): record
 * batches in random order, rows shuffled inside windows of `window` record batches (with the fewer-than-a-batch rows
 * left over from the window before). A plan's rows then come from its window's record batches plus those carried
 * rows, so frames stream from disk through a small cache.
 */
export function chunkShuffledPlans(
  chunks: { start: number; rows: number }[],
  batchSize: number,
  rng: Rng,
  window = 16,
  dropLast = false,
): number[][] {
  const order = rng.shuffle(chunks.map((_, i) => i)) as number[];
  const plans: number[][] = [];
  let pending: number[] = [];
  for (let w = 0; w < order.length; w += window) {
    for (const c of order.slice(w, w + window))
      for (let r = 0; r < chunks[c].rows; r++) pending.push(chunks[c].start + r);
    rng.shuffle(pending);
    let at = 0;
    for (; pending.length - at >= batchSize; at += batchSize) plans.push(pending.slice(at, at + batchSize));
    pending = pending.slice(at);
  }
  if (pending.length && !dropLast) plans.push(pending);
  return plans;
}

/** Rows in order, cut into batches (inference). */
export function sequentialPlans(size: number, batchSize: number): number[][] {
  const plans: number[][] = [];
  for (let s = 0; s < size; s += batchSize)
    plans.push(Array.from({ length: Math.min(batchSize, size - s) }, (_, i) => s + i));
  return plans;
}

/** A random permutation of 0..n-1 cut into batches (pairs). */
export function shuffledPlans(n: number, batchSize: number, rng: Rng, dropLast = false): number[][] {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i)) as number[];
  const plans: number[][] = [];
  for (let s = 0; s < n; s += batchSize) {
    if (dropLast && s + batchSize > n) break;
    plans.push(order.slice(s, s + batchSize));
  }
  return plans;
}

/** One training batch: rows of one of several sets. */
export interface SourcePlan {
  /** Index of the set the rows belong to. */
  source: number;
  rows: number[];
}

/**
 * An epoch's batches over several sets: each set's `chunkShuffledPlans` (the held-out rows of set 0 removed), then
 * the batches of all sets shuffled together, so every batch comes from one set and every row is seen once. With one
 * set and nothing held out the batches are exactly `chunkShuffledPlans`'s, from the same draws of `rng`.
 */
export function multiSetPlans(
  sets: { chunks: { start: number; rows: number }[] }[],
  batchSize: number,
  rng: Rng,
  heldOut: ReadonlySet<number> = new Set(),
): SourcePlan[] {
  const plans = sets.flatMap((set, source) =>
    chunkShuffledPlans(set.chunks, batchSize, rng)
      .map((rows) => ({ source, rows: source === 0 && heldOut.size ? rows.filter((r) => !heldOut.has(r)) : rows }))
      .filter((p) => p.rows.length > 0),
  );
  return sets.length > 1 ? (rng.shuffle(plans) as SourcePlan[]) : plans;
}
