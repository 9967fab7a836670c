import * as fs from 'fs';
import * as path from 'path';
import { cosine } from '@vidsim/core';
import { STORE_MANIFEST, VideoSet } from '@vidsim/data-prep';
import { buildTowerFromPretrain, FusionTower, loadTowerInto } from '@vidsim/fusion-model';
import { pairwiseStage, RUN_FILES } from '@vidsim/run-layout';
import {
  bootstrapSpearman,
  bootstrapSpearmanGain,
  formatInterval,
  parseLabelTsv,
  type LabelPair,
  type SpearmanInterval,
} from '@vidsim/spearman-eval';
import { tf } from '@vidsim/tf-runtime';
import {
  BASELINE_LABELS,
  BASELINE_NAMES,
  computeBaselines,
  describeProbe,
  type BaselineResult,
  type PairSet,
} from '../eval/baselines';
import { embedSet } from '../model/embed';
import { loadStageProbe, readStacking } from '../model/stacking';
import { probeEmbedSet } from '../model/store-probe';
import { crossFittedMix, type LinearProbe } from '@vidsim/linear-probe';
import { towerConfig } from '../model/tower-config';
import type { StageContext } from './context';
import { loadPairs, loadTagVocab, loadWordVectors, storeDir, titleFeaturizer } from './data-sources';
import { TOWER_FILE } from './pointwise';

