import { renderFigure } from './charts';
import { Cell, esc, notRun, section, table } from './html';
import type { RunReadout } from './read-artifacts';

/** A Spearman value with its bootstrap interval, as `eval/eval.json` stores it. */
export interface IntervalJson {
  spearman: number;
  low: number;
  high: number;
  pairs?: number;
}

/** The parts of `eval/eval.json` (written by the pipeline's eval step) the report draws. */
export interface EvalJson {
  resamples?: number;
  method?: string;
  ceiling?: Record<string, number>;
  baselines?: {
    sets: { name: string; pairs: number; scores: Record<string, IntervalJson> }[];
    probe?: { dims: number; tags: number; lambda: number };
  } | null;
  sets?: {
    set: string;
    pairs: number;
    trainedOn?: boolean;
    stages: Record<string, IntervalJson>;
    gains: Record<string, IntervalJson>;
  }[];
  outOfFold?: {
    pairs: number;
    labelledPairs: number;
    folds: number[];
    spearman: IntervalJson;
    pointwise: IntervalJson | null;
    gain: IntervalJson | null;
  } | null;
  allPairsStacked?: {
    pairs: number;
    groups: number;
    spearman: IntervalJson;
    gainOverPointwise: IntervalJson;
    gainOverProbe: IntervalJson;
  } | null;
  ablation?: {
    row: string;
    description: string;
    pairs: number;
    spearman: IntervalJson | null;
    baseGain: IntervalJson | null;
  }[];
}

const BASELINE_LABELS: Record<string, string> = {
  frameCosine: 'mean-frame cosine (raw)',
  frameCosineCentred: 'mean-frame cosine (centred)',
  titleTfidf: 'title char TF-IDF cosine',
  titleTfidfPlusFrame: 'mean of title TF-IDF + centred frame',
  sharedTags: 'shared tags (Jaccard)',
  linearProbe: 'linear probe (ridge -> tags + categories)',
};
const STAGE_LABELS: Record<string, string> = {
  pretrain: 'model: pretrain-only',
  pointwise: 'model: after pointwise',
  pairwise: 'model: after pairwise',
  stacked: 'submitted: tower stacked with the probe',
};
const GAIN_LABELS: Record<string, string> = {
  pointwise: 'gain of pointwise over pretrain-only (paired)',
  pairwise: 'gain of pairwise over pointwise (paired)',
  stacked: 'gain of stacking over the pairwise tower (paired)',
  stackedOverProbe: 'gain of stacking over the linear probe (paired)',
};
const KINDS = ['corpus ceiling', 'baseline', 'model', 'model (out-of-fold)'];
const COLORS = ['#54a24b', '#bab0ac', '#4c78a8', '#1f3f66'];

interface Bar {
  label: string;
  value: number;
  low: number;
  high: number;
  kind: string;
}

const iv = (s: IntervalJson | null | undefined) =>
  s && Number.isFinite(s.spearman)
    ? { html: `${s.spearman.toFixed(3)} <small>[${s.low.toFixed(3)}, ${s.high.toFixed(3)}]</small>` }
    : null;

/** Bars with their 95% interval as a rule, one row per score. */
function intervalSpec(bars: Bar[]): Record<string, unknown> {
  return {
    width: 440,
    height: { step: 18 },
    data: { values: bars },
    encoding: { y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } } },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x: {
            field: 'value',
            type: 'quantitative',
            title: 'Spearman (95% interval)',
            scale: { domain: [Math.min(0, ...bars.map((b) => b.low)), 1] },
          },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: KINDS, range: COLORS } },
        },
      },
      {
        mark: { type: 'rule', strokeWidth: 1.5, color: '#222' },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: {
          x: { field: 'high', type: 'quantitative' },
          text: { field: 'value', type: 'quantitative', format: '.3f' },
        },
      },
    ],
  };
}

