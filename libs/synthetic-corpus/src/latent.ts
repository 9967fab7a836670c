import { CorpusRng } from './rng';
import { FINE_DIM, N_SUBTOPICS, TEXT_HALF, World } from './world';

/** The hidden content of a video: a main topic, an optional secondary one, and a fine vector f. */
export interface VideoLatent {
  index: number; // global video number (id and render seed derive from it)
  topic: number;
  subtopic: number;
  second: number; // -1 when none
  beta: number; // weight of the secondary topic
  fine: Float64Array; // unit vector of FINE_DIM
  /**
   * Realistic corpus: the story this upload shows (its content RNG key; re-uploads of one story share it; a video
   * that is no re-upload has its own index), its uploader (-1: none, the classic corpus), and whether its subtopic
   * is one never used in training (`subtopic >= N_SUBTOPICS`).
   */
  story?: number;
  uploader?: number;
}

/** Subtopics per topic used only by unseen test content (realistic corpus): indices N_SUBTOPICS.. of `subtopics`. */
export const N_UNSEEN_SUBTOPICS = 4;

export function isUnseen(l: VideoLatent): boolean {
  return l.subtopic >= N_SUBTOPICS;
}

/** Share of the latent similarity carried by the fine vector (the rest: topic mixture). */
export const FINE_SHARE = 0.5;
const FINE_SPREAD = 0.75;

export function sampleFine(rng: CorpusRng, center: Float64Array, spread: number): Float64Array {
  const f = new Float64Array(FINE_DIM);
  const s = spread / Math.sqrt(FINE_DIM);
  let n = 0;
  for (let i = 0; i < FINE_DIM; i++) {
    f[i] = center[i] + rng.normal() * s;
    n += f[i] * f[i];
  }
  n = Math.sqrt(n);
  for (let i = 0; i < FINE_DIM; i++) f[i] /= n;
  return f;
}

/** `unseenShare` > 0 (realistic test content only) draws one of the unseen subtopics with that probability. */
export function sampleLatent(
  world: World,
  rng: CorpusRng,
  index: number,
  topic = rng.weighted(world.prevalence),
  unseenShare = 0,
): VideoLatent {
  let subtopic = rng.int(N_SUBTOPICS);
  if (unseenShare > 0 && rng.next() < unseenShare) subtopic = N_SUBTOPICS + rng.int(N_UNSEEN_SUBTOPICS);
  let second = -1;
  let beta = 0;
  if (rng.next() < 0.4) {
    do second = rng.weighted(world.prevalence);
    while (second === topic);
    beta = 0.1 + 0.3 * rng.next();
  }
  return {
    index,
    topic,
    subtopic,
    second,
    beta,
    fine: sampleFine(rng, world.topics[topic].subtopics[subtopic], FINE_SPREAD),
  };
}

export type Relation = 'dup' | 'subtopic' | 'topic' | 'twin' | 'mix' | 'random';

export interface RelatedOptions {
  /** Realistic: a 'dup' is a re-upload of the query's story (same content, new upload), not a fine-vector jitter. */
  reupload?: boolean;
  /** Share of fresh draws ('topic', 'random', 'mix') that take an unseen subtopic (test content). */
  unseenShare?: number;
}