/** The model after each training stage: pretrain-only (the pointwise stage's starting tower), pointwise, pairwise. */
export const MODEL_STAGES = ['pretrain', 'pointwise', 'pairwise', 'stacked'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

export interface ScoredSet {
  set: string;
  pairs: number;
  /** Spearman with interval of each stage's embeddings (cosine) on this set; absent when that stage did not run. */
  stages: Partial<Record<ModelStage, SpearmanInterval>>;
  /**
   * Paired-bootstrap gain of each stage over the previous one on the same pairs; `stacked` is over the pairwise
   * tower, `stackedOverProbe` over the linear probe it stacks.
   */
  gains: Partial<Record<'pointwise' | 'pairwise' | 'stacked' | 'stackedOverProbe', SpearmanInterval>>;
  /** True for the pairwise labels: the pairwise model trained on them, so only its out-of-fold score is honest. */
  trainedOn: boolean;
}

export interface OutOfFold {
  /** Pairs with an out-of-fold prediction (the union of the folds' validation pairs) and all labelled pairs. */
  pairs: number;
  labelledPairs: number;
  folds: number[];
  spearman: SpearmanInterval;
  /** The pointwise model's cosines on the same pairs, and the fine-tuning gain over it (paired bootstrap). */
  pointwise: SpearmanInterval | null;
  gain: SpearmanInterval | null;
}

/**
 * Every labelled pair scored without its label: the pointwise tower and the linear probe (neither trains on pairs)
 * stacked with a tower weight fitted on the other query groups' pairs (cross-fitting; pairs grouped by query).
 */
export interface AllPairsStacked {
  pairs: number;
  groups: number;
  weights: number[];
  spearman: SpearmanInterval;
  pointwise: SpearmanInterval;
  probe: SpearmanInterval;
  gainOverPointwise: SpearmanInterval;
  gainOverProbe: SpearmanInterval;
}

export interface AblationInterval {
  row: string;
  description: string;
  pairs: number;
  spearman: SpearmanInterval | null;
  /** Paired gain of the base run over this row on the pairs both scored (positive: the removed part helps). */
  baseGain: SpearmanInterval | null;
}

export interface EvalResult {
  run: string;
  resamples: number;
  method: string;
  baselines: BaselineResult | null;
  sets: ScoredSet[];
  outOfFold: OutOfFold | null;
  allPairsStacked: AllPairsStacked | null;
  ablation: AblationInterval[];
  /** From the synthetic corpus report: the latent ceiling per pair set. */
  ceiling: Record<string, number>;
  seconds: number;
}

export const BOOTSTRAP_METHOD =
  'percentile bootstrap over pairs: each interval resamples the scored pairs with replacement (seeded, B replicates), ' +
  'recomputes Spearman (average ranks for ties) and takes the 2.5th and 97.5th percentiles; gains resample both ' +
  'scores on the same pairs (paired). Pairs sharing a video are treated as independent, so intervals are slightly narrow.';

/** The labelled pair sets of a run: the pairwise labels, and `<set>/label.tsv` of each test set where the corpus has one. */
export function labelledPairSets(ctx: StageContext, pairwise: LabelPair[]): PairSet[] {
  const sets: PairSet[] = [{ name: 'pairwise', storeSet: 'pairwise', pairs: pairwise }];
  const manifest = JSON.parse(fs.readFileSync(path.join(storeDir(ctx), STORE_MANIFEST), 'utf8')) as {
    sets: Record<string, unknown>;
  };
  for (const set of Object.keys(manifest.sets)
    .filter((s) => s !== 'pointwise' && s !== 'pairwise')
    .sort()) {
    const file = path.join(ctx.artifacts.corpusDir(), set, 'label.tsv');
    if (fs.existsSync(file))
      sets.push({ name: set, storeSet: set, pairs: parseLabelTsv(fs.readFileSync(file, 'utf8'), file) });
  }
  return sets;
}

/**
 * The eval step: every run's baselines (from the store), each stage's embeddings on every labelled pair set, the
 * out-of-fold score over the pairs the folds validated, the fine-tuning and stage gains, and the ablation rows, each
 * with a bootstrap interval. Reads what the stages wrote; trains nothing.
 */
export async function runEval(ctx: StageContext): Promise<EvalResult> {
  const t0 = Date.now();
  const c = ctx.config.eval;
  ctx.artifacts.requireStage('prepare', 'eval');
  const out = await ctx.artifacts.resetStage('eval', false);
  const pairs = await loadPairs(ctx);
  const pairSets = labelledPairSets(ctx, pairs);
  ctx.log(`[eval] labelled pair sets: ${pairSets.map((s) => `${s.name} ${s.pairs.length}`).join(', ')}`);
  const stageProbe = loadStageProbe(ctx.artifacts.dir('pointwise'));
  const baselines = c.baselines
    ? await computeBaselines(storeDir(ctx), pairSets, {
        probe: stageProbe ?? undefined,
        resamples: c.resamples,
        maxTrainVideos: c.maxTrainVideos,
        probeTags: c.probeTags,
        log: ctx.log,
      })
    : null;

  const stageCosines = await embedStages(ctx, pairSets, stageProbe);
  const sets: ScoredSet[] = pairSets.map((ps) => scoreStages(ps, stageCosines.get(ps.name) ?? {}, c.resamples));
  const pairwiseCos = stageCosines.get('pairwise');
  const allPairsStacked =
    pairwiseCos?.pointwise && pairwiseCos.probe
      ? crossFitAllPairs(pairs, pairwiseCos.pointwise, pairwiseCos.probe, ctx.config.prepare.numFolds, c.resamples)
      : null;
  const pointwiseByPair = new Map<string, number>();
  const pw = stageCosines.get('pairwise')?.pointwise;
  if (pw) pairs.forEach((p, i) => pointwiseByPair.set(pairKey(p), pw[i]));
  const outOfFold = readOutOfFold(
    ctx.artifacts.dir.bind(ctx.artifacts),
    ctx.config.pairwise.folds,
    pairs.length,
    pointwiseByPair,
    c.resamples,
  );
  const ablation = readAblation(ctx, c.resamples);
  const result: EvalResult = {
    run: ctx.config.name,
    resamples: c.resamples,
    method: BOOTSTRAP_METHOD,
    baselines,
    sets,
    outOfFold,
    allPairsStacked,
    ablation,
    ceiling: readCeiling(ctx),
    seconds: (Date.now() - t0) / 1000,
  };
  fs.writeFileSync(path.join(out, RUN_FILES.eval), JSON.stringify(result, null, 2) + '\n');
  console.log(formatEval(result));
  await ctx.artifacts.completeStage('eval', {
    seconds: result.seconds,
    backend: ctx.backend.name,
    config: c,
    results: { file: RUN_FILES.eval, sets: sets.map((s) => s.set), outOfFold: outOfFold?.spearman.spearman ?? null },
  });
  return result;
}

const pairKey = (p: { query: string; candidate: string }) => `${p.query}\t${p.candidate}`;

/** Cosines of every pair set under each stage's tower that exists. */
async function embedStages(
  ctx: StageContext,
  pairSets: PairSet[],
  probe: LinearProbe | null,
): Promise<Map<string, StageCosines>> {
  const out = new Map<string, StageCosines>();
  const done = (stage: Parameters<typeof ctx.artifacts.dir>[0]) =>
    fs.existsSync(path.join(ctx.artifacts.dir(stage), 'stage.json'));
  if (!done('features') || !done('pointwise')) {
    ctx.log('[eval] no pointwise stage yet: model scores skipped');
    return out;
  }
  const text = titleFeaturizer(ctx);
  const config = towerConfig(ctx.config, { tagVocabSize: loadTagVocab(ctx).size, wordVocabSize: text.wordVocab!.size });
  const towers: Array<[ModelStage, () => Promise<FusionTower>]> = [];
  // pretrain-only: the tower the pointwise stage starts from (pretrained BERT, freshly initialised head)
  if (ctx.config.pretrain.enabled && done('pretrain'))
    towers.push([
      'pretrain',
      async () => buildTowerFromPretrain(config, ctx.artifacts.dir('pretrain'), await loadWordVectors(ctx)),
    ]);
  const file = (stage: Parameters<typeof ctx.artifacts.dir>[0]) => path.join(ctx.artifacts.dir(stage), TOWER_FILE);
  towers.push([
    'pointwise',
    async () => {
      const t = new FusionTower(config);
      await loadTowerInto(file('pointwise'), t);
      return t;
    },
  ]);
  if (ctx.config.pairwise.trainAll && done(pairwiseStage('all'))) {
    towers.push([
      'pairwise',
      async () => {
        const t = new FusionTower(config);
        await loadTowerInto(file(pairwiseStage('all')), t);
        return t;
      },
    ]);
  }
  const videoSets = new Map<string, VideoSet>();
  try {
    for (const [stage, build] of towers) {
      const tower = await build();
      try {
        for (const ps of pairSets) {
          let vs = videoSets.get(ps.storeSet);
          if (!vs) videoSets.set(ps.storeSet, (vs = await VideoSet.open(storeDir(ctx), ps.storeSet)));
          const set = vs;
          const vids = [...new Set(ps.pairs.flatMap((p) => [p.query, p.candidate]))];
          const emb = await embedSet(tower, set, text, { rows: vids.map((v) => set.row(v)) });
          const cos = Float64Array.from(ps.pairs, (p) => cosine(emb.get(p.query)!, emb.get(p.candidate)!));
          out.set(ps.name, { ...(out.get(ps.name) ?? {}), [stage]: cos });
        }
      } finally {
        tower.dispose();
      }
    }
    if (probe) {
      for (const ps of pairSets) {
        const set = videoSets.get(ps.storeSet)!;
        const vids = [...new Set(ps.pairs.flatMap((p) => [p.query, p.candidate]))];
        const emb = await probeEmbedSet(
          probe,
          set,
          vids.map((v) => set.row(v)),
        );
        const cos = Float64Array.from(ps.pairs, (p) => cosine(emb.get(p.query)!, emb.get(p.candidate)!));
        out.set(ps.name, { ...(out.get(ps.name) ?? {}), probe: cos });
      }
    }
  } finally {
    for (const vs of videoSets.values()) await vs.close();
  }
  // the submitted embedding when the pairwise stage stacked the probe: w·cos(tower) + (1 - w)·cos(probe), exactly
  const stacking = ctx.config.pairwise.trainAll ? readStacking(ctx.artifacts.dir(pairwiseStage('all'))) : null;
  if (stacking)
    for (const [name, cos] of out)
      if (cos.pairwise && cos.probe) {
        const t = cos.pairwise;
        const p = cos.probe;
        cos.stacked = t.map((v, i) => stacking.weight * v + (1 - stacking.weight) * p[i]);
        out.set(name, cos);
      }
  tf.disposeVariables();
  return out;
}

type StageCosines = Partial<Record<ModelStage | 'probe', Float64Array>>;

/** Cross-fitted stacking of the pointwise tower and the probe over every labelled pair (see AllPairsStacked). */
function crossFitAllPairs(
  pairs: LabelPair[],
  pointwise: Float64Array,
  probe: Float64Array,
  groups: number,
  resamples: number,
): AllPairsStacked {
  const labels = pairs.map((p) => p.relevance);
  const group = pairs.map((p) => queryGroup(p.query, groups));
  const { mixed, weights } = crossFittedMix(pointwise, probe, labels, group);
  return {
    pairs: pairs.length,
    groups,
    weights: [...weights.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w),
    spearman: bootstrapSpearman(mixed, labels, { resamples }),
    pointwise: bootstrapSpearman(pointwise, labels, { resamples }),
    probe: bootstrapSpearman(probe, labels, { resamples }),
    gainOverPointwise: bootstrapSpearmanGain(mixed, pointwise, labels, { resamples }),
    gainOverProbe: bootstrapSpearmanGain(mixed, probe, labels, { resamples }),
  };
}

/** A query's group: FNV-1a of its id modulo the group count (every pair of a query lands in one group). */
function queryGroup(query: string, groups: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < query.length; i++) h = Math.imul(h ^ query.charCodeAt(i), 0x01000193) >>> 0;
  return h % groups;
}

