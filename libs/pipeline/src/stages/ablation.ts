import * as fs from 'fs';
import * as path from 'path';
import { resolveRunConfig, type RunConfig, type RunFile } from '@vidsim/run-config';
import { writeFileAtomic } from '@vidsim/core';
import { pairwiseStage, REFERENCE_SCORES, RUN_FILES, type AblationRow, type ScorePair } from '@vidsim/run-layout';
import { makeContext, type StageContext } from './context';
import { runPairwise } from './pairwise';
import { runPointwise } from './pointwise';
import { runSummary } from './summary';
import { PipelineError } from '../artifacts';

/** One row of the reference README's ablation table (reference-solution.md §6) as overrides of the base run. */
export interface AblationRowSpec {
  row: string;
  description: string;
  /** The reference's published pointwise / pairwise (5-fold mean) scores for the row; null where not given. */
  reference: ScorePair;
  overrides: Omit<RunFile, 'preset'>;
}

export const ABLATION_ROWS: AblationRowSpec[] = [
  {
    row: 'base',
    description: 'the base run (model2-style tower, bin-norm labels, weights)',
    reference: { ...REFERENCE_SCORES },
    overrides: {},
  },
  {
    row: 'thres-label',
    description: 'in-competition THRES label instead of bin norm',
    reference: { pointwise: null, pairwise: 0.8298 },
    overrides: { pairwise: { labelNorm: 'thres' } },
  },
  {
    row: 'nolayernorm',
    description: 'remove the final LayerNorm',
    reference: { pointwise: 0.6605, pairwise: 0.656 },
    overrides: { model: { overrides: { layerNorm: false } } },
  },
  {
    row: 'binary',
    description: 'pointwise softmax -> sigmoid multi-label',
    reference: { pointwise: 0.7175, pairwise: 0.7827 },
    overrides: { model: { overrides: { tagLoss: 'sigmoid' } } },
  },
  {
    row: 'nomerge',
    description: 'remove the NeXtVLAD merge',
    reference: { pointwise: 0.7283, pairwise: 0.823 },
    overrides: { model: { overrides: { useMerge: false } } },
  },
  {
    row: 'nomdrop',
    description: 'multi-drop (5 linears) -> single linear',
    reference: { pointwise: 0.7354, pairwise: 0.8243 },
    overrides: { model: { overrides: { mdrop: false } } },
  },
  {
    row: 'nocontinue',
    description: 'no MLM continued pretraining',
    reference: { pointwise: 0.7288, pairwise: 0.8261 },
    overrides: { pretrain: { enabled: false } },
  },
  {
    row: 'nowords',
    description: 'remove the words input',
    reference: { pointwise: 0.7269, pairwise: 0.8262 },
    overrides: { model: { overrides: { useWords: false } } },
  },
  {
    row: 'nodice',
    description: 'dice -> relu',
    reference: { pointwise: 0.7318, pairwise: 0.8262 },
    overrides: { model: { overrides: { activation: 'relu' } } },
  },
  {
    row: 'add-se',
    description: 'add SE after the fusion',
    reference: { pointwise: 0.7283, pairwise: 0.8262 },
    overrides: { model: { overrides: { useSe: true } } },
  },
  {
    row: 'vgroups8',
    description: 'NeXtVLAD groups 4 -> 8',
    reference: { pointwise: 0.7287, pairwise: 0.8264 },
    overrides: { model: { overrides: { vladGroups: 8 } } },
  },
  {
    row: 'nolabel-strategy',
    description: 'raw labels, no sample weights',
    reference: { pointwise: 0.7295, pairwise: 0.8276 },
    overrides: { pairwise: { labelNorm: 'identity', sampleWeights: false } },
  },
];

/**
 * Trains each row (pointwise + the base run's pairwise folds) on the base run's corpus, store, features and
 * pretrained BERT, under artifacts/<base>-ablation-<row>/, and writes artifacts/<base>/ablation/table.json.
 * A row already finished (its fold stage.json files exist) is read, not retrained.
 */
