import { SyntheticCorpusError } from './errors';
import { REAL_TAG_VOCAB } from './facts';

export interface CorpusConfig {
  /** Preset name, recorded in the report. */
  preset: string;
  /** Fixes the whole corpus (world, videos, pairs, labels). */
  seed: number;
  pointwiseVideos: number;
  /** Files `pointwise/pretrain_{0..n-1}.tfrecords`. */
  pointwiseShards: number;
  /** Videos in `pairwise/pairwise.tfrecords` (the pair graph may add a few to finish its last query). */
  pairwiseVideos: number;
  /** Videos in each of test_a and test_b. */
  testVideos: number;
  /** Tag vocabulary size; the real one has 62,880 tags. */
  tagVocab: number;
  /** The report scores at most this many pairs (it keeps a mean frame per scored video in memory). */
  reportMaxPairs: number;
  /**
   * 'realistic' (default): re-uploads of one story, uploader nuisances (intro frames, a colour look, the name in
   * titles), vague titles, real title / ASR lengths, up to 40 frames, test content partly unseen in training and
   * labelled test pairs (`test_a/label.tsv`, a synthetic-only extra). 'classic': the first generator, unchanged.
   */
  style: CorpusStyle;
  /** Realistic only: share of test content (subtopics, stories) never seen in pointwise / pairwise videos. */
  unseenTestShare: number;
  /** Realistic only: number of uploaders (accounts) videos are spread over. */
  uploaders: number;
}

export type CorpusStyle = 'realistic' | 'classic';
const REALISTIC = { style: 'realistic' as CorpusStyle, unseenTestShare: 0.5 };

export type PresetName = 'tiny' | 'demo' | 'full';

export const PRESETS: Record<PresetName, CorpusConfig> = {
  // seconds: for tests
  tiny: {
    preset: 'tiny',
    seed: 1024,
    pointwiseVideos: 240,
    pointwiseShards: 2,
    pairwiseVideos: 200,
    testVideos: 60,
    tagVocab: 400,
    reportMaxPairs: 1e9,
    ...REALISTIC,
    uploaders: 24,
  },
  // the main job: the whole train pipeline on it fits in minutes on 2 cores
  demo: {
    preset: 'demo',
    seed: 1024,
    pointwiseVideos: 4000,
    pointwiseShards: 4,
    pairwiseVideos: 2500,
    testVideos: 800,
    tagVocab: 3000,
    reportMaxPairs: 1e9,
    ...REALISTIC,
    uploaders: 300,
  },
  // the official sizes (pointwise 1M, pairwise 63,613 videos), streamed in constant memory
  full: {
    preset: 'full',
    seed: 1024,
    pointwiseVideos: 1_000_000,
    pointwiseShards: 20,
    pairwiseVideos: 63_613,
    testVideos: 10_000,
    tagVocab: REAL_TAG_VOCAB,
    reportMaxPairs: 8000,
    ...REALISTIC,
    uploaders: 20_000,
  },
};

export function presetConfig(name: string, overrides: Partial<CorpusConfig> = {}): CorpusConfig {
  if (!(name in PRESETS)) {
    throw new SyntheticCorpusError(
      `preset must be one of ${Object.keys(PRESETS).join(', ')}, got ${JSON.stringify(name)}`,
      'UNKNOWN_PRESET',
      { field: 'preset' },
    );
  }
  return validateConfig({ ...PRESETS[name as PresetName], ...overrides });
}

const POSITIVE_INTS: (keyof CorpusConfig)[] = [
  'pointwiseVideos',
  'pointwiseShards',
  'pairwiseVideos',
  'testVideos',
  'tagVocab',
  'reportMaxPairs',
  'uploaders',
];

export function validateConfig(c: CorpusConfig): CorpusConfig {
  const bad = (field: string, rule: string, value: unknown): never => {
    throw new SyntheticCorpusError(`${field} ${rule}, got ${JSON.stringify(value)}`, 'BAD_CONFIG', { field, value });
  };
  if (!Number.isSafeInteger(c.seed) || c.seed < 0) bad('seed', 'must be a non-negative integer', c.seed);
  for (const k of POSITIVE_INTS) {
    const v = c[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) bad(k, 'must be a positive integer', v);
  }
  if (c.pointwiseShards > c.pointwiseVideos)
    bad('pointwiseShards', `must not exceed pointwiseVideos (${c.pointwiseVideos})`, c.pointwiseShards);
  if (c.pairwiseVideos < 2) bad('pairwiseVideos', 'must be at least 2', c.pairwiseVideos);
  if (c.tagVocab < 40) bad('tagVocab', 'must be at least 40 (2 tags per topic)', c.tagVocab);
  if (c.style !== 'realistic' && c.style !== 'classic') bad('style', "must be 'realistic' or 'classic'", c.style);
  if (typeof c.unseenTestShare !== 'number' || !(c.unseenTestShare >= 0 && c.unseenTestShare <= 1))
    bad('unseenTestShare', 'must be in [0, 1]', c.unseenTestShare);
  return c;
}
