import * as fsp from 'fs/promises';
import * as path from 'path';
import { RecordBatchReader, type AsyncRecordBatchFileReader, type RecordBatch } from 'apache-arrow';
import { DataPrepError } from './errors';
import { STORE_MANIFEST } from './store-schema';
import { openStore } from './store-reader';
import { FrameSource, type RowLocation } from './frame-source';

/**
 * One set of the store with everything but the frames in memory (ids, titles, ASR, tags, categories, frame counts,
 * and where each row's frames live); frames are read per batch through a FrameSource.
 */
export class VideoSet {
  readonly index = new Map<string, number>();

  private constructor(
    readonly name: string,
    readonly ids: string[],
    readonly titles: string[],
    readonly asrTexts: string[],
    readonly numFrames: Int32Array,
    readonly categoryIds: Int32Array,
    /** Raw tag ids per row (null in the test sets). */
    readonly tagIds: (BigInt64Array | null)[],
    readonly locations: RowLocation[],
    /** Record batches in store order with their first row, for chunk-local shuffling. */
    readonly chunks: { start: number; rows: number }[],
    readonly frames: FrameSource,
  ) {
    ids.forEach((id, i) => this.index.set(id, i));
  }

  get size(): number {
    return this.ids.length;
  }

  /** Row of a vid; a clear error naming the set when it is absent. */
  row(vid: string): number {
    const r = this.index.get(vid);
    if (r === undefined)
      throw new DataPrepError('UNKNOWN_VID', `vid ${vid} is not in the '${this.name}' set of the store`, {
        field: 'vid',
      });
    return r;
  }

  static async open(storeDir: string, set: string, options: { cacheBatches?: number } = {}): Promise<VideoSet> {
    const { manifest } = await openStore(storeDir); // checks every shard is whole (size and footer) before training reads it
    const info = manifest.sets[set];
    if (!info)
      throw new DataPrepError('BAD_STORE', `no set '${set}' (have ${Object.keys(manifest.sets).join(', ')})`, {
        file: path.join(storeDir, STORE_MANIFEST),
        field: 'sets',
      });
    const ids: string[] = [],
      titles: string[] = [],
      asr: string[] = [],
      tags: (BigInt64Array | null)[] = [];
    const numFrames: number[] = [],
      cats: number[] = [];
    const locations: RowLocation[] = [];
    const chunks: { start: number; rows: number }[] = [];
    const dec = new TextDecoder();
    for (let s = 0; s < info.shards.length; s++) {
      const fh = await fsp.open(path.join(storeDir, info.shards[s].file), 'r');
      try {
        const reader = (await RecordBatchReader.from(fh)) as AsyncRecordBatchFileReader;
        await reader.open();
        for (let b = 0; b < reader.numRecordBatches; b++) {
          const rb = (await reader.readRecordBatch(b)) as RecordBatch;
          chunks.push({ start: ids.length, rows: rb.numRows });
          const utf8 = (name: string) => {
            const d = rb.getChild(name)!.data[0];
            const o = d.valueOffsets as Int32Array;
            const v = d.values as Uint8Array;
            return (row: number) => dec.decode(v.subarray(o[row], o[row + 1]));
          };
          const id = utf8('id'),
            title = utf8('title'),
            asrText = utf8('asr_text');
          const nf = rb.getChild('num_frames')!.data[0].values as Int32Array;
          const cat = rb.getChild('category_id')!.data[0].values as Int32Array;
          const tagData = rb.getChild('tag_ids')!.data[0];
          const tagOffsets = tagData.valueOffsets as Int32Array;
          const tagValues = tagData.children[0].values as BigInt64Array;
          const bitmap = tagData.nullCount > 0 ? tagData.nullBitmap : undefined;
          for (let r = 0; r < rb.numRows; r++) {
            ids.push(id(r));
            titles.push(title(r));
            asr.push(asrText(r));
            numFrames.push(nf[r]);
            cats.push(cat[r]);
            const isNull = bitmap && !((bitmap[r >> 3] >> (r & 7)) & 1);
            tags.push(isNull ? null : tagValues.slice(tagOffsets[r], tagOffsets[r + 1]));
            locations.push({ shard: s, batch: b, row: r });
          }
        }
      } finally {
        await fh.close();
      }
    }
    const frames = new FrameSource(
      storeDir,
      info.shards.map((x) => x.file),
      manifest.maxFrames,
      manifest.frameDim,
      options.cacheBatches,
    );
    return new VideoSet(
      set,
      ids,
      titles,
      asr,
      Int32Array.from(numFrames),
      Int32Array.from(cats),
      tags,
      locations,
      chunks,
      frames,
    );
  }

  async close(): Promise<void> {
    await this.frames.close();
  }
}
