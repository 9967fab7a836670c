import { esc, notRun, section, table } from './html';
import { RunReadout } from './read-artifacts';

/** The ablation table of an ablation run (`ablation/table.json`). */
export function ablationSection(run: RunReadout): string {
  const rows = run.ablation;
  if (!Array.isArray(rows))
    return section(
      'ablation',
      'Ablation',
      notRun('No ablation table for this run (ablation/table.json): not an ablation run, or not run yet.'),
    );
  const base = rows.find((r) => r.row === 'base')?.ours?.offline;
  const delta = (v: number | null | undefined) =>
    typeof v === 'number' && typeof base === 'number' ? v - base : undefined;
  return section(
    'ablation',
    'Ablation',
    table(
      [
        'row',
        'description',
        'reference pointwise',
        'reference pairwise',
        'ours zero-shot',
        'ours offline',
        'folds',
        'ours offline − base',
      ],
      rows.map((r) => [
        r.row,
        r.description,
        r.reference?.pointwise,
        r.reference?.pairwise,
        r.ours?.zeroShot,
        r.ours?.offline,
        r.ours?.folds,
        delta(r.ours?.offline),
      ]),
    ) + "<p>Reference: the published numbers on the official data; ours: this run's corpus.</p>",
  );
}

/** Corpus and prepare counts, and every stage's config as it ran. */
export function inputsSection(run: RunReadout): string {
  const counts = run.stages.get('corpus')?.record?.results?.counts as Record<string, number> | undefined;
  let body = counts
    ? `<h3>Corpus</h3>${table(Object.keys(counts), [Object.values(counts)])}`
    : notRun('corpus not run yet.');
  const folds = (run.prepareSummary?.folds as { strict?: Record<string, number>[] } | undefined)?.strict;
  if (Array.isArray(folds) && folds.length) {
    const keys = Object.keys(folds[0]);
    body += `<h3>Strict folds (prepare)</h3>${table(
      keys,
      folds.map((f) => keys.map((k) => f[k])),
    )}`;
  }
  body += '<h3>Stage configs</h3>';
  for (const name of run.stages.keys()) {
    const config = run.stages.get(name)?.record?.config;
    if (config !== undefined)
      body += `<details><summary>${esc(name)}</summary><pre>${esc(JSON.stringify(config, null, 2))}</pre></details>`;
  }
  return section('inputs', 'Corpus, folds and configs', body);
}
