import * as fs from 'fs';
import * as path from 'path';
import { fitMixWeight, LinearProbe, stackEmbeddings, type MixWeight } from '@vidsim/linear-probe';
import { RUN_FILES } from '@vidsim/run-layout';
import { evaluateEmbeddings, type LabelPair } from '@vidsim/spearman-eval';
import { PipelineError } from '../artifacts';

/** What the pairwise stage writes to `stacking.json`: the tower's weight and where it was fitted. */
export interface StackingRecord {
  weight: number;
  /** Spearman of the mixed cosine on the pairs the weight was fitted on. */
  spearman: number;
  /** Spearman of the tower alone and the probe alone on those pairs. */
  towerSpearman: number;
  probeSpearman: number;
  pairs: number;
  fittedOn: 'holdout' | 'train';
  probeDims: number;
}

/** The pointwise stage's linear probe, or null when it fitted none. */
export function loadStageProbe(pointwiseDir: string): LinearProbe | null {
  const file = path.join(pointwiseDir, RUN_FILES.linearProbe);
  return fs.existsSync(file) ? LinearProbe.load(file) : null;
}

/** The tower weight of the stacked embedding that ranks `pairs` best, from both models' embeddings of their videos. */
export function fitStacking(
  tower: Map<string, Float32Array>,
  probe: Map<string, Float32Array>,
  pairs: LabelPair[],
): MixWeight & { towerSpearman: number; probeSpearman: number } {
  // evaluateEmbeddings gives each pair's cosine, and names a pair whose video has no embedding
  const fit = fitMixWeight(
    evaluateEmbeddings(tower, pairs).cosines,
    evaluateEmbeddings(probe, pairs).cosines,
    pairs.map((p) => p.relevance),
  );
  const at = (w: number) => fit.curve.find((c) => c.weight === w)?.spearman ?? NaN;
  return { ...fit, towerSpearman: at(1), probeSpearman: at(0) };
}

/** Stacked embeddings of every vid present in both maps. */
export function stackAll(
  tower: Map<string, Float32Array>,
  probe: Map<string, Float32Array>,
  weight: number,
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [vid, t] of tower) {
    const p = probe.get(vid);
    if (p) out.set(vid, stackEmbeddings(t, p, weight));
  }
  return out;
}

export function readStacking(stageDir: string): StackingRecord | null {
  const file = path.join(stageDir, RUN_FILES.stacking);
  if (!fs.existsSync(file)) return null;
  let r: StackingRecord;
  try {
    r = JSON.parse(fs.readFileSync(file, 'utf8')) as StackingRecord;
  } catch (e) {
    throw new PipelineError(
      `${file}: cannot read it as JSON (${(e as Error).message}); rerun that pairwise stage`,
      'BAD_DATA',
      {
        file,
      },
    );
  }
  if (!(r?.weight >= 0 && r.weight <= 1))
    throw new PipelineError(`${file}: weight must be in [0, 1], got ${r.weight}`, 'BAD_DATA', {
      file,
      field: 'weight',
    });
  return r;
}
