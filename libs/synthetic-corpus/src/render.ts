import type { OfficialVideo } from '@vidsim/data-prep';
import { FRAME_COUNT_WEIGHTS, MIN_FRAMES, REAL_TAGS_PER_VIDEO } from './facts';
import { float16Value, toFloat16Bits } from '@vidsim/core';
import { videoId } from './ids';
import type { VideoLatent } from './latent';
import { CLOSERS, FILLER, LEXICONS, OPENERS, PUNCT, SPOKEN } from './lexicon';
import { CorpusRng } from './rng';
import * as dims from './world';
import { World, unitVector } from './world';
import { renderRealistic } from './render-realistic';

// Local copies: hot loops must not go through module live bindings (getters under some loaders).
const { FINE_DIM, FRAME_DIM, FRAME_WIGGLES, HIDDEN_DIM, N_TOPICS, NUISANCE_DIRS, TEXT_HALF, VISUAL_DIM } = dims;

const WORD_SHARPNESS = 4; // how strongly f's text half steers word choice inside a lexicon
const TAG_SHARPNESS = 2.5;
const FRAME_NOISE = 0.6;
const WIGGLE_SCALE = 0.3;
const OFF_TOPIC_FRAMES = 0.08;
/** Per-video style offset: it swamps raw frame cosines, a trained model learns to ignore it. */
const NUISANCE_SCALE = 0.6;
const MAX_TAGS = 20;

export interface RenderOptions {
  /** Pointwise and pairwise videos carry tags; the test sets do not, and have category -1. */
  labelled: boolean;
  /** Also return the mean of the (float16-rounded) frames, for the report's frame baseline. */
  meanFrame?: boolean;
}

export interface Rendered {
  video: OfficialVideo;
  meanFrame?: Float32Array; // [FRAME_DIM]
}

/** Everything observable about a video, drawn from its latent with a per-video seeded RNG. */
export function renderVideo(world: World, l: VideoLatent, opts: RenderOptions): Rendered {
  if (world.realism && l.uploader !== undefined && l.uploader >= 0) return renderRealistic(world, l, opts);
  const rng = new CorpusRng(world.seed, 0x5eed, l.index);
  const title = makeTitle(world, l, rng);
  const asrText = makeAsr(world, l, rng);
  const { frames, mean } = makeFrames(world, l, rng, opts.meanFrame ?? false);
  const video: OfficialVideo = { id: videoId(world.seed, l.index), title, asrText, frames, categoryId: -1 };
  if (opts.labelled) {
    video.tagIds = makeTags(world, l, rng);
    video.categoryId = makeCategory(world, l, rng);
  }
  return mean ? { video, meanFrame: mean } : { video };
}

function mixTopic(l: VideoLatent, rng: CorpusRng): number {
  return l.second >= 0 && rng.next() < l.beta ? l.second : l.topic;
}

function softPick(rng: CorpusRng, vectors: Float64Array[], f: Float64Array): number {
  const w = vectors.map((v) => {
    let d = 0;
    for (let i = 0; i < TEXT_HALF; i++) d += v[i] * f[i];
    return Math.exp(WORD_SHARPNESS * d);
  });
  return rng.weighted(w);
}

export function topicWord(world: World, l: VideoLatent, rng: CorpusRng): string {
  const lex = world.topics[mixTopic(l, rng)].lexicon;
  return LEXICONS[lex].words[softPick(rng, world.wordVectors[lex], l.fine)];
}

export function makeTitle(world: World, l: VideoLatent, rng: CorpusRng): string {
  let s = rng.next() < 0.3 ? rng.pick(OPENERS) : '';
  const n = 2 + rng.int(4);
  for (let i = 0; i < n; i++) {
    const word = rng.next() < 0.2 ? rng.pick(FILLER) : topicWord(world, l, rng);
    s += rng.next() < 0.08 ? `《${word}》` : word;
    if (i < n - 1 && rng.next() < 0.35) s += rng.pick(PUNCT);
  }
  if (rng.next() < 0.3) {
    const lex = world.topics[l.topic].lexicon;
    s += LEXICONS[lex].latin[softPick(rng, world.latinVectors[lex], l.fine)];
  }
  if (rng.next() < 0.5) s += '，' + rng.pick(CLOSERS);
  if (rng.next() < 0.3) s += rng.pick(['！', '？', '。', '!!']);
  return s;
}

function makeAsr(world: World, l: VideoLatent, rng: CorpusRng): string {
  if (rng.next() < 0.3) return '';
  const parts: string[] = [];
  const n = 2 + rng.int(7);
  for (let i = 0; i < n; i++) {
    let frag = '';
    const k = 1 + rng.int(4);
    for (let j = 0; j < k; j++) {
      const r = rng.next();
      frag += r < 0.5 ? topicWord(world, l, rng) : r < 0.8 ? rng.pick(SPOKEN) : rng.pick(FILLER);
    }
    parts.push(frag + '。');
  }
  return parts.join('');
}

