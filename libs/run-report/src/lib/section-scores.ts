import { spearman } from '@vidsim/core';
import { renderFigure } from './charts';
import { Cell, esc, fmt, fmtWall, notRun, section, table } from './html';
import { REFERENCE_SCORES } from '@vidsim/run-layout';
import { RunReadout } from './read-artifacts';
import { isNum } from './series';
import { stageStatus } from './stage-info';

const CORPUS_LABELS: [string, string, string][] = [
  ['oracle', 'corpus oracle (ceiling)', 'corpus ceiling'],
  ['textViewOracle', 'text-view oracle', 'corpus ceiling'],
  ['visionViewOracle', 'vision-view oracle', 'corpus ceiling'],
  ['sharedTagCount', 'shared tag count', 'baseline'],
  ['titleCharBowCosine', 'title char BoW cosine', 'baseline'],
  ['frameMeanCosine', 'frame mean cosine', 'baseline'],
  ['random', 'random', 'baseline'],
];

export function corpusSpearman(run: RunReadout): Record<string, number> | undefined {
  const fromStage = run.stages.get('corpus')?.record?.results?.spearman;
  const fromSubmit = run.submitSummary?.corpus;
  const v = (fromStage ?? fromSubmit) as Record<string, number> | undefined;
  return v && typeof v === 'object' ? v : undefined;
}

/** Fold table, bar chart of fold scores and their mean beside the corpus ceiling, baselines and reference numbers. */
export async function scoresSection(run: RunReadout, problems: string[]): Promise<string> {
  const folds = run.foldStages.map((name, k) => {
    const s = run.stages.get(name)!;
    const res = (s.record?.results ?? {}) as Record<string, unknown>;
    const p = s.predictions;
    const recomputed =
      p && p.length > 1
        ? spearman(
            Float64Array.from(p, (r) => r.cosine),
            Float64Array.from(p, (r) => r.relevance),
          )
        : undefined;
    return { k, name, status: stageStatus(run, s), res, recomputed, seconds: s.record?.seconds };
  });
  const done = folds.filter((f) => isNum(f.res.spearman));
  const mean = done.length ? done.reduce((a, f) => a + (f.res.spearman as number), 0) / done.length : undefined;
  const rows: Cell[][] = folds.map((f) => [
    f.k,
    f.res.skipped ? 'skipped' : f.status,
    f.res.trainPairs as number,
    f.res.validPairs as number,
    f.res.steps as number,
    f.res.finalLoss as number,
    f.res.spearman as number,
    f.res.pearson as number,
    f.recomputed,
    isNum(f.seconds) ? fmtWall(f.seconds) : null,
  ]);
  rows.push([
    { html: '<b>mean</b>' },
    `${done.length} of ${folds.length} folds`,
    null,
    null,
    null,
    null,
    mean,
    null,
    null,
    null,
  ]);
  let body = table(
    [
      'fold',
      'status',
      'train pairs',
      'valid pairs',
      'steps',
      'final loss',
      'Spearman',
      'Pearson',
      'Spearman from valid_predictions.tsv',
      'wall time',
    ],
    rows,
  );
  const offline = run.submitSummary?.offlineScore ?? run.stages.get('submit')?.record?.results?.offlineScore;
  const zeroShotArr = run.stages.get('pointwise')?.record?.results?.zeroShotSpearman;
  const zeroShot =
    Array.isArray(zeroShotArr) && zeroShotArr.length
      ? zeroShotArr[zeroShotArr.length - 1]
      : run.submitSummary?.zeroShot;
  body +=
    `<p>Offline score (submit): <b>${esc(fmt(offline))}</b>${offline === undefined ? ' (submit not run yet)' : ''}; ` +
    `zero-shot after pointwise: <b>${esc(fmt(zeroShot))}</b>.</p>`;
  const corpus = corpusSpearman(run);
  const bars: { label: string; value: number; kind: string }[] = [];
  for (const f of done) bars.push({ label: `fold ${f.k}`, value: f.res.spearman as number, kind: 'ours: fold' });
  if (isNum(mean)) bars.push({ label: `mean of ${done.length} folds`, value: mean, kind: 'ours: mean' });
  if (isNum(zeroShot)) bars.push({ label: 'zero-shot (pointwise)', value: zeroShot, kind: 'ours: mean' });
  for (const [key, label, kind] of CORPUS_LABELS)
    if (isNum(corpus?.[key])) bars.push({ label, value: corpus![key], kind });
  bars.push({
    label: 'reference pairwise (official data)',
    value: REFERENCE_SCORES.pairwise,
    kind: 'reference (published)',
  });
  bars.push({
    label: 'reference pointwise (official data)',
    value: REFERENCE_SCORES.pointwise,
    kind: 'reference (published)',
  });
  if (!done.length) body += notRun('No pairwise fold has finished yet: the chart shows only the context bars.');
  if (!corpus) body += notRun('Corpus ceiling and baselines: corpus stage not run yet.');
  body += `<div class="charts">${await renderFigure(
    {
      id: 'fold-scores',
      title: 'Spearman: folds and mean beside the corpus ceiling, baselines and the reference',
      caption:
        `Validation Spearman of cosine vs. label per strict fold. Corpus bars are the synthetic corpus's own ceiling and baselines; ` +
        `the reference's published numbers (pointwise ${REFERENCE_SCORES.pointwise}, pairwise ${REFERENCE_SCORES.pairwise}) are on the official data, for context only.`,
      spec: {
        width: 460,
        height: { step: 18 },
        data: { values: bars },
        layer: [
          {
            mark: 'bar',
            encoding: {
              color: {
                field: 'kind',
                type: 'nominal',
                title: null,
                scale: {
                  domain: ['ours: fold', 'ours: mean', 'corpus ceiling', 'baseline', 'reference (published)'],
                  range: ['#4c78a8', '#1f3f66', '#54a24b', '#bab0ac', '#e45756'],
                },
              },
            },
          },
          // Value labels outside the bar end: right of positive bars, left of negative ones.
          {
            transform: [{ filter: 'datum.value >= 0' }],
            mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 },
            encoding: { text: { field: 'value', type: 'quantitative', format: '.3f' } },
          },
          {
            transform: [{ filter: 'datum.value < 0' }],
            mark: { type: 'text', align: 'right', dx: -3, fontSize: 10 },
            encoding: { text: { field: 'value', type: 'quantitative', format: '.3f' } },
          },
        ],
        encoding: {
          y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
          x: {
            field: 'value',
            type: 'quantitative',
            title: 'Spearman',
            scale: { domain: [Math.min(0, ...bars.map((b) => (b.value < 0 ? b.value - 0.15 : 0))), 1], nice: false },
          },
        },
      },
    },
    problems,
  )}</div>`;
  return section('scores', 'Scores', body);
}
