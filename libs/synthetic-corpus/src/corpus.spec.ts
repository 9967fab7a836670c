import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodeOfficialExample, readTfRecords, type OfficialVideo } from '@vidsim/data-prep';
import { presetConfig } from './config';
import { buildCorpusWorld, generateCorpus, pointwiseVideos, standaloneLatent, testGraphs } from './generate';
import { isUnseen } from './latent';
import { buildPairGraph } from './pairs';
import { renderVideo } from './render';
import type { CorpusReport } from './report';

async function readSet(file: string): Promise<OfficialVideo[]> {
  const out: OfficialVideo[] = [];
  for await (const r of readTfRecords(file)) out.push(decodeOfficialExample(r.data, { file, offset: r.offset }));
  return out;
}

function expectSame(got: OfficialVideo, want: OfficialVideo): void {
  expect(got.id).toBe(want.id);
  expect(got.title).toBe(want.title);
  expect(got.asrText).toBe(want.asrText);
  expect(got.categoryId).toBe(want.categoryId);
  expect(got.tagIds?.map(Number)).toEqual(want.tagIds?.map(Number));
  expect(got.frames.length).toBe(want.frames.length);
  got.frames.forEach((f, i) =>
    expect(Buffer.from(f.buffer, f.byteOffset, f.byteLength).equals(Buffer.from(want.frames[i].buffer))).toBe(true),
  );
}

