import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mulberry32 } from '@vidsim/core';

export interface FixtureOptions {
  /** Fold stages to write (default 0, 1, 2; fold 3 writes only metrics.jsonl = a run in progress; 4 not run). */
  folds?: number[];
  ablation?: boolean;
  submit?: boolean;
  /** Write eval/eval.json (baselines and scores with intervals on pairwise and test_a). */
  evaluation?: boolean;
}

/**
 * A small run folder with every artifact kind the report reads: stage.json for each stage, metrics.jsonl,
 * prepare stage.json/summary/pairs.tsv, valid predictions and embeddings, submit summary, ablation table.
 */
export function writeFixtureRun(opts: FixtureOptions = {}): string {
  const folds = opts.folds ?? [0, 1, 2, 3];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'run-report-'));
  const dir = path.join(root, 'fixture');
  const rand = mulberry32(7);
  const put = (f: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  };
  const stage = (name: string, seconds: number, backend: string, config: unknown, results: unknown) =>
    put(
      `${name}/stage.json`,
      JSON.stringify(
        { stage: name, finishedAt: '2026-01-01T00:00:00.000Z', seconds, backend, config, results },
        null,
        2,
      ),
    );
  const metrics = (name: string, steps: number, groups: string[], evalKey?: string, evals: number[] = []) => {
    const lines: string[] = [];
    for (let s = 1; s <= steps; s++) {
      lines.push(
        JSON.stringify({
          time: '2026-01-01T00:00:00.000Z',
          stage: name,
          step: s,
          epoch: 0,
          loss: 2 / (1 + s / 10) + 0.1 * rand(),
          lr: Object.fromEntries(groups.map((g, i) => [g, (1e-3 / (i + 1)) * (1 - s / steps)])),
          gradNorm: Object.fromEntries(groups.map((g) => [g, 1])),
          examples: 32,
          stepMs: 200 + 50 * rand(),
        }),
      );
    }
    evals.forEach((v, e) =>
      lines.push(
        JSON.stringify({
          time: '2026-01-01T00:00:00.000Z',
          stage: name,
          step: steps,
          epoch: e,
          eval: { [evalKey!]: v },
        }),
      ),
    );
    put(`${name}/metrics.jsonl`, lines.join('\n') + '\n');
  };
  const levels = Array.from({ length: 21 }, (_, k) => k / 20);
  const pairs = Array.from({ length: 300 }, (_, i) => [`q${i % 40}`, `c${i}`, levels[Math.floor(rand() ** 2 * 21)]]);
  put('prepare/pairs.tsv', pairs.map((p) => p.join('\t')).join('\n') + '\n');
  put(
    'prepare/summary.json',
    JSON.stringify({
      ingest: { records: 500, seconds: 0.4 },
      folds: { strict: [0, 1, 2, 3, 4].map((fold) => ({ fold, trainPairs: 200, validPairs: 40, validVids: 60 })) },
    }),
  );
  const corpusSpearman = {
    oracle: 0.88,
    textViewOracle: 0.78,
    visionViewOracle: 0.77,
    random: -0.01,
    frameMeanCosine: 0.1,
    titleCharBowCosine: 0.23,
    sharedTagCount: 0.58,
  };
  stage(
    'corpus',
    1.5,
    'none',
    { source: 'synthetic', preset: 'tiny' },
    { counts: { pointwise: 240, pairs: 300 }, spearman: corpusSpearman },
  );
  stage(
    'prepare',
    0.4,
    'none',
    { numFolds: 5, shardRows: 8192 },
    { numFolds: 5, ingest: { records: 500, seconds: 0.4 } },
  );
  stage('features', 0.6, 'cpu', { w2vEpochs: 2 }, { wordVocabSize: 800 });
  metrics('pretrain', 30, ['all']);
  stage('pretrain', 17, 'wasm', { epochs: 1 }, { steps: 30, finalLoss: 0.3 });
  metrics('pointwise', 40, ['head', 'bert'], 'zeroShotSpearman', [0.21, 0.34, 0.41]);
  stage(
    'pointwise',
    187,
    'wasm',
    { pointwise: { epochs: 3 } },
    { steps: 40, finalLoss: 0.2, zeroShotSpearman: [0.21, 0.34, 0.41] },
  );
  const pairwiseConfig = { folds: [0, 1, 2, 3, 4], epochs: 2, labelNorm: 'bin' };
  for (const k of folds) {
    const name = `pairwise-${k}`;
    const spearmans = [0.5 + 0.02 * k, 0.6 + 0.02 * k];
    metrics(name, 20, ['head', 'bert'], 'spearman', k === 3 ? [] : spearmans);
    if (k === 3) continue;
    stage(name, 7, 'wasm', pairwiseConfig, {
      fold: k,
      trainPairs: 200,
      validPairs: 40,
      steps: 20,
      finalLoss: 0.3,
      spearman: spearmans[1],
      pearson: 0.55,
      spearmanPerEpoch: spearmans,
    });
    const vids = Array.from({ length: 60 }, (_, i) => ({
      vid: `v${k}_${i}`,
      category: [10801, 10802, 21503, 30001][i % 4],
    }));
    const vecs = vids.map((v, i) => Array.from({ length: 16 }, (_, j) => (j === i % 4 ? 2 : 0) + rand() - 0.5));
    put(
      `${name}/valid_embeddings.tsv`,
      'vid\tcategory\tembedding\n' +
        vids.map((v, i) => `${v.vid}\t${v.category}\t${vecs[i].map((x) => x.toFixed(5)).join(',')}`).join('\n') +
        '\n',
    );
    const preds = Array.from({ length: 40 }, (_, i) => {
      const rel = levels[Math.floor(rand() * 21)];
      return `v${k}_${i}\tv${k}_${i + 1}\t${rel}\t${(0.5 * rel + 0.4 * rand()).toFixed(6)}`;
    });
    put(`${name}/valid_predictions.tsv`, 'query\tcandidate\trelevance\tcosine\n' + preds.join('\n') + '\n');
  }
  metrics('pairwise-all', 25, ['head', 'bert']);
  stage('pairwise-all', 9, 'wasm', pairwiseConfig, {
    fold: 'all',
    trainPairs: 300,
    validPairs: 0,
    steps: 25,
    finalLoss: 0.25,
  });
  if (opts.submit ?? true) {
    stage('submit', 2, 'wasm', { sets: ['test_a', 'test_b'] }, { source: 'pairwise-all', offlineScore: 0.61 });
    put(
      'submit/summary.json',
      JSON.stringify({
        run: 'fixture',
        folds: [],
        offlineScore: 0.61,
        zeroShot: 0.41,
        corpus: corpusSpearman,
        stageSeconds: {},
      }),
    );
  }
  if (opts.ablation) {
    put(
      'ablation/table.json',
      JSON.stringify([
        {
          row: 'base',
          description: 'the base run',
          reference: { pointwise: 0.7284, pairwise: 0.834 },
          ours: { zeroShot: 0.41, offline: 0.61, folds: 3 },
        },
        {
          row: 'no label norm',
          description: 'raw labels',
          reference: { pointwise: null, pairwise: 0.82 },
          ours: { zeroShot: 0.41, offline: 0.55, folds: 3 },
        },
      ]),
    );
  }
  if (opts.evaluation) {
    const iv = (v: number, w = 0.04) => ({
      spearman: v,
      low: v - w,
      high: v + w,
      se: w / 2,
      pairs: 300,
      resamples: 1000,
      level: 0.95,
    });
    const baselineScores = {
      frameCosine: iv(0.31),
      frameCosineCentred: iv(0.33),
      titleTfidf: iv(0.44),
      titleTfidfPlusFrame: iv(0.47),
      linearProbe: iv(0.701),
    };
    put(
      'eval/eval.json',
      JSON.stringify({
        run: 'fixture',
        resamples: 1000,
        method: 'percentile bootstrap over pairs',
        ceiling: { pairwise: 0.88, test_a: 0.9 },
        baselines: {
          trainVideos: 240,
          probe: { tags: 100, lambda: 200, holdoutCosine: 0.2, dims: 1600 },
          sets: [
            { name: 'pairwise', pairs: 300, scores: { ...baselineScores, sharedTags: iv(0.4) } },
            { name: 'test_a', pairs: 120, scores: baselineScores },
          ],
        },
        sets: [
          {
            set: 'pairwise',
            pairs: 300,
            trainedOn: true,
            stages: { pretrain: iv(0.2), pointwise: iv(0.5), pairwise: iv(0.8) },
            gains: { pointwise: iv(0.3), pairwise: iv(0.3) },
          },
          {
            set: 'test_a',
            pairs: 120,
            trainedOn: false,
            stages: { pretrain: iv(0.21), pointwise: iv(0.52), pairwise: iv(0.583), stacked: iv(0.731) },
            gains: {
              pointwise: iv(0.31),
              pairwise: iv(0.063, 0.03),
              stacked: iv(0.148),
              stackedOverProbe: iv(0.03),
            },
          },
        ],
        outOfFold: {
          pairs: 120,
          labelledPairs: 300,
          folds: [0, 1, 2],
          spearman: iv(0.612),
          pointwise: iv(0.55),
          gain: iv(0.062),
        },
        allPairsStacked: {
          pairs: 300,
          groups: 5,
          weights: [0.4, 0.45, 0.4, 0.35, 0.5],
          spearman: iv(0.72),
          pointwise: iv(0.5),
          probe: iv(0.7),
          gainOverPointwise: iv(0.22),
          gainOverProbe: iv(0.02),
        },
        ablation: [
          { row: 'base', description: 'the base run', pairs: 120, spearman: iv(0.612), baseGain: null },
          { row: 'no label norm', description: 'raw labels', pairs: 120, spearman: iv(0.55), baseGain: iv(0.062) },
        ],
        seconds: 3,
      }),
    );
  }
  return dir;
}
