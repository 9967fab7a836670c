import { Field, FixedSizeList, Float16, Int32, Int64, List, Schema, Utf8 } from 'apache-arrow';
import { FRAME_DIM } from './official';

export const STORE_VERSION = 1;
export const STORE_MANIFEST = 'store.json';

/** `store.json`: what the store holds; shards are listed only once fully written. */
export interface StoreManifest {
  version: number;
  frameDim: number;
  maxFrames: number;
  frameSelection: 'first' | 'uniform';
  sets: Record<string, StoreSetInfo>;
}

export interface StoreSetInfo {
  rows: number;
  /** `bytes`: the shard's size when written; `openStore` checks it (absent in stores written before it was kept). */
  shards: { file: string; rows: number; bytes?: number }[];
  /**
   * Records skipped under `skipBad` (absent when none): videos the set is missing. `id` when the record's id could
   * still be read. A submission over a test set with skipped records lacks those vids.
   */
  skipped?: SkippedRecord[];
}

export interface SkippedRecord {
  file: string;
  offset: number;
  code: string;
  field?: string;
  id?: string;
}

/**
 * One row per video. `frames` is [maxFrames x FRAME_DIM] float16 bits, already selected and padded;
 * `tag_ids` is null in the test sets; `category_id` is -1 when missing.
 */
export function storeSchema(maxFrames: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('asr_text', new Utf8(), false),
    new Field('num_frames', new Int32(), false),
    new Field('category_id', new Int32(), false),
    new Field('tag_ids', new List(new Field('item', new Int64(), false)), true),
    new Field('frames', new FixedSizeList(maxFrames * FRAME_DIM, new Field('item', new Float16(), false)), false),
  ]);
}