function scoreStages(ps: PairSet, cos: StageCosines, resamples: number): ScoredSet {
  const labels = ps.pairs.map((p) => p.relevance);
  const stages: ScoredSet['stages'] = {};
  for (const s of MODEL_STAGES) {
    const c = cos[s];
    if (c) stages[s] = bootstrapSpearman(c, labels, { resamples });
  }
  const gains: ScoredSet['gains'] = {};
  if (cos.pretrain && cos.pointwise)
    gains.pointwise = bootstrapSpearmanGain(cos.pointwise, cos.pretrain, labels, { resamples });
  if (cos.pointwise && cos.pairwise)
    gains.pairwise = bootstrapSpearmanGain(cos.pairwise, cos.pointwise, labels, { resamples });
  if (cos.stacked && cos.pairwise)
    gains.stacked = bootstrapSpearmanGain(cos.stacked, cos.pairwise, labels, { resamples });
  if (cos.stacked && cos.probe)
    gains.stackedOverProbe = bootstrapSpearmanGain(cos.stacked, cos.probe, labels, { resamples });
  return { set: ps.name, pairs: ps.pairs.length, stages, gains, trainedOn: ps.name === 'pairwise' };
}

interface Prediction {
  key: string;
  relevance: number;
  cosine: number;
}

/** The `valid_predictions.tsv` rows of each fold: every validation pair scored by the fold model that did not train on it. */
function readPredictions(
  dirOf: (stage: `pairwise-${number}`) => string,
  folds: number[],
): { rows: Prediction[]; folds: number[] } {
  const rows: Prediction[] = [];
  const found: number[] = [];
  for (const k of folds) {
    const file = path.join(dirOf(`pairwise-${k}`), 'valid_predictions.tsv');
    if (!fs.existsSync(file)) continue;
    found.push(k);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
    lines.forEach((line, i) => {
      const [q, c, rel, cos] = line.split('\t');
      const relevance = Number(rel);
      const value = Number(cos);
      if (!q || !c || !Number.isFinite(relevance) || !Number.isFinite(value))
        throw new Error(
          `${file}: line ${i + 2} is not 'query<TAB>candidate<TAB>relevance<TAB>cosine': ${JSON.stringify(line)}`,
        );
      rows.push({ key: `${q}\t${c}`, relevance, cosine: value });
    });
  }
  return { rows, folds: found };
}

