import { N_UNSEEN_SUBTOPICS, sampleLatent, type VideoLatent } from './latent';
import { CorpusRng } from './rng';
import { FINE_DIM, FRAME_DIM, VISUAL_DIM, TEXT_HALF, World, unitVector } from './world';

/**
 * The realistic corpus's nuisances and re-uploads. Nothing here changes the latent similarity the labels come
 * from: an uploader's look, intro frames and name are shared by unrelated videos and differ between re-uploads
 * of one story, so raw-feature baselines are misled and a model has to learn to ignore them.
 */
export interface Uploader {
  name: string;
  /** Added to every frame of the uploader's videos (a colour grade / watermark "look"). [FRAME_DIM] */
  look: Float32Array;
  /** Pre-activation intro frames (a channel ident) put before the content of most of its videos. */
  intro: Float32Array[];
  /** Chance a video of this uploader carries the intro, and that its title carries the name. */
  introRate: number;
  nameRate: number;
}

export interface Realism {
  uploaders: Uploader[];
  /** Upload counts follow a Zipf law: a few big accounts, a long tail. */
  popularity: Float64Array;
  /** Training stories (shared by pointwise and pairwise re-uploads); test content never draws from them. */
  trainStories: number;
}

/** Knobs, chosen so that raw-feature baselines land well below the latent ceiling (see the README). */
export const REUPLOAD_SHARE = 0.25; // pointwise / pairwise query videos that re-upload a training story
export const STORY_KEY_BASE = 1e12; // story keys of the training pool: never a video index
const LOOK_DIRS = 6;
const LOOK_SCALE = 0.35;
const INTRO_LOOK = 1;

/** Real account names are 2-8 characters of nickname parts (see real_samples.json's mediaName). */
const NAME_HEADS =
  '村长 零点 我的 阿碧 大勇 逗比 爆笑 泪花 许桂芳 大策 小美 老王 阿强 胖虎 二丫 东北 川妹子 江南 山里 城市 小城 阿杰 小鱼 橙子 糖糖 大熊'.split(
    ' ',
  );
const NAME_TAILS =
  '四哥 大剧 键盘世界 爱美丽 小熊熊 大智慧 的飘漂 大头 精彩视觉分享 日常 vlog 说车 美食记 剪辑 看世界 在路上 趣事 music 影视 搞笑 工作室 频道 TV 官方'.split(
    ' ',
  );

/**
 * Makes `world` realistic in place: unseen subtopics for test content (drawn from their own stream, so the
 * classic world is untouched) and the uploaders.
 */
export function addRealism(
  world: World,
  uploaders: number,
  trainVideos: number,
  frameBase: (x: Float64Array) => Float32Array,
): World {
  const rng = new CorpusRng(world.seed, 0x4e07);
  for (const t of world.topics)
    for (let j = 0; j < N_UNSEEN_SUBTOPICS; j++) t.subtopics.push(unitVector(rng, FINE_DIM));
  const lookDirs = Array.from({ length: LOOK_DIRS }, () =>
    Float32Array.from({ length: FRAME_DIM }, () => rng.normal()),
  );
  const list: Uploader[] = [];
  for (let u = 0; u < uploaders; u++) {
    const look = new Float32Array(FRAME_DIM);
    for (const dir of lookDirs) {
      const a = rng.normal() * LOOK_SCALE;
      for (let d = 0; d < FRAME_DIM; d++) look[d] += a * dir[d];
    }
    const intro = Array.from({ length: 1 + rng.int(2) }, () => {
      const x = new Float64Array(VISUAL_DIM + FINE_DIM - TEXT_HALF);
      for (let i = 0; i < x.length; i++) x[i] = rng.normal();
      const f = frameBase(x);
      for (let d = 0; d < FRAME_DIM; d++) f[d] += INTRO_LOOK * look[d];
      return f;
    });
    const name = rng.pick(NAME_HEADS) + rng.pick(NAME_TAILS) + (rng.next() < 0.2 ? String(1 + rng.int(999)) : '');
    list.push({ name, look, intro, introRate: rng.next() < 0.6 ? 0.85 : 0.2, nameRate: rng.next() < 0.5 ? 0.6 : 0.1 });
  }
  const popularity = Float64Array.from({ length: uploaders }, (_, r) => 1 / Math.pow(r + 1, 0.8));
  world.realism = { uploaders: list, popularity, trainStories: Math.max(4, Math.round(trainVideos / 10)) };
  return world;
}

/** Training story `s`: a latent of its own stream, keyed outside the video numbering. */
export function trainStory(world: World, s: number): VideoLatent {
  const key = STORY_KEY_BASE + s;
  return { ...sampleLatent(world, new CorpusRng(world.seed, 0x5707, s), key), story: key };
}

export function drawUploader(world: World, rng: CorpusRng): number {
  return world.realism ? rng.weighted(world.realism.popularity) : -1;
}

/**
 * Realistic training-side latent: the base latent, or (REUPLOAD_SHARE of the time) a re-upload of a training story;
 * then its uploader. `rng` is the video's own stream.
 */
export function withUploadOf(world: World, rng: CorpusRng, base: VideoLatent): VideoLatent {
  const r = world.realism;
  if (!r) return base;
  let l: VideoLatent = { ...base, story: base.index };
  if (rng.next() < REUPLOAD_SHARE) l = { ...trainStory(world, rng.int(r.trainStories)), index: base.index };
  return { ...l, uploader: drawUploader(world, rng) };
}
