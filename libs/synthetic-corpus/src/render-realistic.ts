import { type OfficialVideo } from '@vidsim/data-prep';
import { float16Value, toFloat16Bits } from '@vidsim/core';
import { videoId } from './ids';
import type { VideoLatent } from './latent';
import { CLOSERS, FILLER, OPENERS, PUNCT, SPOKEN } from './lexicon';
import type { Uploader } from './realism';
import {
  frameBase,
  frameCount,
  frameInput,
  makeCategory,
  makeTags,
  makeTitle,
  topicWord,
  type RenderOptions,
  type Rendered,
} from './render';
import { CorpusRng } from './rng';
import * as dims from './world';
import type { World } from './world';

const { FINE_DIM, FRAME_DIM, FRAME_WIGGLES, N_TOPICS, NUISANCE_DIRS } = dims;

/** Shares and sizes of the realistic corpus (real titles: 1-60+ characters, mostly 8-30; ASR: often empty, long tail). */
export const VAGUE_TITLE_SHARE = 0.2;
const LONG_TITLE_SHARE = 0.15;
const EMPTY_ASR_SHARE = 0.25;
/** ASR fragments ~ lognormal(ln 6, 1.3), capped: median ~40 characters, a tail past 3,000. */
const ASR_FRAGMENTS_MEDIAN = 6;
const ASR_FRAGMENTS_SIGMA = 1.3;
const MAX_ASR_FRAGMENTS = 900;
/** ASR that is background music or chatter about something else. */
const UNRELATED_ASR_SHARE = 0.12;
/** Videos longer than the official 32-frame cap (prepare keeps the first 32). */
const LONG_VIDEO_SHARE = 0.12;
export const MAX_REALISTIC_FRAMES = 40;
const FRAME_NOISE = 0.6;
const WIGGLE_SCALE = 0.3;
const OFF_TOPIC_FRAMES = 0.08;
const NUISANCE_SCALE = 0.6;
/** A re-upload is re-encoded: its frames get fresh noise on top of the story's. */
const REENCODE_NOISE = 0.35;
const INTRO_NOISE = 0.15;
const REUPLOAD_MARKS = ['【转】', '[高清]', '（完整版）', '#热门#', '【原创】', '（上）', '合集｜', '转发：'];

/**
 * A realistic upload: the story's content (title words, ASR, frames) from the story's RNG, so re-uploads share
 * it; then this upload's own edits (title marks, trimmed frames, re-encoding noise) and its uploader's nuisances
 * (name in the title, intro frames, colour look), none of which says anything about relevance.
 */
export function renderRealistic(world: World, l: VideoLatent, opts: RenderOptions): Rendered {
  const uploader = (world.realism as NonNullable<World['realism']>).uploaders[l.uploader as number];
  const story = l.story ?? l.index;
  const reupload = story !== l.index;
  const content = new CorpusRng(world.seed, 0x5eed, story);
  const own = new CorpusRng(world.seed, 0x0b5e, l.index);
  let title = storyTitle(world, l, content);
  if (reupload) title = editTitle(title, own);
  if (own.next() < uploader.nameRate) title = withName(title, uploader.name, own);
  let asrText = storyAsr(world, l, content);
  if (reupload && own.next() < 0.25)
    asrText = own.next() < 0.5 ? '' : asrText.slice(0, Math.floor(asrText.length * (0.3 + 0.7 * own.next())));
  const { frames, mean } = uploadFrames(world, l, content, own, uploader, reupload, opts.meanFrame ?? false);
  const video: OfficialVideo = { id: videoId(world.seed, l.index), title, asrText, frames, categoryId: -1 };
  if (opts.labelled) {
    video.tagIds = makeTags(world, l, own);
    video.categoryId = makeCategory(world, l, own);
  }
  return mean ? { video, meanFrame: mean } : { video };
}

function clause(world: World, l: VideoLatent, rng: CorpusRng, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) s += rng.next() < 0.5 ? topicWord(world, l, rng) : rng.pick(FILLER);
  return s;
}

function storyTitle(world: World, l: VideoLatent, rng: CorpusRng): string {
  if (rng.next() < VAGUE_TITLE_SHARE) {
    // says little: stock phrases shared by every topic, at most one content word
    let s = rng.next() < 0.5 ? rng.pick(OPENERS) : '';
    const n = 1 + rng.int(3);
    for (let i = 0; i < n; i++) s += rng.pick(FILLER) + (rng.next() < 0.3 ? rng.pick(PUNCT) : '');
    if (rng.next() < 0.3) s += topicWord(world, l, rng);
    if (rng.next() < 0.7) s += '，' + rng.pick(CLOSERS);
    return s;
  }
  let s = makeTitle(world, l, rng);
  if (rng.next() < LONG_TITLE_SHARE) {
    const clauses = 1 + rng.int(3);
    for (let i = 0; i < clauses; i++)
      s += rng.pick(['，', '；', ' ', '！', '。']) + clause(world, l, rng, 3 + rng.int(5));
  }
  return s;
}