export async function runAblation(base: StageContext, rowNames?: string[]): Promise<AblationRow[]> {
  const rows = rowNames ? rowNames.map((n) => ABLATION_ROWS.find((r) => r.row === n) ?? unknownRow(n)) : ABLATION_ROWS;
  for (const s of ['corpus', 'prepare', 'features', 'pretrain'] as const) {
    if (!(s === 'corpus' && base.config.corpus.source === 'official')) base.artifacts.requireStage(s, 'ablation');
  }
  const results: AblationRow[] = [];
  for (const row of rows) {
    const config = rowConfig(base.config, row);
    const ctx = makeContext(config, base.backend, {
      artifactsRoot: base.artifacts.root,
      sharedFrom: base.config.name,
      log: base.log,
    });
    base.log(`[ablation] row ${row.row}: ${row.description}`);
    if (!ctx.artifacts.isComplete('pointwise')) await runPointwise(ctx);
    for (const fold of config.pairwise.folds)
      if (!ctx.artifacts.isComplete(pairwiseStage(fold))) await runPairwise(ctx, fold);
    const s = runSummary(ctx);
    results.push({
      row: row.row,
      description: row.description,
      reference: row.reference,
      ours: { zeroShot: s.zeroShot, offline: s.offlineScore, folds: s.folds.length },
    });
  }
  const out = base.artifacts.file('ablation', RUN_FILES.ablationTable);
  await fs.promises.mkdir(path.dirname(out), { recursive: true });
  await writeFileAtomic(out, Buffer.from(JSON.stringify(results, null, 2) + '\n'));
  console.log(formatAblation(results));
  return results;
}

/**
 * The run config of one ablation row: the base run with the row's overrides merged in, section by section and key
 * by key (every section, so a row can change pointwise or features as well as the model), under its own name, and
 * without the all-pairs model (rows are compared on the validation folds).
 */
export function rowConfig(base: RunConfig, row: AblationRowSpec): RunConfig {
  const merged = mergeDeep(
    structuredClone(base) as unknown as Record<string, unknown>,
    row.overrides,
  ) as unknown as RunConfig;
  return resolveRunConfig({
    ...merged,
    name: `${base.name}-ablation-${row.row}`,
    pairwise: { ...merged.pairwise, trainAll: false },
  } as RunFile);
}

/** `over` merged into `into` (mutated): plain objects key by key, anything else (arrays included) replaced. */
function mergeDeep(into: Record<string, unknown>, over: object): Record<string, unknown> {
  for (const [k, v] of Object.entries(over)) {
    const cur = into[k];
    into[k] = isPlainObject(v) && isPlainObject(cur) ? mergeDeep(cur, v) : structuredClone(v);
  }
  return into;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function formatAblation(results: AblationRow[]): string {
  const f = (v: number | null) => (v === null ? '   -  ' : v.toFixed(4));
  const base = results.find((r) => r.row === 'base')?.ours.offline ?? null;
  const lines = [
    'ablation: reference (real data, model.py) beside ours (this corpus)',
    '  row                reference pointwise  pairwise   ours zero-shot  offline   delta vs ours base',
  ];
  for (const r of results) {
    const delta = base !== null && r.ours.offline !== null ? (r.ours.offline - base).toFixed(4) : '   -  ';
    lines.push(
      `  ${r.row.padEnd(18)} ${f(r.reference.pointwise).padStart(18)}  ${f(r.reference.pairwise)}     ${f(r.ours.zeroShot).padStart(10)}  ${f(r.ours.offline)}   ${delta}`,
    );
  }
  return lines.join('\n');
}

function unknownRow(name: string): never {
  throw new PipelineError(
    `unknown ablation row '${name}'; rows: ${ABLATION_ROWS.map((r) => r.row).join(', ')}`,
    'BAD_ARGUMENT',
    { field: 'row' },
  );
}