export function readOutOfFold(
  dirOf: (stage: `pairwise-${number}`) => string,
  folds: number[],
  labelledPairs: number,
  pointwise: Map<string, number>,
  resamples: number,
): OutOfFold | null {
  const { rows, folds: found } = readPredictions(dirOf, folds);
  if (rows.length < 3) return null;
  const labels = rows.map((r) => r.relevance);
  const cos = rows.map((r) => r.cosine);
  const before =
    rows.every((r) => pointwise.has(r.key)) && pointwise.size ? rows.map((r) => pointwise.get(r.key)!) : null;
  return {
    pairs: rows.length,
    labelledPairs,
    folds: found,
    spearman: bootstrapSpearman(cos, labels, { resamples }),
    pointwise: before ? bootstrapSpearman(before, labels, { resamples }) : null,
    gain: before ? bootstrapSpearmanGain(cos, before, labels, { resamples }) : null,
  };
}

/** Each finished ablation row's out-of-fold score and the base run's paired gain over it. */
function readAblation(ctx: StageContext, resamples: number): AblationInterval[] {
  const table = path.join(ctx.artifacts.dir('ablation'), 'table.json');
  if (!fs.existsSync(table)) return [];
  const rows = JSON.parse(fs.readFileSync(table, 'utf8')) as { row: string; description: string }[];
  const root = ctx.artifacts.root;
  const dirOf = (row: string) => (stage: string) => path.join(root, `${ctx.config.name}-ablation-${row}`, stage);
  const base = readPredictions(dirOf('base'), ctx.config.pairwise.folds).rows;
  const baseByKey = new Map(base.map((r) => [r.key, r.cosine]));
  return rows.map(({ row, description }) => {
    const preds = readPredictions(dirOf(row), ctx.config.pairwise.folds).rows;
    if (preds.length < 3) return { row, description, pairs: preds.length, spearman: null, baseGain: null };
    const labels = preds.map((r) => r.relevance);
    const cos = preds.map((r) => r.cosine);
    const common = preds.filter((r) => baseByKey.has(r.key));
    const baseGain =
      row !== 'base' && common.length === preds.length
        ? bootstrapSpearmanGain(
            common.map((r) => baseByKey.get(r.key)!),
            cos,
            labels,
            { resamples },
          )
        : null;
    return { row, description, pairs: preds.length, spearman: bootstrapSpearman(cos, labels, { resamples }), baseGain };
  });
}

