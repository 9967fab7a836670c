import { VideoSet } from '@vidsim/data-prep';
import {
  fitLinearProbe,
  type LinearProbe,
  type LinearProbeOptions,
  type LinearProbeReport,
  type ProbeTrainingVideo,
} from '@vidsim/linear-probe';
import { meanFrames, strideRows } from '../data/mean-frames';

export interface StoreProbeOptions extends LinearProbeOptions {
  /** Videos per set at most, evenly strided (default 20,000). */
  maxTrainVideos?: number;
  /** Store sets whose videos and tags train the probe (default: the pointwise set). */
  sets?: string[];
  /** Vids left out of training (the tower's held-out diagnostics videos). */
  exclude?: ReadonlySet<string>;
}

/** Fits the linear probe on the tagged videos of a store's sets (default: up to 20,000 pointwise videos). */
export async function fitStoreProbe(
  storeDir: string,
  opts: StoreProbeOptions = {},
): Promise<{ probe: LinearProbe; report: LinearProbeReport }> {
  const videos: ProbeTrainingVideo[] = [];
  for (const name of opts.sets ?? ['pointwise']) videos.push(...(await storeVideos(storeDir, name, opts)));
  return fitLinearProbe(videos, opts);
}

async function storeVideos(storeDir: string, name: string, opts: StoreProbeOptions): Promise<ProbeTrainingVideo[]> {
  const set = await VideoSet.open(storeDir, name);
  try {
    const rows = strideRows(set.size, opts.maxTrainVideos ?? 20_000).filter((r) => !opts.exclude?.has(set.ids[r]));
    const frames = await meanFrames(set, rows);
    return rows.map((r, i) => ({
      meanFrame: frames[i],
      title: set.titles[r],
      asr: set.asrTexts[r],
      tags: [...(set.tagIds[r] ?? [])],
      categoryId: set.categoryIds[r],
    }));
  } finally {
    await set.close();
  }
}

/** The probe's embedding of the given rows of a set, keyed by vid. */
export async function probeEmbedSet(
  probe: LinearProbe,
  set: VideoSet,
  rows: number[],
): Promise<Map<string, Float32Array>> {
  const frames = await meanFrames(set, rows);
  return new Map(
    rows.map((r, i) => [set.ids[r], probe.embed({ meanFrame: frames[i], title: set.titles[r], asr: set.asrTexts[r] })]),
  );
}
