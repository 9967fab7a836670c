import { esc, STYLE } from './html';
import { readRunArtifacts, RunReadout } from './read-artifacts';
import { ablationSection, inputsSection } from './section-extra';
import { embeddingsSection } from './section-embeddings';
import { evalSection } from './section-eval';
import { labelsSection } from './section-labels';
import { scoresSection } from './section-scores';
import { stagesSection } from './section-stages';
import { trainingSection } from './section-training';
import { writeFileAtomicSync } from '@vidsim/core';

export interface ReportOptions {
  /** Run name shown in the title; default: the artifacts folder's name. */
  runName?: string;
  /** Timestamp printed in the header (tests pass a fixed one). */
  now?: Date;
}

const NAV: [string, string][] = [
  ['stages', 'Stages'],
  ['scores', 'Scores'],
  ['evaluation', 'Baselines'],
  ['training', 'Training'],
  ['labels', 'Labels'],
  ['embeddings', 'Embeddings'],
  ['ablation', 'Ablation'],
  ['inputs', 'Configs'],
];

/** The whole page for already-read artifacts: static HTML with inline SVG charts, no scripts, no external requests. */
export async function renderRunReport(run: RunReadout, options: ReportOptions = {}): Promise<string> {
  const problems = [...run.problems];
  const sections = [
    await stagesSection(run, problems),
    await scoresSection(run, problems),
    await evalSection(run, problems),
    await trainingSection(run, problems),
    await labelsSection(run, problems),
    await embeddingsSection(run, problems),
    ablationSection(run),
    inputsSection(run),
  ];
  const problemBox = problems.length
    ? `<section id="problems" class="problems"><b>Problems reading this run:</b><ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></section>`
    : '';
  const title = `vidsim run report: ${run.name}`;
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    // The page must work offline: the policy forbids every fetch, so a stray external reference fails loudly.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head>` +
    `<body><header><h1>${esc(title)}</h1><p>artifacts: ${esc(run.dir)} · generated ${esc((options.now ?? new Date()).toISOString())}</p>` +
    `<nav>${NAV.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav></header>` +
    `<main>${problemBox}${sections.join('\n')}</main></body></html>\n`
  );
}

/** Reads `runDir` and renders its report. */
export async function buildRunReport(runDir: string, options: ReportOptions = {}): Promise<string> {
  return renderRunReport(readRunArtifacts(runDir, options.runName), options);
}

/** Writes the report to `outFile` (temp name, then rename); returns its size in bytes. */
export async function writeRunReport(
  runDir: string,
  outFile: string,
  options: ReportOptions = {},
): Promise<{ file: string; bytes: number }> {
  const html = await buildRunReport(runDir, options);
  writeFileAtomicSync(outFile, html);
  return { file: outFile, bytes: Buffer.byteLength(html) };
}