/** The synthetic corpus's latent ceiling per pair set (its report), when the corpus is synthetic. */
function readCeiling(ctx: StageContext): Record<string, number> {
  const file = path.join(ctx.artifacts.corpusDir(), 'corpus_report.json');
  if (!fs.existsSync(file)) return {};
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    spearman?: { oracle?: number };
    test?: { sets: { set: string; spearman: { oracle: number } }[] };
  };
  const out: Record<string, number> = {};
  if (r.spearman?.oracle !== undefined) out.pairwise = r.spearman.oracle;
  for (const t of r.test?.sets ?? []) out[t.set] = t.spearman.oracle;
  return out;
}

/** The table the eval step prints: per pair set, the ceiling, each baseline and each stage, with 95% intervals. */
export function formatEval(r: EvalResult): string {
  const iv = (s: SpearmanInterval | null | undefined) => formatInterval(s, 3);
  const row = (name: string, value: string) => `  ${name.padEnd(58)} ${value}`;
  const lines = [`run ${r.run}: Spearman with 95% bootstrap intervals (${r.resamples} resamples of the pairs)`];
  const setNames = [...new Set([...(r.baselines?.sets.map((s) => s.name) ?? []), ...r.sets.map((s) => s.set)])];
  for (const name of setNames) {
    const b = r.baselines?.sets.find((s) => s.name === name);
    const m = r.sets.find((s) => s.set === name);
    lines.push(
      `${name} (${b?.pairs ?? m?.pairs} labelled pairs${name === 'pairwise' ? '' : ', synthetic-only labels'})`,
    );
    if (r.ceiling[name] !== undefined) lines.push(row('latent ceiling (synthetic oracle)', r.ceiling[name].toFixed(3)));
    for (const k of BASELINE_NAMES)
      if (b?.scores[k]) lines.push(row(`baseline: ${BASELINE_LABELS[k]}`, iv(b.scores[k])));
    for (const s of MODEL_STAGES) {
      if (!m?.stages[s]) continue;
      const note =
        m.trainedOn && (s === 'pairwise' || s === 'stacked') ? '  (trained on these pairs: not a score)' : '';
      const label =
        s === 'stacked'
          ? 'submitted: pairwise tower stacked with the probe'
          : `model after ${s}${s === 'pretrain' ? ' (pretrain-only)' : ''}`;
      lines.push(row(label, iv(m.stages[s]) + note));
    }
    if (m?.gains.pointwise) lines.push(row('  gain of pointwise over pretrain-only', iv(m.gains.pointwise)));
    if (m?.gains.pairwise && !m.trainedOn) lines.push(row('  gain of pairwise over pointwise', iv(m.gains.pairwise)));
    if (m?.gains.stacked && !m.trainedOn)
      lines.push(row('  gain of stacking over the pairwise tower', iv(m.gains.stacked)));
    if (m?.gains.stackedOverProbe && !m.trainedOn)
      lines.push(row('  gain of stacking over the linear probe', iv(m.gains.stackedOverProbe)));
  }
  const o = r.outOfFold;
  if (o) {
    lines.push(
      `out-of-fold (folds ${o.folds.join(',')}): ${o.pairs} of ${o.labelledPairs} labelled pairs, each scored by the fold model that did not train on it`,
    );
    lines.push(row('pairwise fold models (as submitted)', iv(o.spearman)));
    if (o.pointwise) lines.push(row('pointwise tower on the same pairs', iv(o.pointwise)));
    if (o.gain) lines.push(row('  gain of the pairwise stage over it', iv(o.gain)));
  }
  const a = r.allPairsStacked;
  if (a) {
    lines.push(
      `all ${a.pairs} labelled pairs, none scored with its own label: pointwise tower + probe, tower weight cross-fitted over ${a.groups} query groups (${a.weights.map((w) => w.toFixed(2)).join(', ')})`,
    );
    lines.push(row('stacked (cross-fitted)', iv(a.spearman)));
    lines.push(row('pointwise tower alone', iv(a.pointwise)));
    lines.push(row('linear probe alone', iv(a.probe)));
    lines.push(row('  gain over the pointwise tower', iv(a.gainOverPointwise)));
    lines.push(row('  gain over the linear probe', iv(a.gainOverProbe)));
  }
  if (r.ablation.length) {
    lines.push('ablation rows (out-of-fold over their folds; gain = base minus row, paired)');
    for (const a of r.ablation)
      lines.push(row(`${a.row}`, `${iv(a.spearman)}${a.baseGain ? `   base gain ${iv(a.baseGain)}` : ''}`));
  }
  if (r.baselines)
    lines.push(
      r.baselines.probe
        ? `linear probe: ${describeProbe(r.baselines.probe)}`
        : `linear probe: the pointwise stage's (${RUN_FILES.linearProbe})`,
    );
  lines.push('intervals: 95% percentile bootstrap over pairs (gains paired on the same draws); method in eval.json');
  return lines.join('\n');
}