/** A new latent standing in `relation` to `q` (how candidates of a query are made). */
export function relatedLatent(
  world: World,
  rng: CorpusRng,
  q: VideoLatent,
  relation: Relation,
  index: number,
  opts: RelatedOptions = {},
): VideoLatent {
  const u = opts.unseenShare ?? 0;
  switch (relation) {
    case 'dup':
      if (opts.reupload) return { ...q, index, story: q.story ?? q.index };
      return { ...q, index, fine: sampleFine(rng, q.fine, 0.25) };
    case 'subtopic':
      return {
        ...sampleLatent(world, rng, index, q.topic),
        subtopic: q.subtopic,
        fine: sampleFine(rng, world.topics[q.topic].subtopics[q.subtopic], FINE_SPREAD),
      };
    case 'topic':
      return sampleLatent(world, rng, index, q.topic, u);
    case 'twin': {
      const twin = world.topics[q.topic].twin;
      if (twin < 0) return sampleLatent(world, rng, index, undefined, u);
      // same subtopic geometry index and a fine vector near the query's: only the twin's modality tells them apart
      const l = sampleLatent(world, rng, index, twin);
      return { ...l, subtopic: q.subtopic, fine: sampleFine(rng, q.fine, 0.6) };
    }
    case 'mix': {
      const l = sampleLatent(world, rng, index, q.second >= 0 ? q.second : q.topic, u);
      return { ...l, second: q.topic, beta: 0.2 + 0.2 * rng.next() };
    }
    case 'random':
      return sampleLatent(world, rng, index, undefined, u);
  }
}

/** Topic-mixture weight of topic `k` in `l`. */
function weight(l: VideoLatent, k: number): number {
  return (k === l.topic ? 1 - l.beta : 0) + (k === l.second ? l.beta : 0);
}

function mixtureCosine(a: VideoLatent, b: VideoLatent, key: (topic: number) => number): number {
  const wa = new Map<number, number>();
  const wb = new Map<number, number>();
  for (const [m, l] of [
    [wa, a],
    [wb, b],
  ] as const) {
    for (const k of [l.topic, l.second]) if (k >= 0) m.set(key(k), (m.get(key(k)) ?? 0) + weight(l, k));
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of wa) {
    dot += v * (wb.get(k) ?? 0);
    na += v * v;
  }
  for (const v of wb.values()) nb += v * v;
  return dot / Math.sqrt(na * nb);
}

function fineCosine(a: Float64Array, b: Float64Array, from: number, to: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = from; i < to; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

/** The latent similarity the labels are made from: cosine of [sqrt(1-s) w/|w|, sqrt(s) f]. */
export function latentSimilarity(a: VideoLatent, b: VideoLatent): number {
  return (1 - FINE_SHARE) * mixtureCosine(a, b, (k) => k) + FINE_SHARE * fineCosine(a.fine, b.fine, 0, FINE_DIM);
}

/**
 * The latent as one vector whose cosines are `latentSimilarity` exactly: [√(1-s)·w/|w|, √s·f/|f|], w the topic-mixture
 * weights over `topics` topics (a target for diagnostics that regress the latent itself).
 */
export function latentVector(l: VideoLatent, topics: number): Float64Array {
  const w = new Float64Array(topics);
  for (const k of [l.topic, l.second]) if (k >= 0) w[k] += weight(l, k);
  const out = new Float64Array(topics + FINE_DIM);
  const nw = Math.hypot(...w);
  const nf = Math.hypot(...l.fine);
  for (let k = 0; k < topics; k++) out[k] = (Math.sqrt(1 - FINE_SHARE) * w[k]) / nw;
  for (let i = 0; i < FINE_DIM; i++) out[topics + i] = (Math.sqrt(FINE_SHARE) * l.fine[i]) / nf;
  return out;
}

/** What words alone could reveal: lexicon mixture and the text half of f. */
export function textViewSimilarity(world: World, a: VideoLatent, b: VideoLatent): number {
  return (
    (1 - FINE_SHARE) * mixtureCosine(a, b, (k) => world.topics[k].lexicon) +
    FINE_SHARE * fineCosine(a.fine, b.fine, 0, TEXT_HALF)
  );
}

/** What frames alone could reveal: visual-prototype mixture and the vision half of f. */
export function visionViewSimilarity(world: World, a: VideoLatent, b: VideoLatent): number {
  return (
    (1 - FINE_SHARE) * mixtureCosine(a, b, (k) => world.topics[k].visual) +
    FINE_SHARE * fineCosine(a.fine, b.fine, TEXT_HALF, FINE_DIM)
  );
}