/** Frame-map input: the visual-prototype mixture and the vision half of f. */
export function frameInput(
  world: World,
  topic: number,
  second: number,
  beta: number,
  fine: Float64Array,
): Float64Array {
  const x = new Float64Array(VISUAL_DIM + FINE_DIM - TEXT_HALF);
  const p1 = world.visualProtos[world.topics[topic].visual];
  const p2 = second >= 0 ? world.visualProtos[world.topics[second].visual] : p1;
  for (let i = 0; i < VISUAL_DIM; i++) x[i] = (1 - beta) * p1[i] + beta * p2[i];
  for (let i = TEXT_HALF; i < FINE_DIM; i++) x[VISUAL_DIM + i - TEXT_HALF] = fine[i];
  return x;
}

/** base = w2 tanh(w1 x) + b2: the fixed random nonlinear map, before per-frame variation. [FRAME_DIM] */
export function frameBase(world: World, x: Float64Array): Float32Array {
  const hidden = new Float64Array(HIDDEN_DIM);
  for (let h = 0; h < HIDDEN_DIM; h++) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += world.w1[h * x.length + i] * x[i];
    hidden[h] = Math.tanh(s);
  }
  const base = new Float32Array(FRAME_DIM);
  for (let d = 0; d < FRAME_DIM; d++) {
    let s = world.b2[d];
    const row = d * HIDDEN_DIM;
    for (let h = 0; h < HIDDEN_DIM; h++) s += world.w2[row + h] * hidden[h];
    base[d] = s;
  }
  return base;
}

export function frameCount(rng: CorpusRng): number {
  return MIN_FRAMES + rng.weighted(FRAME_COUNT_WEIGHTS);
}

function makeFrames(
  world: World,
  l: VideoLatent,
  rng: CorpusRng,
  wantMean: boolean,
): { frames: Uint16Array[]; mean?: Float32Array } {
  const base = frameBase(world, frameInput(world, l.topic, l.second, l.beta, l.fine));
  const style = new Float32Array(FRAME_DIM);
  for (let j = 0; j < NUISANCE_DIRS; j++) {
    const a = rng.normal() * NUISANCE_SCALE;
    for (let d = 0; d < FRAME_DIM; d++) style[d] += a * world.nuisance[j * FRAME_DIM + d];
  }
  const n = frameCount(rng);
  const frames: Uint16Array[] = [];
  const mean = wantMean ? new Float32Array(FRAME_DIM) : undefined;
  const noise = world.noise;
  const buf = new Float32Array(FRAME_DIM);
  const wiggles = world.wiggles;
  for (let t = 0; t < n; t++) {
    let src = base;
    if (rng.next() < OFF_TOPIC_FRAMES) {
      const topic = rng.int(N_TOPICS);
      src = frameBase(world, frameInput(world, topic, -1, 0, unitVector(rng, FINE_DIM)));
    }
    const off = rng.int(noise.length - FRAME_DIM);
    for (let d = 0; d < FRAME_DIM; d++) buf[d] = src[d] + style[d] + FRAME_NOISE * noise[off + d];
    for (let j = 0; j < FRAME_WIGGLES; j++) {
      const a = rng.normal() * WIGGLE_SCALE;
      const row = j * FRAME_DIM;
      for (let d = 0; d < FRAME_DIM; d++) buf[d] += a * wiggles[row + d];
    }
    const out = new Uint16Array(FRAME_DIM);
    for (let d = 0; d < FRAME_DIM; d++) out[d] = toFloat16Bits(buf[d] > 0 ? buf[d] : 0);
    if (mean) for (let d = 0; d < FRAME_DIM; d++) mean[d] += float16Value(out[d]) / n;
    frames.push(out);
  }
  return { frames, mean };
}

export function makeTags(world: World, l: VideoLatent, rng: CorpusRng): number[] {
  const n = Math.min(MAX_TAGS, 1 + rng.poisson(REAL_TAGS_PER_VIDEO - 1));
  const chosen = new Set<number>();
  for (let attempt = 0; chosen.size < n && attempt < n * 8; attempt++) chosen.add(drawTag(world, l, rng));
  return [...chosen].map((r) => world.tagIds[r]);
}

/** Rejection sampling: propose from the topic's Zipf pool, accept by exp(g (<t, f> - 1)) <= 1. */
function drawTag(world: World, l: VideoLatent, rng: CorpusRng): number {
  const topic = world.topics[mixTopic(l, rng)];
  let rank = topic.tagRanks[0];
  for (let tries = 0; tries < 64; tries++) {
    rank = topic.tagRanks[lowerBound(topic.tagCumulative, rng.next())];
    const tv = world.tagVectors[rank];
    let d = 0;
    for (let i = 0; i < FINE_DIM; i++) d += tv[i] * l.fine[i];
    if (rng.next() < Math.exp(TAG_SHARPNESS * (d - 1))) break;
  }
  return rank;
}

function lowerBound(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function makeCategory(world: World, l: VideoLatent, rng: CorpusRng): number {
  const t = world.topics[l.topic];
  let best = 0;
  let bestScore = -Infinity;
  t.subcats.forEach((c, j) => {
    let s = rng.normal() * 0.3;
    for (let i = 0; i < FINE_DIM; i++) s += c[i] * l.fine[i];
    if (s > bestScore) {
      bestScore = s;
      best = j;
    }
  });
  return t.level1 * 100 + best + 1;
}