/** Baselines beside the model's scores on every labelled pair set, with bootstrap intervals (from `eval/eval.json`). */
export async function evalSection(run: RunReadout, problems: string[]): Promise<string> {
  const ev = run.evaluation;
  if (!ev)
    return section(
      'evaluation',
      'Baselines and model scores with intervals',
      notRun('The eval step has not run yet (npx nx run <run>:eval).'),
    );
  let body =
    `<p>Spearman of each score against the labels with its 95% bootstrap interval${ev.resamples ? ` (${ev.resamples} resamples)` : ''}. ` +
    'Baselines are computed from the prepared store only; test-set labels exist only for the synthetic corpus.</p>';
  const names = [...new Set([...(ev.baselines?.sets ?? []).map((s) => s.name), ...(ev.sets ?? []).map((s) => s.set)])];
  const figures: string[] = [];
  for (const name of names) {
    const b = ev.baselines?.sets.find((s) => s.name === name);
    const m = ev.sets?.find((s) => s.set === name);
    const bars: Bar[] = [];
    const rows: Cell[][] = [];
    const ceiling = ev.ceiling?.[name];
    if (ceiling !== undefined) {
      bars.push({ label: 'latent ceiling', value: ceiling, low: ceiling, high: ceiling, kind: 'corpus ceiling' });
      rows.push(['latent ceiling (synthetic oracle)', { html: ceiling.toFixed(3) }]);
    }
    for (const [k, s] of Object.entries(b?.scores ?? {})) {
      bars.push({ label: BASELINE_LABELS[k] ?? k, value: s.spearman, low: s.low, high: s.high, kind: 'baseline' });
      rows.push([`baseline: ${BASELINE_LABELS[k] ?? k}`, iv(s)]);
    }
    for (const [k, s] of Object.entries(m?.stages ?? {})) {
      const trained = m?.trainedOn && (k === 'pairwise' || k === 'stacked');
      rows.push([`${STAGE_LABELS[k] ?? k}${trained ? ' (trained on these pairs)' : ''}`, iv(s)]);
      if (!trained)
        bars.push({ label: STAGE_LABELS[k] ?? k, value: s.spearman, low: s.low, high: s.high, kind: 'model' });
    }
    for (const [k, s] of Object.entries(m?.gains ?? {}))
      if (!(m?.trainedOn && k !== 'pointwise'))
        rows.push([GAIN_LABELS[k] ?? `gain of ${k} over the stage before (paired)`, iv(s)]);
    if (name === 'pairwise' && ev.outOfFold) {
      const o = ev.outOfFold;
      bars.push({
        label: 'model: pairwise, out-of-fold',
        value: o.spearman.spearman,
        low: o.spearman.low,
        high: o.spearman.high,
        kind: 'model (out-of-fold)',
      });
      rows.push([
        `out-of-fold over ${o.pairs} of ${o.labelledPairs} pairs (folds ${o.folds.join(', ')})`,
        iv(o.spearman),
      ]);
      if (o.pointwise) rows.push(['pointwise tower on the same pairs', iv(o.pointwise)]);
      if (o.gain) rows.push(['gain of the pairwise stage over it (paired)', iv(o.gain)]);
    }
    const a = ev.allPairsStacked;
    if (name === 'pairwise' && a) {
      bars.push({
        label: 'stacked, every pair (cross-fitted)',
        value: a.spearman.spearman,
        low: a.spearman.low,
        high: a.spearman.high,
        kind: 'model (out-of-fold)',
      });
      rows.push([
        `every pair, none scored with its own label: pointwise tower + probe, weight cross-fitted over ${a.groups} query groups`,
        iv(a.spearman),
      ]);
      rows.push(['gain over the pointwise tower (paired)', iv(a.gainOverPointwise)]);
      rows.push(['gain over the linear probe (paired)', iv(a.gainOverProbe)]);
    }
    body +=
      `<h3>${esc(name)} (${esc(b?.pairs ?? m?.pairs ?? 0)} labelled pairs)</h3>` +
      table(['score', 'Spearman [95% interval]'], rows);
    if (bars.length) {
      figures.push(
        await renderFigure(
          {
            id: `eval-${name}`,
            title: `${name}: baselines vs model, 95% intervals`,
            caption:
              "Bars: Spearman; black rule: the bootstrap interval. A model bar whose rule lies left of a baseline's has not beaten it.",
            spec: intervalSpec(bars),
          },
          problems,
        ),
      );
    }
  }
  body += `<div class="charts">${figures.join('')}</div>`;
  if (ev.ablation?.length) {
    body +=
      '<h3>Ablation rows (out-of-fold, intervals)</h3>' +
      table(
        ['row', 'description', 'pairs', 'Spearman [95%]', 'base minus row [95%]'],
        ev.ablation.map((a) => [a.row, a.description, a.pairs, iv(a.spearman), iv(a.baseGain)]),
      );
  }
  if (ev.method) body += `<p class="caption">Intervals: ${esc(ev.method)}</p>`;
  return section('evaluation', 'Baselines and model scores with intervals', body);
}
