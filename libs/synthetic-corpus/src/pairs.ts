import { REAL_CANDIDATES_PER_QUERY, REAL_LABEL_COUNTS } from './facts';
import { Relation, VideoLatent, latentSimilarity, relatedLatent, sampleLatent } from './latent';
import { drawUploader, withUploadOf } from './realism';
import { CorpusRng } from './rng';
import { N_TOPICS, World } from './world';

/** One row of label.tsv, as indices into `PairGraph.latents`. */
export interface Pair {
  query: number;
  candidate: number;
  /** Latent similarity (the oracle score). */
  similarity: number;
  /** Quantised level 0..20; relevance = level / 20. */
  level: number;
}

export interface PairGraph {
  latents: VideoLatent[];
  pairs: Pair[];
}

const RELATIONS: readonly Relation[] = ['dup', 'subtopic', 'topic', 'twin', 'mix', 'random'];
/** How candidates relate to their query; twins are the cases a single modality confuses. */
const RELATION_WEIGHTS = [0.14, 0.18, 0.12, 0.24, 0.06, 0.26];
/** Chance a candidate slot reuses an existing video (degree-proportional, which grows hubs). */
const REUSE: Record<Relation, number> = { dup: 0, subtopic: 0.2, topic: 0.25, twin: 0.1, mix: 0.2, random: 0.4 };
/** Std of the rating noise added to the latent similarity before quantisation. */
export const LABEL_NOISE = 0.16;

export interface PairGraphOptions {
  /** Realistic test graphs: their own RNG stream (0: the pairwise graph's). */
  stream?: number;
  /** Realistic test graphs: share of fresh content drawn from unseen subtopics; they never re-upload training stories. */
  unseenShare?: number;
}

/** Realistic: a random or same-topic candidate comes from the query's uploader this often (nuisance, not relevance). */
const SAME_UPLOADER_UNRELATED = 0.3;
/** Realistic: a re-upload comes from another account this often. */
const REUPLOAD_OTHER_UPLOADER = 0.85;

/**
 * Queries with 1 to 10 candidates (the real count law) until `targetVideos` videos exist. Reused
 * candidates, picked in proportion to their degree, make a few hubs and a large connected component.
 */
export function buildPairGraph(
  world: World,
  seed: number,
  targetVideos: number,
  firstIndex: number,
  opts: PairGraphOptions = {},
): PairGraph {
  const rng = opts.stream ? new CorpusRng(seed, 0x9a17, opts.stream) : new CorpusRng(seed, 0x9a17);
  const realistic = world.realism !== undefined;
  const unseenShare = opts.unseenShare ?? 0;
  const isTest = opts.stream !== undefined && opts.stream !== 0;
  const newQuery = (index: number): VideoLatent => {
    const base = sampleLatent(world, rng, index, undefined, unseenShare);
    if (!realistic) return base;
    // test content never re-uploads a training story
    return isTest ? { ...base, story: index, uploader: drawUploader(world, rng) } : withUploadOf(world, rng, base);
  };
  const newCandidate = (q: VideoLatent, relation: Relation, index: number): VideoLatent => {
    const l = relatedLatent(world, rng, q, relation, index, { reupload: realistic, unseenShare });
    if (!realistic) return l;
    const story = relation === 'dup' ? l.story : index;
    const sameUploader =
      relation === 'dup'
        ? rng.next() >= REUPLOAD_OTHER_UPLOADER
        : (relation === 'random' || relation === 'topic') && rng.next() < SAME_UPLOADER_UNRELATED;
    return { ...l, story, uploader: sameUploader ? q.uploader : drawUploader(world, rng) };
  };
  const latents: VideoLatent[] = [];
  const pairs: Omit<Pair, 'level'>[] = [];
  const slotsByTopic: number[][] = Array.from({ length: N_TOPICS }, () => []);
  const allSlots: number[] = [];
  const addVideo = (l: VideoLatent): number => {
    latents.push(l);
    return latents.length - 1;
  };
  const link = (i: number): void => {
    slotsByTopic[latents[i].topic].push(i);
    allSlots.push(i);
  };

  while (latents.length < targetVideos) {
    const qi = addVideo(newQuery(firstIndex + latents.length));
    const q = latents[qi];
    const n = 1 + rng.weighted(REAL_CANDIDATES_PER_QUERY);
    const used = new Set([qi]);
    for (let j = 0; j < n && latents.length < targetVideos + 10; j++) {
      const relation = RELATIONS[rng.weighted(RELATION_WEIGHTS)];
      let ci = -1;
      if (rng.next() < REUSE[relation]) {
        const pool =
          relation === 'random'
            ? allSlots
            : slotsByTopic[relation === 'twin' ? Math.max(0, world.topics[q.topic].twin) : q.topic];
        for (let tries = 0; tries < 4 && pool.length > 0 && ci < 0; tries++) {
          const c = pool[rng.int(pool.length)];
          if (!used.has(c)) ci = c;
        }
      }
      if (ci < 0) ci = addVideo(newCandidate(q, relation, firstIndex + latents.length));
      used.add(ci);
      pairs.push({ query: qi, candidate: ci, similarity: latentSimilarity(q, latents[ci]) });
      link(qi);
      link(ci);
    }
  }
  return { latents, pairs: quantiseRelevance(pairs, rng) };
}

/**
 * Noisy monotone rating: rank the pairs by similarity + N(0, LABEL_NOISE) and cut the ranking at the
 * real label file's cumulative level shares, so the 21-level histogram matches the real one.
 */
export function quantiseRelevance(pairs: Omit<Pair, 'level'>[], rng: CorpusRng, noise = LABEL_NOISE): Pair[] {
  const noisy = pairs.map((p) => p.similarity + noise * rng.normal());
  const order = pairs.map((_, i) => i).sort((a, b) => noisy[a] - noisy[b]);
  const total = REAL_LABEL_COUNTS.reduce((s, c) => s + c, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const c of REAL_LABEL_COUNTS) cum.push((acc += c) / total);
  const out: Pair[] = pairs.map((p) => ({ ...p, level: 0 }));
  let level = 0;
  order.forEach((pi, rank) => {
    const u = (rank + 0.5) / pairs.length;
    while (level < 20 && u >= cum[level]) level++;
    out[pi].level = level;
  });
  return out;
}

/** The label file's spelling of a level: 0.0, 0.05, ..., 0.5, ..., 1.0. */
export function formatRelevance(level: number): string {
  return ((level * 5) / 100).toFixed(2).replace(/0$/, '');
}
