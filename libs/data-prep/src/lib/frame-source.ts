import * as fsp from 'fs/promises';
import * as path from 'path';
import { RecordBatchReader, type AsyncRecordBatchFileReader, type RecordBatch } from 'apache-arrow';
import { float16Table } from '@vidsim/core';
import { DataPrepError } from './errors';

/** Where a row's frames live: shard, record batch and row inside it. */
export interface RowLocation {
  shard: number;
  batch: number;
  row: number;
}

/**
 * Random access to the float16 frames of a store set, converted to float32 per batch. Record batches are kept in
 * a small LRU cache, so reading rows in the chunk-local order of `chunkShuffledPlans` streams the set once per
 * epoch in bounded memory; `preload` keeps every record batch (the pairwise set, read in pair order).
 */
export class FrameSource {
  private readonly readers = new Map<number, AsyncRecordBatchFileReader>();
  private readonly handles: fsp.FileHandle[] = [];
  private readonly cache = new Map<string, Uint16Array>();

  constructor(
    private readonly setDir: string,
    private readonly shardFiles: string[],
    readonly framesPerVideo: number,
    readonly frameDim: number,
    private readonly cacheBatches = 32,
  ) {}

  /** Frames of `locations`, [B, T, F] float32 flattened. */
  async read(locations: RowLocation[]): Promise<Float32Array> {
    const per = this.framesPerVideo * this.frameDim;
    const out = new Float32Array(locations.length * per);
    const lut = float16Table();
    for (let i = 0; i < locations.length; i++) {
      const loc = locations[i];
      const half = await this.batchFrames(loc.shard, loc.batch);
      const src = loc.row * per;
      const dst = i * per;
      for (let j = 0; j < per; j++) out[dst + j] = lut[half[src + j]];
    }
    return out;
  }

  async close(): Promise<void> {
    for (const h of this.handles) await h.close().catch(() => undefined);
    this.cache.clear();
  }

  private async batchFrames(shard: number, batch: number): Promise<Uint16Array> {
    const key = `${shard}:${batch}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key); // re-insert: Map order is the LRU order
      this.cache.set(key, hit);
      return hit;
    }
    const reader = await this.reader(shard);
    const rb = (await reader.readRecordBatch(batch)) as RecordBatch;
    const col = rb.getChild('frames');
    if (!col)
      throw new DataPrepError('BAD_STORE', `record batch ${batch} has no frames column`, {
        file: this.shardFiles[shard],
        field: 'frames',
      });
    const values = col.data[0].children[0].values as Uint16Array;
    const copy = values.slice(); // detach from the file buffer so the reader can move on
    this.cache.set(key, copy);
    if (this.cache.size > this.cacheBatches) this.cache.delete(this.cache.keys().next().value as string);
    return copy;
  }

  private async reader(shard: number): Promise<AsyncRecordBatchFileReader> {
    let r = this.readers.get(shard);
    if (!r) {
      const fh = await fsp.open(path.join(this.setDir, this.shardFiles[shard]), 'r');
      this.handles.push(fh);
      r = (await RecordBatchReader.from(fh)) as AsyncRecordBatchFileReader;
      await r.open();
      this.readers.set(shard, r);
    }
    return r;
  }
}
