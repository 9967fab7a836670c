import type { FusionTower } from '@vidsim/fusion-model';
import { tf } from '@vidsim/tf-runtime';
import { loadVideoRows, toTowerBatch, disposeTowerBatch } from '../data/tower-batch';
import { sequentialPlans } from '../data/plans';
import type { TitleFeaturizer } from '../data/text-features';
import type { VideoSet } from '@vidsim/data-prep';

/** Inference embeddings [hiddenSize] of the given rows (default: all) of a set, keyed by vid. */
export async function embedSet(
  tower: FusionTower,
  set: VideoSet,
  text: TitleFeaturizer,
  options: { rows?: number[]; batchSize?: number } = {},
): Promise<Map<string, Float32Array>> {
  const rows = options.rows ?? Array.from({ length: set.size }, (_, i) => i);
  const out = new Map<string, Float32Array>();
  for (const plan of sequentialPlans(rows.length, options.batchSize ?? 64)) {
    const batchRows = plan.map((i) => rows[i]);
    const batch = toTowerBatch(await loadVideoRows(set, batchRows, text), set, text);
    const emb = tower.embed(batch, { training: false });
    const values = (await emb.data()) as Float32Array;
    tf.dispose(emb);
    disposeTowerBatch(batch);
    const D = values.length / batchRows.length;
    batchRows.forEach((r, i) => out.set(set.ids[r], values.slice(i * D, (i + 1) * D)));
  }
  return out;
}
