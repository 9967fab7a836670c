import { tf } from '@vidsim/tf-runtime';
import type { TowerBatch } from '@vidsim/fusion-model';
import type { TitleFeaturizer } from './text-features';
import type { VideoSet } from '@vidsim/data-prep';

/** Host-side arrays of one batch of videos, before they become tensors. */
export interface VideoRows {
  rows: number[];
  frames: Float32Array; // [B, T, F]
  numFrames: Int32Array; // [B]
  titleIds: Int32Array; // [B, L]
  titleMask: Int32Array; // [B, L]
  wordIds: Int32Array; // [B, W]
}

export async function loadVideoRows(set: VideoSet, rows: number[], text: TitleFeaturizer): Promise<VideoRows> {
  const frames = await set.frames.read(rows.map((r) => set.locations[r]));
  const f = text.encode(rows.map((r) => set.titles[r]));
  return { rows, frames, numFrames: Int32Array.from(rows, (r) => set.numFrames[r]), ...f };
}

/** Tensors of a TowerBatch; the caller disposes them (disposeTowerBatch). */
export function toTowerBatch(v: VideoRows, set: VideoSet, text: TitleFeaturizer): TowerBatch {
  const B = v.rows.length;
  return {
    frames: tf.tensor3d(v.frames, [B, set.frames.framesPerVideo, set.frames.frameDim]),
    numFrames: tf.tensor1d(v.numFrames, 'int32'),
    titleIds: tf.tensor2d(v.titleIds, [B, text.titleLength], 'int32'),
    titleMask: tf.tensor2d(v.titleMask, [B, text.titleLength], 'int32'),
    wordIds: tf.tensor2d(v.wordIds, [B, text.wordLength], 'int32'),
  };
}

export function disposeTowerBatch(b: TowerBatch): void {
  tf.dispose([b.frames, b.numFrames, b.titleIds, b.titleMask, ...(b.wordIds ? [b.wordIds] : [])]);
}
