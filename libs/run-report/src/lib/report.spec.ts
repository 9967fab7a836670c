import * as fs from 'fs';
import * as path from 'path';
import { RunReportError } from './errors';
import { buildRunReport, writeRunReport } from './report';
import { writeFixtureRun } from './testing/fixture';

/** `{ id: figure html }` for every chart of the page. */
export function figures(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<figure class="chart" data-chart="([^"]+)">(.*?)<\/figure>/gs)) out.set(m[1], m[2]);
  return out;
}

const EXPECTED_CHARTS = [
  'wall-time',
  'fold-scores',
  'loss-pretrain',
  'lr-pretrain',
  'speed-pretrain',
  'loss-pointwise',
  'lr-pointwise',
  'speed-pointwise',
  'zero-shot',
  'loss-pairwise',
  'lr-pairwise',
  'speed-pairwise',
  'fold-epochs',
  'label-histogram',
  'label-norm',
  'pca-pairwise-0',
  'pca-pairwise-1',
  'pca-pairwise-2',
  'cosine-vs-label',
  'eval-pairwise',
  'eval-test_a',
];

describe('run report', () => {
  let html: string;
  let dir: string;
  beforeAll(async () => {
    dir = writeFixtureRun({ ablation: true, evaluation: true });
    html = await buildRunReport(dir, { now: new Date('2026-01-02T00:00:00Z') });
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('has every section and every chart, each an inline SVG with data marks', () => {
    for (const id of ['stages', 'scores', 'evaluation', 'training', 'labels', 'embeddings', 'ablation', 'inputs'])
      expect(html).toContain(`<section id="${id}">`);
    const charts = figures(html);
    expect([...charts.keys()].sort()).toEqual([...EXPECTED_CHARTS].sort());
    for (const [id, fig] of charts) {
      expect({ id, svg: fig.includes('<svg') }).toEqual({ id, svg: true });
      const marks = [...fig.matchAll(/<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>(<(path|line|rect|text)\b)?/g)];
      expect({ id, dataMarks: marks.some((m) => m[1] !== undefined) }).toEqual({ id, dataMarks: true });
    }
    expect(html).not.toContain('chart-error');
    expect(html).not.toContain('id="problems"');
  });

  it('draws baselines beside the model with intervals; the pairwise model on its own training pairs is only listed', () => {
    const ev = /<section id="evaluation">(.*?)<\/section>/s.exec(html)![1];
    expect(ev).toContain('linear probe (ridge -&gt; tags + categories)</td><td>0.701 <small>[0.661, 0.741]</small>');
    expect(ev).toContain('submitted: tower stacked with the probe</td><td>0.731');
    expect(ev).toContain('gain of stacking over the linear probe (paired)</td><td>0.030');
    expect(ev).toContain('weight cross-fitted over 5 query groups</td><td>0.720');
    expect(ev).toContain('model: after pairwise</td><td>0.583 <small>[0.543, 0.623]</small>');
    expect(ev).toContain('model: after pairwise (trained on these pairs)');
    expect(ev).toContain(
      'out-of-fold over 120 of 300 pairs (folds 0, 1, 2)</td><td>0.612 <small>[0.572, 0.652]</small>',
    );
    expect(ev).toContain('gain of the pairwise stage over it (paired)</td><td>0.062');
    expect(ev).toContain('no label norm</td><td>raw labels</td>');
    // the test_a chart has a bar and an interval rule per score: ceiling, 5 baselines, 3 stages and the stacked one
    const chart = figures(html).get('eval-test_a')!;
    const rules = /<g class="mark-rule role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(chart)![1];
    expect((rules.match(/<line /g) ?? []).length).toBe(10);
    expect(chart).toContain('0.701');
  });

  it('is self-contained: no scripts, no external references, unique ids, a no-fetch policy', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]+"/g, '')).not.toMatch(/https?:\/\//);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('shows fold scores, their mean, the corpus ceiling and the reference numbers', () => {
    const scores = /<section id="scores">(.*?)<\/section>/s.exec(html)![1];
    expect(scores).toContain('0.6400'); // mean of 0.62, 0.64, 0.66 (the fixture's last-epoch Spearman per fold)
    expect(scores).toContain('3 of 5 folds');
    expect(scores).toContain('pointwise 0.7284, pairwise 0.834');
    expect(scores).toMatch(/<td>3<\/td><td>incomplete<\/td>|<td class="num">3<\/td><td>incomplete<\/td>/);
    expect(scores).toMatch(/<td class="num">4<\/td><td>not run<\/td>/);
    const stages = /<section id="stages">(.*?)<\/section>/s.exec(html)![1];
    expect(stages).toContain('metrics.jsonl but no stage.json');
  });

  it('names the label-normalisation curves in a legend', () => {
    const legend = /<g class="mark-group role-legend"(.*)/s.exec(figures(html).get('label-norm')!)?.[1] ?? '';
    for (const curve of ['raw (identity)', 'bin norm (quantile)', 'rank norm'])
      expect(legend).toContain(`>${curve}</text>`);
  });

  it('gives prepare a finish time like every stage, and wall times in seconds or m:ss', () => {
    const stages = /<section id="stages">(.*?)<\/section>/s.exec(html)![1];
    expect(stages).toMatch(
      /<td>prepare<\/td><td><span class="[a-z-]+">done<\/span><\/td><td>2026-01-01T00:00:00.000Z<\/td><td>0.4 s<\/td><td>none<\/td>/,
    );
    expect(stages).toMatch(/<td>pointwise<\/td>.*?<td>3:07<\/td>/); // 187 s
    expect(stages).not.toContain('wall time (s)');
  });

  it('draws the pairwise losses as one small panel per stage', () => {
    const loss = figures(html).get('loss-pairwise')!;
    // folds 0..3 and all have training lines: five panels, each with its own line mark
    expect(loss.match(/class="mark-line role-mark/g)).toHaveLength(5);
    for (const s of ['pairwise-0', 'pairwise-3', 'pairwise-all']) expect(loss).toContain(`>${s}</text>`);
  });

  it('shows the ablation table when ablation/table.json exists', () => {
    const ablation = /<section id="ablation">(.*?)<\/section>/s.exec(html)![1];
    expect(ablation).toContain('<td>no label norm</td>');
    expect(ablation).toContain('0.8200');
    expect(ablation).toContain('-0.0600'); // 0.55 - 0.61 against the base row
  });

  it('renders "not run" notes instead of failing for a run that has only its corpus', async () => {
    const partial = writeFixtureRun({ folds: [], submit: false });
    for (const s of ['prepare', 'features', 'pretrain', 'pointwise', 'pairwise-all'])
      fs.rmSync(path.join(partial, s), { recursive: true });
    const page = await buildRunReport(partial);
    fs.rmSync(path.dirname(partial), { recursive: true, force: true });
    for (const id of ['training', 'labels', 'embeddings', 'ablation']) {
      expect({
        id,
        note:
          /<section id="[a-z]+">/.test(page) && new RegExp(`<section id="${id}">.*?class="not-run"`, 's').test(page),
      }).toEqual({ id, note: true });
    }
    expect(page).toContain('prepare not run yet');
    expect(page).toContain('No pairwise fold has finished yet');
    expect(figures(page).get('fold-scores')).toContain('role-mark'); // context bars still drawn
  });

  it('reports unreadable artifacts on the page and still writes it (temp file, then rename)', async () => {
    const broken = writeFixtureRun({ folds: [0] });
    fs.writeFileSync(path.join(broken, 'pointwise', 'stage.json'), '{"stage": "pointw');
    fs.writeFileSync(path.join(broken, 'pairwise-0', 'valid_predictions.tsv'), 'wrong header\n1\t2\n');
    const out = path.join(broken, 'report', 'report.html');
    const { bytes } = await writeRunReport(broken, out);
    const page = fs.readFileSync(out, 'utf8');
    expect(bytes).toBe(Buffer.byteLength(page));
    expect(fs.readdirSync(path.dirname(out))).toEqual(['report.html']);
    expect(page).toContain('id="problems"');
    expect(page).toMatch(/pointwise[/\\]stage\.json: unreadable JSON/);
    expect(page).toMatch(/valid_predictions\.tsv: expected header/);
    fs.rmSync(path.dirname(broken), { recursive: true, force: true });
  });

  it('fails with NO_RUN_DIR for a missing run folder', async () => {
    await expect(buildRunReport('/nonexistent/run')).rejects.toThrow(RunReportError);
    await expect(buildRunReport('/nonexistent/run')).rejects.toMatchObject({ code: 'NO_RUN_DIR' });
  });
});
