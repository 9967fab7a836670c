import { spearman } from '@vidsim/core';
import { renderFigure } from './charts';
import { notRun, section } from './html';
import { pca2 } from './pca';
import { RunReadout } from './read-artifacts';
import { jitter, strideIndices } from './series';

const MAX_MAP_POINTS = 1500;
const MAX_SCATTER_POINTS = 3000;

/** Level-1 category (`cid // 100`, as data-prep's vocab), the colour of the map. */
const level1 = (cid: number) => (Number.isFinite(cid) && cid >= 0 ? String(Math.floor(cid / 100)) : 'none');

/** Per fold: a PCA map of the validation videos by category; then cosine vs. label for every validation pair. */
export async function embeddingsSection(run: RunReadout, problems: string[]): Promise<string> {
  const figures: string[] = [];
  const notes: string[] = [];
  for (const name of run.foldStages) {
    const emb = run.stages.get(name)!.embeddings;
    if (!emb || emb.length < 3) continue;
    const keep = strideIndices(emb.length, MAX_MAP_POINTS).map((i) => emb[i]);
    // 300 iterations: plenty for a picture; near-equal eigenvalues (no structure) would otherwise run to the cap.
    const { coords, explained } = pca2(
      keep.map((r) => r.vector),
      { iterations: 300 },
    );
    figures.push(
      await renderFigure(
        {
          id: `pca-${name}`,
          title: `${name}: validation videos, PCA of the embeddings`,
          caption:
            `${keep.length}${keep.length < emb.length ? ` of ${emb.length}` : ''} videos; PC1 ${(100 * explained[0]).toFixed(1)}%, ` +
            `PC2 ${(100 * explained[1]).toFixed(1)}% of the variance; colour = level-1 category.`,
          spec: {
            data: {
              values: keep.map((r, i) => ({
                pc1: coords[2 * i],
                pc2: coords[2 * i + 1],
                category: level1(r.category),
              })),
            },
            width: 320,
            height: 260,
            mark: { type: 'circle', size: 22, opacity: 0.75 },
            encoding: {
              x: { field: 'pc1', type: 'quantitative', title: 'PC1', scale: { zero: false } },
              y: { field: 'pc2', type: 'quantitative', title: 'PC2', scale: { zero: false } },
              color: {
                field: 'category',
                type: 'nominal',
                title: 'category',
                scale: { scheme: 'tableau20' },
                legend: { columns: 2, symbolLimit: 24 },
              },
            },
          },
        },
        problems,
      ),
    );
  }
  if (!figures.length)
    notes.push('No validation embeddings yet (pairwise-k/valid_embeddings.tsv): run a pairwise fold.');
  const preds = run.foldStages.flatMap((name) =>
    (run.stages.get(name)!.predictions ?? []).map((p) => ({ ...p, fold: name })),
  );
  if (preds.length) {
    const perFold = run.foldStages
      .map((name) => preds.filter((p) => p.fold === name))
      .filter((p) => p.length > 1)
      .map(
        (p) =>
          `${p[0].fold} ${spearman(
            Float64Array.from(p, (r) => r.cosine),
            Float64Array.from(p, (r) => r.relevance),
          ).toFixed(3)}`,
      );
    const keep = strideIndices(preds.length, MAX_SCATTER_POINTS).map((i) => preds[i]);
    figures.push(
      await renderFigure(
        {
          id: 'cosine-vs-label',
          title: 'Predicted cosine vs. label (validation pairs)',
          caption:
            `${keep.length}${keep.length < preds.length ? ` of ${preds.length}` : ''} pairs, labels jittered by ±0.015 to show density. ` +
            `Spearman per fold: ${perFold.join(', ') || 'n/a'}.`,
          spec: {
            data: {
              values: keep.map((p, i) => ({ label: p.relevance + jitter(i, 0.015), cosine: p.cosine, fold: p.fold })),
            },
            width: 360,
            height: 260,
            mark: { type: 'circle', size: 18, opacity: 0.6 },
            encoding: {
              x: { field: 'label', type: 'quantitative', title: 'relevance label', scale: { domain: [-0.05, 1.05] } },
              y: { field: 'cosine', type: 'quantitative', title: 'cosine', scale: { zero: false } },
              color: { field: 'fold', type: 'nominal', title: 'fold' },
            },
          },
        },
        problems,
      ),
    );
  } else notes.push('No validation predictions yet (pairwise-k/valid_predictions.tsv): run a pairwise fold.');
  return section(
    'embeddings',
    'Embeddings',
    notes.map(notRun).join('') + (figures.length ? `<div class="charts">${figures.join('')}</div>` : ''),
  );
}
