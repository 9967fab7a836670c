import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cosine, mulberry32 } from '@vidsim/core';
import { CharTfidf, predictRow, ridgeFit, truncatedSvd } from '@vidsim/spearman-eval';
import { fitLinearProbe, type ProbeTrainingVideo } from './fit';
import { LinearProbe } from './probe';

const WORDS = ['猫咪', '篮球', '做饭', '旅行', '手机', '游戏', '音乐', '汽车'];

/** Videos of 4 kinds: the kind shows in the frames (plus noise) and in the title words; tags follow the kind. */
function videos(n: number, seed = 3, F = 12): ProbeTrainingVideo[] {
  const u = mulberry32(seed);
  const big = [9007199254740993n, 9007199254740992n, 123456789012345678n, 42n]; // ids above 2^53
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 4;
    const meanFrame = Float32Array.from({ length: F }, (_, d) => (d % 4 === kind ? 1 : 0) + 0.3 * (u() - 0.5));
    const title = `${WORDS[kind * 2]}${WORDS[kind * 2 + 1]}${u() < 0.5 ? '！' : '的日常'}${WORDS[Math.floor(u() * 8)]}`;
    const asr = u() < 0.3 ? '' : `今天我们来聊聊${WORDS[kind * 2]}，`.repeat(1 + Math.floor(u() * 20));
    const tags = [big[kind], BigInt(1000 + kind), ...(u() < 0.5 ? [7n] : [])];
    return { meanFrame, title, asr, tags };
  });
}

describe('fitLinearProbe', () => {
  it('with dims >= tags, its cosines are those of the full ridge predictions (independent ridge on the same inputs)', () => {
    const train = videos(80);
    const { probe, report } = fitLinearProbe(train, { dims: 16, svdComponents: 6 });
    expect(report.tags).toBe(9); // 4 kind ids (two of them 1 apart above 2^53), 1000..1003 and 7
    expect(report.energy).toBeCloseTo(1, 6);
    // the same inputs built by hand: standardised [frames, SVD of title ⊕ asr TF-IDF], ridge with the chosen lambda
    const title = CharTfidf.fit(
      train.map((v) => v.title),
      { ngrams: [1, 2] },
    );
    const asr = CharTfidf.fit(
      train.map((v) => v.asr),
      { ngrams: [1, 2], minDf: 2, maxFeatures: 50_000 },
    );
    const text = train.map((v) => {
      const a = title.transform(v.title);
      const b = asr.transform(v.asr);
      return {
        indices: Int32Array.from([...a.indices, ...Array.from(b.indices, (j) => j + title.size)]),
        values: Float64Array.from([...a.values, ...b.values]),
      };
    });
    const svd = truncatedSvd(text, title.size + asr.size, 6, { powerIters: 2, seed: 7 });
    const raw = train.map((v, i) => [...Array.from(v.meanFrame), ...svd.project(text[i])]);
    const D = raw[0].length;
    const mu = Array.from({ length: D }, (_, d) => raw.reduce((s, r) => s + r[d], 0) / raw.length);
    const sd = mu.map((m, d) => Math.sqrt(raw.reduce((s, r) => s + (r[d] - m) ** 2, 0) / raw.length) || 1);
    const x = raw.map((r) => r.map((v, d) => (v - mu[d]) / sd[d]));
    const tagOrder = new Map<string, number>();
    train.forEach((v) => v.tags.forEach((t) => tagOrder.set(String(t), (tagOrder.get(String(t)) ?? 0) + 1)));
    const kept = [...tagOrder].filter(([, c]) => c >= 3).map(([t]) => t);
    const hot = train.map((v) => v.tags.map((t) => kept.indexOf(String(t))).filter((j) => j >= 0));
    const w = ridgeFit(Float64Array.from(x.flat()), x.length, D, { hot }, kept.length, report.lambda);
    const full = x.map((r) => predictRow(r, w, D, kept.length));
    const emb = train.map((v) => probe.embed(v));
    for (const [i, j] of [
      [0, 1],
      [0, 4],
      [2, 7],
      [5, 9],
      [11, 63],
    ])
      expect(cosine(emb[i], emb[j])).toBeCloseTo(cosine(full[i], full[j]), 4);
  });

  it('ranks same-kind videos above other kinds on unseen videos, and keeps most energy in few dims', () => {
    const { probe, report } = fitLinearProbe(videos(120), { dims: 3, svdComponents: 8 });
    expect(report.energy).toBeGreaterThan(0.8);
    expect(report.energy).toBeLessThan(1);
    const test = videos(8, 99).map((v) => probe.embed(v));
    expect(test[0]).toHaveLength(3);
    expect(cosine(test[0], test[4])).toBeGreaterThan(cosine(test[0], test[1]));
    expect(cosine(test[2], test[6])).toBeGreaterThan(cosine(test[2], test[3]));
  });

  it('tells tag ids above 2^53 apart', () => {
    const { report } = fitLinearProbe(videos(40), { dims: 8, svdComponents: 4 });
    // 9007199254740993n and 9007199254740992n are one float64 apart from collapsing: both kept
    expect(report.tags).toBe(9);
  });

  it('predicts categories and level-1 categories beside the tags, skipping unknown (-1) ones', () => {
    const withCategory = videos(40).map((v, i) => ({ ...v, categoryId: i % 5 === 4 ? -1 : 10_001 + (i % 4) * 100 }));
    // 4 categories (10001, 10101, 10201, 10301) and their 4 level-1 classes (100..103): 8 targets beside 9 tags
    expect(fitLinearProbe(withCategory, { dims: 8, svdComponents: 4 }).report).toMatchObject({
      tags: 9,
      categories: 8,
    });
    const off = fitLinearProbe(withCategory, { dims: 8, svdComponents: 4, categoryTargets: false }).report;
    expect(off).toMatchObject({ tags: 9, categories: 0 });
    // no category: nothing added
    expect(fitLinearProbe(videos(40), { dims: 8, svdComponents: 4 }).report.categories).toBe(0);
  });

  it('fits dense targets (a latent vector) instead of tags: a linear function of the frames comes back', () => {
    const train = videos(200);
    // no constant column: the ridge has no intercept (inputs are centred), so the targets are centred (kinds are balanced: frame d averages 0.25)
    const target = (v: ProbeTrainingVideo) => [
      v.meanFrame[0] + 2 * v.meanFrame[1] - 0.75,
      v.meanFrame[2] - v.meanFrame[3],
    ];
    const { probe, report } = fitLinearProbe(train, { targets: train.map(target), dims: 2, lambdas: [1e-4] });
    expect(report).toMatchObject({ tags: 0, categories: 0 });
    expect(report.energy).toBeCloseTo(1, 6);
    const test = videos(6, 41);
    for (const [i, j] of [
      [0, 1],
      [2, 5],
    ])
      expect(cosine(probe.embed(test[i]), probe.embed(test[j]))).toBeCloseTo(
        cosine(target(test[i]), target(test[j])),
        2,
      );
    expect(() => fitLinearProbe(train, { targets: train.slice(1).map(target) })).toThrow(
      /199 target rows for 200 videos/,
    );
  });

  it('refuses bad input, naming the video and field', () => {
    expect(() => fitLinearProbe(videos(5))).toThrow(/at least 10 training videos, got 5/);
    const bad = videos(20);
    bad[7] = { ...bad[7], meanFrame: new Float32Array(11) };
    expect(() => fitLinearProbe(bad)).toThrow(/video 7 has a 11-d mean frame, video 0 a 12-d one/);
    const nan = videos(20);
    (nan[3].meanFrame as Float32Array)[5] = NaN;
    expect(() => fitLinearProbe(nan)).toThrow(/video 3 meanFrame\[5\] is NaN/);
    const untagged = videos(20).map((v) => ({ ...v, tags: [] }));
    expect(() => fitLinearProbe(untagged)).toThrow(/no tag has 3 or more of the 20 training videos/);
    expect(() => fitLinearProbe(videos(20), { dims: 0 })).toThrow(/dims must be a positive integer/);
    expect(() => fitLinearProbe(videos(20), { lambdas: [1, -1] })).toThrow(/lambdas must be positive/);
  });
});

