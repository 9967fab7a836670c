import { VideoSet } from '@vidsim/data-prep';
import {
  fitLinearProbe,
  type LinearProbe,
  type LinearProbeOptions,
  type LinearProbeReport,
} from '@vidsim/linear-probe';
import { meanFrames, strideRows } from '../data/mean-frames';

/** Fits the linear probe on up to `maxTrainVideos` pointwise videos of a store, evenly strided. */
export async function fitStoreProbe(
  storeDir: string,
  opts: LinearProbeOptions & { maxTrainVideos?: number } = {},
): Promise<{ probe: LinearProbe; report: LinearProbeReport }> {
  const train = await VideoSet.open(storeDir, 'pointwise');
  try {
    const rows = strideRows(train.size, opts.maxTrainVideos ?? 20_000);
    const frames = await meanFrames(train, rows);
    return fitLinearProbe(
      rows.map((r, i) => ({
        meanFrame: frames[i],
        title: train.titles[r],
        asr: train.asrTexts[r],
        tags: [...(train.tagIds[r] ?? [])],
        categoryId: train.categoryIds[r],
      })),
      opts,
    );
  } finally {
    await train.close();
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
