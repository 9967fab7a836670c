import { QuantileNorm, rankNorm } from '@vidsim/label-norm';
import { renderFigure } from './charts';
import { notRun, section } from './html';
import { RunReadout } from './read-artifacts';

/** Raw relevance histogram and what the bin norm (quantile) and rank norm do to each label level. */
export async function labelsSection(run: RunReadout, problems: string[]): Promise<string> {
  const rel = run.relevances;
  if (!rel || rel.length === 0)
    return section('labels', 'Labels', notRun('prepare not run yet: no prepare/pairs.tsv.'));
  const counts = new Map<number, number>();
  for (const v of rel) counts.set(Math.round(v * 100) / 100, (counts.get(Math.round(v * 100) / 100) ?? 0) + 1);
  const levels = [...counts.keys()].sort((a, b) => a - b);
  const figures = [
    await renderFigure(
      {
        id: 'label-histogram',
        title: 'Raw relevance labels',
        caption: `All ${rel.length} labelled pairs of prepare/pairs.tsv, by relevance level.`,
        spec: {
          data: { values: levels.map((level) => ({ level: level.toFixed(2), pairs: counts.get(level) })) },
          mark: 'bar',
          encoding: {
            x: { field: 'level', type: 'ordinal', title: 'relevance', axis: { labelAngle: -60 } },
            y: { field: 'pairs', type: 'quantitative', title: 'pairs' },
          },
        },
      },
      problems,
    ),
  ];
  try {
    const bin = QuantileNorm.fit(rel).transform(Float64Array.from(levels));
    const rank = rankNorm(rel);
    const rankOf = new Map<number, number>();
    rel.forEach((v, i) => rankOf.set(Math.round(v * 100) / 100, rank[i]));
    const rows = levels.flatMap((level, i) => [
      { relevance: level, target: level, mapping: 'raw (identity)' },
      { relevance: level, target: bin[i], mapping: 'bin norm (quantile)' },
      { relevance: level, target: rankOf.get(level)!, mapping: 'rank norm' },
    ]);
    figures.push(
      await renderFigure(
        {
          id: 'label-norm',
          title: 'Label normalisation: training target per label',
          caption:
            "Bin norm = QuantileNorm fitted on these labels (the reference's relevance2); rank norm = average ranks scaled to [0, 1]. " +
            'Pairwise folds fit the bin norm on their own training pairs, so their curves differ slightly.',
          spec: {
            data: { values: rows },
            mark: { type: 'line', point: true, strokeWidth: 1.5 },
            encoding: {
              x: { field: 'relevance', type: 'quantitative', title: 'raw relevance' },
              y: { field: 'target', type: 'quantitative', title: 'training target' },
              // colour and dash on the same field with the same title merge into one legend (a null legend on either
              // one suppresses the merged legend, which left the curves unnamed)
              color: { field: 'mapping', type: 'nominal', title: 'mapping' },
              strokeDash: { field: 'mapping', type: 'nominal', title: 'mapping' },
            },
          },
        },
        problems,
      ),
    );
  } catch (e) {
    figures.push(notRun(`Label normalisation curves unavailable: ${(e as Error).message}`));
  }
  return section('labels', 'Labels', `<div class="charts">${figures.join('')}</div>`);
}