describe('LinearProbe files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linear-probe-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const { probe } = fitLinearProbe(videos(40), { dims: 5, svdComponents: 4 });
  const file = path.join(dir, 'linear-probe.json');
  probe.save(file);

  it('loads back to the same embeddings', () => {
    const again = LinearProbe.load(file);
    for (const v of videos(4, 17)) expect(Array.from(again.embed(v))).toEqual(Array.from(probe.embed(v)));
  });

  it('refuses an altered, truncated or missing binary, and a foreign header, naming the file', () => {
    const bin = fs.readFileSync(file + '.bin');
    const altered = Buffer.from(bin);
    altered[100] ^= 0xff;
    fs.writeFileSync(file + '.bin', altered);
    expect(() => LinearProbe.load(file)).toThrow(/linear-probe\.json\.bin: does not match the sha256/);
    fs.writeFileSync(file + '.bin', bin.subarray(0, bin.length - 4));
    expect(() => LinearProbe.load(file)).toThrow(/has \d+ bytes, the header says \d+/);
    fs.rmSync(file + '.bin');
    expect(() => LinearProbe.load(file)).toThrow(/linear-probe\.json\.bin: is missing/);
    fs.writeFileSync(file + '.bin', bin);
    const header = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...header, format: 'other/9' }));
    expect(() => LinearProbe.load(file)).toThrow(/format is "other\/9"/);
    fs.writeFileSync(file, '{"format": "vidsim-lin');
    expect(() => LinearProbe.load(file)).toThrow(/cannot read it as JSON/);
  });

  it('refuses a video whose mean frame has the wrong size', () => {
    expect(() => probe.embed({ meanFrame: new Float32Array(3), title: '', asr: '' })).toThrow(
      /meanFrame has 3 values, the probe was fitted on 12/,
    );
  });
});
