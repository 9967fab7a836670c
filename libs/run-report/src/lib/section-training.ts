import { ChartDef, lineSpec, renderFigure, smallMultiplesSpec } from './charts';
import { notRun, section } from './html';
import { RunReadout, StageArtifacts } from './read-artifacts';
import { downsampleMean, isNum } from './series';
import { epochEvals, stageStatus, trainLines } from './stage-info';

const MAX_POINTS = 400;
const groups = (run: RunReadout): { id: string; title: string; stages: string[] }[] => [
  { id: 'pretrain', title: 'Pretrain (MLM)', stages: ['pretrain'] },
  { id: 'pointwise', title: 'Pointwise (tags)', stages: ['pointwise'] },
  { id: 'pairwise', title: 'Pairwise (folds and all pairs)', stages: [...run.foldStages, 'pairwise-all'] },
];

/** Rows `{stage, step, value}` for one quantity, each stage's curve reduced to at most MAX_POINTS. */
function curveRows(stages: StageArtifacts[], series: (s: StageArtifacts) => { name: string; x: number; y: number }[]) {
  const rows: { series: string; step: number; value: number }[] = [];
  let perPoint = 1;
  for (const s of stages) {
    const bySeries = new Map<string, { x: number; y: number }[]>();
    for (const p of series(s)) {
      if (!bySeries.has(p.name)) bySeries.set(p.name, []);
      bySeries.get(p.name)!.push(p);
    }
    for (const [name, pts] of bySeries) {
      const d = downsampleMean(pts, MAX_POINTS);
      perPoint = Math.max(perPoint, d.perPoint);
      for (const p of d.points) rows.push({ series: name, step: p.x, value: p.y });
    }
  }
  return { rows, perPoint };
}

const smoothing = (perPoint: number) => (perPoint > 1 ? ` Each point is the mean of ${perPoint} steps.` : '');

function groupCharts(id: string, stages: StageArtifacts[]): ChartDef[] {
  const loss = curveRows(stages, (s) => trainLines(s).map((m) => ({ name: s.name, x: m.step, y: m.loss! })));
  const lr = curveRows(stages, (s) =>
    trainLines(s).flatMap((m) =>
      Object.entries(m.lr ?? {})
        .filter(([, v]) => isNum(v))
        .map(([g, v]) => ({ name: stages.length > 1 ? `${s.name} ${g}` : g, x: m.step, y: v as number })),
    ),
  );
  const speed = curveRows(stages, (s) =>
    trainLines(s)
      .filter((m) => isNum(m.examples) && isNum(m.stepMs) && m.stepMs > 0)
      .map((m) => ({ name: s.name, x: m.step, y: (m.examples! * 1000) / m.stepMs! })),
  );
  const charts: ChartDef[] = [
    stages.length > 2
      ? {
          id: `loss-${id}`,
          title: 'Training loss',
          caption: `Loss per optimizer step, one panel per stage (same y scale).${smoothing(loss.perPoint)}`,
          spec: smallMultiplesSpec(loss.rows, 'step', 'value', { panel: 'series', xTitle: 'step', yTitle: 'loss' }),
        }
      : {
          id: `loss-${id}`,
          title: 'Training loss',
          caption: `Loss per optimizer step.${smoothing(loss.perPoint)}`,
          spec: lineSpec(loss.rows, 'step', 'value', {
            xTitle: 'step',
            yTitle: 'loss',
            series: 'series',
            seriesTitle: 'stage',
          }),
        },
    {
      id: `lr-${id}`,
      title: 'Learning rate',
      caption: `Per parameter group (warm-up then decay).${smoothing(lr.perPoint)}`,
      spec: lineSpec(lr.rows, 'step', 'value', {
        xTitle: 'step',
        yTitle: 'learning rate',
        series: 'series',
        seriesTitle: 'group',
        yZero: true,
      }),
    },
    {
      id: `speed-${id}`,
      title: 'Throughput',
      caption: `Examples per second of each step (examples / step wall time).${smoothing(speed.perPoint)}`,
      spec: lineSpec(speed.rows, 'step', 'value', {
        xTitle: 'step',
        yTitle: 'examples/s',
        series: 'series',
        seriesTitle: 'stage',
        yZero: true,
      }),
    },
  ];
  return charts.filter((c) => (c.spec.data as { values: unknown[] }).values.length > 0);
}

/** Per stage group: loss, learning rate and throughput curves; Spearman per epoch (zero-shot and per fold). */
export async function trainingSection(run: RunReadout, problems: string[]): Promise<string> {
  let body = '';
  for (const g of groups(run)) {
    const all = g.stages.map((n) => run.stages.get(n)!);
    const logged = all.filter((s) => trainLines(s).length > 0);
    body += `<h3>${g.title}</h3>`;
    const missing = all
      .filter((s) => trainLines(s).length === 0 && stageStatus(run, s) !== 'not in this run')
      .map((s) => s.name);
    if (missing.length) body += notRun(`${missing.join(', ')}: not run yet (no training lines in metrics.jsonl).`);
    const figures: string[] = [];
    for (const c of logged.length ? groupCharts(g.id, logged) : []) figures.push(await renderFigure(c, problems));
    if (g.id === 'pointwise') {
      const zs = epochEvals(all[0], 'zeroShotSpearman', 'zeroShotSpearman');
      if (zs.length) {
        figures.push(
          await renderFigure(
            {
              id: 'zero-shot',
              title: 'Zero-shot Spearman per epoch',
              caption: 'Spearman of embedding cosine vs. label on the labelled pairs, before any pair training.',
              spec: lineSpec(zs, 'epoch', 'value', {
                xTitle: 'epoch',
                yTitle: 'Spearman',
                points: true,
                integerX: true,
              }),
            },
            problems,
          ),
        );
      } else body += notRun('Zero-shot Spearman: no pointwise epoch has finished yet.');
    }
    if (g.id === 'pairwise') {
      const rows = all.flatMap((s) =>
        epochEvals(s, 'spearman', 'spearmanPerEpoch').map((r) => ({ ...r, stage: s.name })),
      );
      if (rows.length) {
        figures.push(
          await renderFigure(
            {
              id: 'fold-epochs',
              title: 'Validation Spearman per epoch',
              caption: 'Each fold model on its held-out pairs at the end of every epoch.',
              spec: lineSpec(rows, 'epoch', 'value', {
                xTitle: 'epoch',
                yTitle: 'Spearman',
                series: 'stage',
                seriesTitle: 'fold',
                points: true,
                integerX: true,
              }),
            },
            problems,
          ),
        );
      }
    }
    if (figures.length) body += `<div class="charts">${figures.join('')}</div>`;
  }
  return section('training', 'Training', body);
}
