import { LEVEL1_COUNTS } from './facts';
import type { Realism } from './realism';
import { LEXICONS } from './lexicon';
import { CorpusRng } from './rng';
import { tagProbabilities } from './zipf';

/** Latent sizes. The fine vector f has a text half and a vision half: each modality sees only its own. */
export const N_TOPICS = 20;
export const N_SUBTOPICS = 4;
export const FINE_DIM = 16;
export const TEXT_HALF = 8; // f[0..8) drives words, f[8..16) drives frames; tags see all of f
export const VISUAL_DIM = 16;
export const HIDDEN_DIM = 48;
export const FRAME_DIM = 1536;
export const FRAME_WIGGLES = 4; // per-frame variation directions
export const NUISANCE_DIRS = 6; // per-video style (light, camera) directions that carry no content

/**
 * How each topic shows itself. Topics 0-7: visual twins (pairs share a lexicon, differ only in frames).
 * 8-15: text twins (pairs share visual prototypes, differ only in words). 16-19: distinct in both.
 */
export type TopicKind = 'visual-twin' | 'text-twin' | 'distinct';

export interface Topic {
  index: number;
  kind: TopicKind;
  twin: number; // -1 when none
  lexicon: number;
  visual: number;
  level1: number;
  prevalence: number;
  subtopics: Float64Array[]; // N_SUBTOPICS unit vectors of FINE_DIM
  subcats: Float64Array[]; // 3 unit vectors of FINE_DIM: nearest one picks the 5-digit category
  tagRanks: Int32Array; // this topic's tags (0-based global ranks), most frequent first
  tagCumulative: Float64Array; // cumulative probability within the pool
}

export interface World {
  seed: number;
  topics: Topic[];
  prevalence: Float64Array;
  /** wordVectors[lexicon][word]: unit vectors of TEXT_HALF. */
  wordVectors: Float64Array[][];
  latinVectors: Float64Array[][];
  /** visualProtos[v]: VISUAL_DIM vectors. */
  visualProtos: Float64Array[];
  /** Frame map: hidden = tanh(w1 x), frame = relu(w2 hidden + b2 + wiggles + noise). */
  w1: Float32Array; // [HIDDEN_DIM, VISUAL_DIM + FINE_DIM - TEXT_HALF]
  w2: Float32Array; // [FRAME_DIM, HIDDEN_DIM]
  b2: Float32Array; // [FRAME_DIM]
  wiggles: Float32Array; // [FRAME_WIGGLES, FRAME_DIM]
  nuisance: Float32Array; // [NUISANCE_DIRS, FRAME_DIM]
  noise: Float32Array; // a table of standard normals, read at random offsets for per-value noise
  tagIds: number[]; // by global rank
  tagVectors: Float64Array[]; // by global rank, unit vectors of FINE_DIM
  tagProbs: Float64Array;
  /** Present in the realistic corpus (see realism.ts). */
  realism?: Realism;
}

export function unitVector(rng: CorpusRng, dim: number): Float64Array {
  const v = new Float64Array(dim);
  let n = 0;
  for (let i = 0; i < dim; i++) {
    v[i] = rng.normal();
    n += v[i] * v[i];
  }
  n = Math.sqrt(n);
  for (let i = 0; i < dim; i++) v[i] /= n;
  return v;
}

function kindOf(k: number): { kind: TopicKind; twin: number; lexicon: number; visual: number } {
  if (k < 8) return { kind: 'visual-twin', twin: k ^ 1, lexicon: k >> 1, visual: k };
  if (k < 16) return { kind: 'text-twin', twin: k ^ 1, lexicon: k - 4, visual: 8 + ((k - 8) >> 1) };
  return { kind: 'distinct', twin: -1, lexicon: k - 4, visual: k - 4 };
}