describe('tiny realistic corpus: written in the official layout, read back unchanged', () => {
  const config = presetConfig('tiny', { seed: 7 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-synth-'));
  let report: CorpusReport;
  const world = buildCorpusWorld(config);
  const graph = buildPairGraph(world, config.seed, config.pairwiseVideos, config.pointwiseVideos);

  beforeAll(async () => {
    report = await generateCorpus(config, dir);
  }, 180_000); // ~2 s of CPU; the margin is for a loaded shared machine
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has exactly the official files and no temp leftovers', () => {
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort();
    expect(files).toEqual([
      'corpus_report.json',
      'pairwise/label.tsv',
      'pairwise/pairwise.tfrecords',
      'pointwise/pretrain_0.tfrecords',
      'pointwise/pretrain_1.tfrecords',
      'test_a/label.tsv',
      'test_a/test_a.tfrecords',
      'test_b/label.tsv',
      'test_b/test_b.tfrecords',
    ]);
  });

  it('pointwise shards decode to the generated videos, in order', async () => {
    const got = [
      ...(await readSet(path.join(dir, 'pointwise/pretrain_0.tfrecords'))),
      ...(await readSet(path.join(dir, 'pointwise/pretrain_1.tfrecords'))),
    ];
    const want = [...pointwiseVideos(world, 0, config.pointwiseVideos)];
    expect(got.length).toBe(config.pointwiseVideos);
    got.forEach((v, i) => expectSame(v, want[i]));
    for (const v of got) {
      expect(v.frames.length).toBeGreaterThanOrEqual(3);
      expect(v.frames.length).toBeLessThanOrEqual(40);
      expect(BigInt(v.id) > 2n ** 53n).toBe(true);
      expect(v.tagIds!.length).toBeGreaterThan(0);
      expect(String(v.categoryId)).toMatch(/^1[0-4][0-9][0-9][0-9]$/);
    }
  });

  it('pairwise videos and label.tsv match the pair graph', async () => {
    const got = await readSet(path.join(dir, 'pairwise/pairwise.tfrecords'));
    got.forEach((v, i) => expectSame(v, renderVideo(world, graph.latents[i], { labelled: true }).video));
    const ids = new Set(got.map((v) => v.id));
    const rows = fs
      .readFileSync(path.join(dir, 'pairwise/label.tsv'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.length).toBe(report.counts.pairs);
    for (const [q, c, rel] of rows) {
      expect(ids.has(q) && ids.has(c)).toBe(true);
      expect(rel).toMatch(/^(0\.0|1\.0|0\.[0-9]5|0\.[1-9])$/);
    }
  });

  it('test sets carry no tags and category -1; their label.tsv pairs lie inside the set; about half the content is unseen', async () => {
    const tests = testGraphs(world, config, config.pointwiseVideos + graph.latents.length);
    for (const [which, set] of (['test_a', 'test_b'] as const).entries()) {
      const got = await readSet(path.join(dir, set, `${set}.tfrecords`));
      expect(got.length).toBe(tests[which].latents.length);
      got.forEach((v, i) => expectSame(v, renderVideo(world, tests[which].latents[i], { labelled: false }).video));
      for (const v of got) {
        expect(v.tagIds).toBeUndefined();
        expect(v.categoryId).toBe(-1);
      }
      const ids = new Set(got.map((v) => v.id));
      const rows = fs
        .readFileSync(path.join(dir, set, 'label.tsv'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t'));
      expect(rows.length).toBe(tests[which].pairs.length);
      for (const [q, c] of rows) expect(ids.has(q) && ids.has(c)).toBe(true);
    }
    const all = [...tests[0].latents, ...tests[1].latents];
    const unseen = all.filter(isUnseen).length / all.length;
    expect(unseen).toBeGreaterThan(0.3);
    expect(unseen).toBeLessThan(0.7);
    // training content never uses an unseen subtopic
    expect(graph.latents.some(isUnseen)).toBe(false);
    for (let i = 0; i < config.pointwiseVideos; i++) expect(isUnseen(standaloneLatent(world, i))).toBe(false);
  });

  it('realistic nuisances: re-uploads share a story, uploaders repeat across unrelated videos, lengths reach the real extremes', () => {
    const latents = [
      ...Array.from({ length: config.pointwiseVideos }, (_, i) => standaloneLatent(world, i)),
      ...graph.latents,
    ];
    const stories = new Map<number, number>();
    for (const l of latents) stories.set(l.story!, (stories.get(l.story!) ?? 0) + 1);
    expect([...stories.values()].some((n) => n >= 2)).toBe(true);
    const uploaders = new Set(latents.map((l) => l.uploader));
    expect(uploaders.size).toBeGreaterThan(config.uploaders / 2);
    expect(uploaders.has(-1)).toBe(false);
    const l = report.lengths!;
    expect(l.title.max).toBeGreaterThanOrEqual(50);
    expect(l.asr.emptyShare).toBeGreaterThan(0.1);
    expect(l.frames.max).toBeGreaterThan(32);
  });

  it('report: every single-modality baseline sits clearly below the oracle', () => {
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'corpus_report.json'), 'utf8')) as CorpusReport;
    expect(onDisk.spearman).toEqual(report.spearman);
    const s = report.spearman;
    expect(s.oracle).toBeGreaterThan(0.75);
    for (const b of [s.frameMeanCosine, s.titleCharBowCosine, s.sharedTagCount, s.random])
      expect(b).toBeLessThan(s.oracle - 0.2);
    expect(report.style).toBe('realistic');
    expect(report.test!.sets.map((t) => t.set)).toEqual(['test_a', 'test_b']);
  });
});

describe('classic corpus: the first generator stays reachable', () => {
  const config = presetConfig('tiny', { seed: 7, style: 'classic', testVideos: 40 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-synth-classic-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes no test labels; test_a starts with the standalone latent after the pair graph', async () => {
    const report = await generateCorpus(config, dir);
    expect(report.test).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'test_a/label.tsv'))).toBe(false);
    const world = buildCorpusWorld(config);
    expect(world.realism).toBeUndefined();
    const graph = buildPairGraph(world, config.seed, config.pairwiseVideos, config.pointwiseVideos);
    const a0 = (await readSet(path.join(dir, 'test_a/test_a.tfrecords')))[0];
    expectSame(
      a0,
      renderVideo(world, standaloneLatent(world, config.pointwiseVideos + graph.latents.length), { labelled: false })
        .video,
    );
    for (const v of await readSet(path.join(dir, 'pointwise/pretrain_0.tfrecords')))
      expect(v.frames.length).toBeLessThanOrEqual(32);
  }, 60_000);
});
