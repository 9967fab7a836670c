import { promises as fsp } from 'fs';
import { join } from 'path';
import { DataPrepError } from './errors';
import { MAX_FRAMES, type FrameSelection } from './frames';
import { decodeOfficialExample, FRAME_DIM } from './official';
import { newRawVideo, scanOfficialExample } from './official-fast';
import { STORE_MANIFEST, STORE_VERSION, type StoreManifest } from './store-schema';
import { StoreSetWriter } from './store-writer';
import { readTfRecords } from './tfrecord-reader';

export interface IngestOptions {
  /** Set name -> TFRecord files, e.g. { pointwise: [...20 files], pairwise: [...], test_a: [...] }. */
  sets: Record<string, string[]>;
  outDir: string;
  /** Count and skip bad records (data CRC, protobuf, fields, frames, ids) instead of stopping at the first. */
  skipBad?: boolean;
  frameSelection?: FrameSelection;
  maxFrames?: number;
  shardRows?: number;
  batchRows?: number;
  /** Called often (after each record); throttle in the caller. */
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress {
  set: string;
  file: string;
  records: number;
  /** Bytes consumed over all input files so far. */
  bytes: number;
  totalBytes: number;
}

export interface IngestSummary {
  sets: Record<string, { rows: number; shards: number; bad: number }>;
  records: number;
  bytes: number;
  bad: { code: string; file?: string; offset?: number; field?: string; message: string }[];
  /** Raw official tag id (decimal string) -> occurrences over all sets, for the tag vocab. */
  tagCounts: Map<string, number>;
  /** Category id -> occurrences (missing, -1, skipped). */
  categoryCounts: Map<number, number>;
  /** Video ids per set, in store order (pairs are checked against them). */
  ids: Record<string, string[]>;
  /** Ids seen more than once in a set. */
  duplicateIds: number;
}

/**
 * Official TFRecords -> Arrow store in one streaming pass, counting tags and categories on the way.
 * `store.json` is written last, so a store interrupted midway has no manifest and is never taken as complete.
 */
export async function ingestTfRecords(opts: IngestOptions): Promise<IngestSummary> {
  const maxFrames = opts.maxFrames ?? MAX_FRAMES;
  const frameSelection = opts.frameSelection ?? 'first';
  const manifestPath = join(opts.outDir, STORE_MANIFEST);
  await fsp.mkdir(opts.outDir, { recursive: true });
  await fsp.rm(manifestPath, { force: true });
  const files = Object.values(opts.sets).flat();
  const sizes = await Promise.all(files.map(async (f) => (await fsp.stat(f)).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const summary: IngestSummary = { sets: {}, records: 0, bytes: 0, bad: [], tagCounts: new Map(), categoryCounts: new Map(), duplicateIds: 0, ids: {} };
  const manifest: StoreManifest = { version: STORE_VERSION, frameDim: FRAME_DIM, maxFrames, frameSelection, sets: {} };
  const noteBad = (e: DataPrepError): void => {
    summary.bad.push({ code: e.code, file: e.file, offset: e.offset, field: e.field, message: e.message });
  };
  let doneBytes = 0;
  let fileIndex = 0;
  for (const [set, setFiles] of Object.entries(opts.sets)) {
    const w = new StoreSetWriter(opts.outDir, set, { maxFrames, frameSelection, shardRows: opts.shardRows, batchRows: opts.batchRows });
    await fsp.rm(join(opts.outDir, set), { recursive: true, force: true }); // no stale shards from an earlier run
    const seen = new Set<string>();
    const ids: string[] = (summary.ids[set] = []);
    const badBefore = summary.bad.length;
    const raw = newRawVideo();
    try {
      for (const file of setFiles) {
        const onBadRecord = opts.skipBad ? noteBad : undefined;
        // Buffers are reused: everything is copied out of a record before the next one is read.
        for await (const rec of readTfRecords(file, { onBadRecord, reuseBuffers: true })) {
          let id: string;
          let tags: readonly (bigint | number)[] | undefined;
          let categoryId: number;
          let add: Promise<void>;
          if (scanOfficialExample(rec.data, raw)) {
            ({ id, categoryId } = raw);
            tags = raw.tagIds ?? undefined;
            add = w.addRaw(raw);
          } else {
            let v;
            try {
              v = decodeOfficialExample(rec.data, { file, offset: rec.offset });
            } catch (e) {
              if (!(e instanceof DataPrepError) || !opts.skipBad) throw e;
              noteBad(e);
              continue;
            }
            ({ id, categoryId } = v);
            tags = v.tagIds;
            add = w.add(v);
          }
          if (seen.has(id)) summary.duplicateIds++;
          seen.add(id);
          ids.push(id);
          if (tags) {
            for (const t of tags) {
              const k = String(t);
              summary.tagCounts.set(k, (summary.tagCounts.get(k) ?? 0) + 1);
            }
          }
          if (categoryId !== -1) summary.categoryCounts.set(categoryId, (summary.categoryCounts.get(categoryId) ?? 0) + 1);
          await add;
          summary.records++;
          opts.onProgress?.({ set, file, records: summary.records, bytes: doneBytes + rec.offset + rec.data.length + 16, totalBytes });
        }
        doneBytes += sizes[fileIndex++];
      }
      const res = await w.close();
      manifest.sets[set] = res;
      summary.sets[set] = { rows: res.rows, shards: res.shards.length, bad: summary.bad.length - badBefore };
    } catch (e) {
      await w.abort();
      throw e;
    }
  }
  summary.bytes = doneBytes;
  const tmp = `${manifestPath}.tmp-${process.pid}`;
  await fsp.writeFile(tmp, JSON.stringify(manifest, null, 2));
  await fsp.rename(tmp, manifestPath);
  return summary;
}
