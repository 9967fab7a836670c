import { DataPrepError } from './errors';
import type { FrameSelection } from './frames';
import { decodeExample, readTfRecords, type DirectIo, type TfRecordError } from '@vidsim/tfrecord';
import { removeUnitFiles, unitPrefix, writeUnitRecord } from './ingest-resume';
import { decodeOfficialExample } from './official';
import { newRawVideo, scanOfficialExample } from './official-fast';
import { StoreSetWriter, type ShardInfo, type TextTruncation } from './store-writer';

/** One piece of an ingest: the records of `file` whose headers lie in [start, end), written as shards of `set`. */
export interface IngestUnit {
  /** Position among the set's units: row order, and the shard name prefix `part-<setUnit>`. */
  setUnit: number;
  set: string;
  file: string;
  start: number;
  end: number;
  /** When set, a record of the finished unit is written under this key, so a resumed ingest can keep it. */
  key?: string;
}

/** What every unit of one ingest shares (plain data: it is posted to worker threads). */
export interface UnitConfig {
  outDir: string;
  skipBad: boolean;
  frameSelection: FrameSelection;
  maxFrames: number;
  shardRows?: number;
  batchRows?: number;
  directIo: DirectIo;
}

export interface BadRecord {
  code: string;
  file?: string;
  offset?: number;
  field?: string;
  message: string;
  /** The record's video id, when it could still be read. */
  id?: string;
}

export interface UnitResult {
  rows: number;
  shards: ShardInfo[];
  bad: BadRecord[];
  /** Raw tag id -> occurrences; category id -> occurrences (-1 not counted). */
  tagCounts: [string, number][];
  categoryCounts: [number, number][];
  /** Video ids in row order. */
  ids: string[];
  /** Titles and ASR texts cut to their limit (see MAX_TITLE_BYTES), with the record they came from. */
  truncatedTexts: TruncatedText[];
}

export interface TruncatedText extends TextTruncation {
  file: string;
  offset: number;
}

/** The id of a record that failed to decode, if its `id` feature is still a well-formed decimal id. */
function readableId(record: Uint8Array): string | undefined {
  try {
    const f = decodeExample(record).id;
    const id =
      f?.kind === 'bytes' && f.value.length === 1
        ? new TextDecoder('utf-8', { fatal: true }).decode(f.value[0])
        : undefined;
    return id !== undefined && /^[0-9]{1,20}$/.test(id) ? id : undefined;
  } catch {
    return undefined; // the message itself is damaged
  }
}

/** Reports records done and bytes consumed in the unit so far; called after every record. */
export type UnitProgress = (records: number, bytes: number) => void;

/** Runs one unit: TFRecords -> Arrow shards, counting tags and categories on the way. */
export async function ingestUnit(unit: IngestUnit, cfg: UnitConfig, onProgress?: UnitProgress): Promise<UnitResult> {
  await removeUnitFiles(cfg.outDir, unit);
  const truncatedTexts: TruncatedText[] = [];
  let recordOffset = unit.start;
  const w = new StoreSetWriter(cfg.outDir, unit.set, {
    maxFrames: cfg.maxFrames,
    frameSelection: cfg.frameSelection,
    shardRows: cfg.shardRows,
    batchRows: cfg.batchRows,
    shardPrefix: unitPrefix(unit),
    onTruncate: (t) => truncatedTexts.push({ ...t, file: unit.file, offset: recordOffset }),
  });
  const bad: BadRecord[] = [];
  const noteBad = (e: DataPrepError | TfRecordError, record?: Uint8Array): void => {
    const id = record && e.field !== 'id' ? readableId(record) : undefined;
    bad.push({
      code: e.code,
      file: e.file,
      offset: e.offset,
      field: e.field,
      message: e.message,
      ...(id !== undefined ? { id } : {}),
    });
  };
  const tagCounts = new Map<string, number>();
  const categoryCounts = new Map<number, number>();
  const ids: string[] = [];
  const raw = newRawVideo();
  const file = unit.file;
  try {
    // Buffers are reused: everything is copied out of a record before the next one is read.
    const records = readTfRecords(file, {
      onBadRecord: cfg.skipBad ? noteBad : undefined,
      reuseBuffers: true,
      directIo: cfg.directIo,
      start: unit.start,
      end: unit.end,
    });
    for await (const rec of records) {
      recordOffset = rec.offset;
      let id: string;
      let tags: readonly (bigint | number)[] | null | undefined;
      let categoryId: number;
      let add: Promise<void>;
      if (scanOfficialExample(rec.data, raw)) {
        ({ id, categoryId } = raw);
        tags = raw.tagIds;
        add = w.addRaw(raw);
      } else {
        let v;
        try {
          v = decodeOfficialExample(rec.data, { file, offset: rec.offset });
        } catch (e) {
          if (!(e instanceof DataPrepError) || !cfg.skipBad) throw e;
          noteBad(e, rec.data);
          continue;
        }
        ({ id, categoryId } = v);
        tags = v.tagIds;
        add = w.add(v);
      }
      ids.push(id);
      if (tags) {
        for (const t of tags) {
          const k = String(t);
          tagCounts.set(k, (tagCounts.get(k) ?? 0) + 1);
        }
      }
      if (categoryId !== -1) categoryCounts.set(categoryId, (categoryCounts.get(categoryId) ?? 0) + 1);
      await add;
      onProgress?.(ids.length, rec.offset + rec.data.length + 16 - unit.start);
    }
    const result: UnitResult = {
      ...(await w.close()),
      bad,
      tagCounts: [...tagCounts],
      categoryCounts: [...categoryCounts],
      ids,
      truncatedTexts,
    };
    if (unit.key !== undefined) await writeUnitRecord(cfg.outDir, unit, unit.key, result);
    return result;
  } catch (e) {
    await w.abort();
    throw DataPrepError.from(e); // a framing error of @vidsim/tfrecord leaves as this lib's own (threads keep it)
  }
}
