import { Rng } from '@vidsim/core';

/**
 * Seeding. TensorFlow.js has no global seed: every random op (initialisers, dropout, randomUniform) takes its own.
 * vidsim draws those per-op seeds, and all JS-side randomness (shuffles, samplers), from one seeded generator (core's
 * `Rng`, sfc32), so one `setGlobalSeed(seed)` makes a run repeatable on a given backend.
 */
let global = new Rng(1024);

/** Resets the process-wide generator (the reference solution's seed is 1024). */
export function setGlobalSeed(seed: number | string): void {
  global = new Rng(seed);
}

export function globalRng(): Rng {
  return global;
}

/** A fresh integer seed for one tf random op (initialiser, dropout, randomUniform). */
export function nextTfSeed(): number {
  return global.uint32();
}