function editTitle(title: string, rng: CorpusRng): string {
  let s = title;
  const r = rng.next();
  if (r < 0.3) s = rng.pick(REUPLOAD_MARKS) + s;
  else if (r < 0.5) s = s.replace(/[！？。!~…]+$/u, '') + rng.pick(['！', '？', '!!', '。', '~']);
  else if (r < 0.7) s = s.replace(/，/gu, ' ');
  else if (r < 0.85 && [...s].length > 8) s = [...s].slice(0, -(1 + rng.int(3))).join('');
  if (rng.next() < 0.3) s += '，' + rng.pick(CLOSERS);
  return s;
}

function withName(title: string, name: string, rng: CorpusRng): string {
  const r = rng.next();
  return r < 0.4 ? `【${name}】${title}` : r < 0.75 ? `${title} - ${name}` : `${name}：${title}`;
}

function storyAsr(world: World, l: VideoLatent, rng: CorpusRng): string {
  if (rng.next() < EMPTY_ASR_SHARE) return '';
  const n = Math.min(
    MAX_ASR_FRAGMENTS,
    Math.max(1, Math.round(Math.exp(Math.log(ASR_FRAGMENTS_MEDIAN) + ASR_FRAGMENTS_SIGMA * rng.normal()))),
  );
  // background music / off-topic chatter: words of another topic
  const about = rng.next() < UNRELATED_ASR_SHARE ? { ...l, topic: rng.int(N_TOPICS), second: -1, beta: 0 } : l;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let frag = '';
    const k = 1 + rng.int(4);
    for (let j = 0; j < k; j++) {
      const r = rng.next();
      frag += r < 0.4 ? topicWord(world, about, rng) : r < 0.75 ? rng.pick(SPOKEN) : rng.pick(FILLER);
    }
    parts.push(frag + (rng.next() < 0.85 ? '。' : '，'));
  }
  return parts.join('');
}

/** Pre-activation content frames of the story (shared by its re-uploads). */
function storyFrames(world: World, l: VideoLatent, rng: CorpusRng): Float32Array[] {
  const base = frameBase(world, frameInput(world, l.topic, l.second, l.beta, l.fine));
  const style = new Float32Array(FRAME_DIM);
  for (let j = 0; j < NUISANCE_DIRS; j++) {
    const a = rng.normal() * NUISANCE_SCALE;
    for (let d = 0; d < FRAME_DIM; d++) style[d] += a * world.nuisance[j * FRAME_DIM + d];
  }
  let n = frameCount(rng);
  if (rng.next() < LONG_VIDEO_SHARE) n = Math.min(MAX_REALISTIC_FRAMES, n + 1 + rng.int(8));
  const noise = world.noise;
  const out: Float32Array[] = [];
  for (let t = 0; t < n; t++) {
    let src = base;
    if (rng.next() < OFF_TOPIC_FRAMES)
      src = frameBase(world, frameInput(world, rng.int(N_TOPICS), -1, 0, dims.unitVector(rng, FINE_DIM)));
    const buf = new Float32Array(FRAME_DIM);
    const off = rng.int(noise.length - FRAME_DIM);
    for (let d = 0; d < FRAME_DIM; d++) buf[d] = src[d] + style[d] + FRAME_NOISE * noise[off + d];
    for (let j = 0; j < FRAME_WIGGLES; j++) {
      const a = rng.normal() * WIGGLE_SCALE;
      const row = j * FRAME_DIM;
      for (let d = 0; d < FRAME_DIM; d++) buf[d] += a * world.wiggles[row + d];
    }
    out.push(buf);
  }
  return out;
}

function uploadFrames(
  world: World,
  l: VideoLatent,
  content: CorpusRng,
  own: CorpusRng,
  up: Uploader,
  reupload: boolean,
  wantMean: boolean,
): { frames: Uint16Array[]; mean?: Float32Array } {
  let story = storyFrames(world, l, content);
  if (reupload && story.length > 6) story = story.slice(own.int(3), story.length - own.int(3));
  const withIntro = own.next() < up.introRate;
  const pre: Float32Array[] = withIntro ? up.intro : [];
  const all = [...pre, ...story].slice(0, MAX_REALISTIC_FRAMES);
  const noise = world.noise;
  const frames: Uint16Array[] = [];
  const mean = wantMean ? new Float32Array(FRAME_DIM) : undefined;
  all.forEach((src, t) => {
    const isIntro = t < pre.length;
    const extra = isIntro ? INTRO_NOISE : reupload ? REENCODE_NOISE : 0;
    const off = own.int(noise.length - FRAME_DIM);
    const out = new Uint16Array(FRAME_DIM);
    for (let d = 0; d < FRAME_DIM; d++) {
      // intro frames already carry the look (see realism.ts)
      const v = src[d] + (isIntro ? 0 : up.look[d]) + extra * noise[off + d];
      out[d] = toFloat16Bits(v > 0 ? v : 0);
    }
    if (mean) for (let d = 0; d < FRAME_DIM; d++) mean[d] += float16Value(out[d]) / all.length;
    frames.push(out);
  });
  return { frames, mean };
}