/** The fixed latent world of a seed: topics, lexicon geometry, tag vocabulary and the frame map. */
export function buildWorld(seed: number, tagVocab: number): World {
  const rng = new CorpusRng(seed, 0x3017);
  // real level-1 shares, dealt to topics in a seeded order so twins get unequal sizes
  const order = Array.from({ length: N_TOPICS }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const l1Total = LEVEL1_COUNTS.reduce((s, [, c]) => s + c, 0);
  const prevalence = new Float64Array(N_TOPICS);
  const level1 = new Array<number>(N_TOPICS);
  order.forEach((topic, i) => {
    prevalence[topic] = LEVEL1_COUNTS[i][1] / l1Total;
    level1[topic] = LEVEL1_COUNTS[i][0];
  });

  const tagProbs = tagProbabilities(tagVocab);
  const pools = assignTags(tagProbs, prevalence);
  const topics: Topic[] = [];
  for (let k = 0; k < N_TOPICS; k++) {
    const ranks = Int32Array.from(pools[k]);
    const cum = new Float64Array(ranks.length);
    let acc = 0;
    ranks.forEach((r, i) => (cum[i] = acc += tagProbs[r]));
    for (let i = 0; i < cum.length; i++) cum[i] /= acc;
    topics.push({
      index: k,
      ...kindOf(k),
      level1: level1[k],
      prevalence: prevalence[k],
      subtopics: Array.from({ length: N_SUBTOPICS }, () => unitVector(rng, FINE_DIM)),
      subcats: Array.from({ length: 3 }, () => unitVector(rng, FINE_DIM)),
      tagRanks: ranks,
      tagCumulative: cum,
    });
  }
  const wordVectors = LEXICONS.map((l) => l.words.map(() => unitVector(rng, TEXT_HALF)));
  const latinVectors = LEXICONS.map((l) => l.latin.map(() => unitVector(rng, TEXT_HALF)));
  const visualProtos = Array.from({ length: LEXICONS.length }, () => unitVector(rng, VISUAL_DIM));
  const inDim = VISUAL_DIM + FINE_DIM - TEXT_HALF;
  const gauss = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale);
  const tagIds = uniqueTagIds(rng, tagVocab);
  return {
    seed,
    topics,
    prevalence,
    wordVectors,
    latinVectors,
    visualProtos,
    w1: gauss(HIDDEN_DIM * inDim, 2 / Math.sqrt(inDim)),
    w2: gauss(FRAME_DIM * HIDDEN_DIM, 1 / Math.sqrt(HIDDEN_DIM)),
    b2: gauss(FRAME_DIM, 0.3),
    wiggles: gauss(FRAME_WIGGLES * FRAME_DIM, 1),
    nuisance: gauss(NUISANCE_DIRS * FRAME_DIM, 1),
    noise: gauss(1 << 18, 1),
    tagIds,
    tagVectors: Array.from({ length: tagVocab }, () => unitVector(rng, FINE_DIM)),
    tagProbs,
  };
}

/**
 * Deal tags (most frequent first) to the topic whose pool mass lags its prevalence most, so each
 * topic's pool carries mass proportional to how often the topic occurs and the global law survives.
 */
function assignTags(probs: Float64Array, prevalence: Float64Array): number[][] {
  const pools: number[][] = Array.from({ length: prevalence.length }, () => []);
  const mass = new Float64Array(prevalence.length);
  for (let r = 0; r < probs.length; r++) {
    let best = 0;
    let bestGap = -Infinity;
    for (let k = 0; k < prevalence.length; k++) {
      const gap = prevalence[k] - mass[k];
      if (gap > bestGap) {
        bestGap = gap;
        best = k;
      }
    }
    pools[best].push(r);
    mass[best] += probs[r];
  }
  // a small vocab can leave a rare topic without tags: give it the rarest tag of the largest pool
  for (const pool of pools) {
    if (pool.length > 0) continue;
    const donor = pools.reduce((a, b) => (b.length > a.length ? b : a));
    pool.push(donor.pop() as number);
  }
  return pools;
}

/** Distinct tag ids in the real ids' range (6 to 9 digits). */
function uniqueTagIds(rng: CorpusRng, n: number): number[] {
  const seen = new Set<number>();
  const ids: number[] = [];
  while (ids.length < n) {
    const id = 100000 + Math.floor(rng.next() * 899_900_000);
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}
