import { existsSync, promises as fsp } from 'fs';
import { join, resolve } from 'path';
import { ioError } from './errors';
import type { IngestUnit, UnitConfig, UnitResult } from './ingest-unit';
import { STORE_VERSION } from './store-schema';
import { writeFileAtomic } from '@vidsim/core';

// Every finished unit leaves `<set>/part-UUUUU.unit.json` beside its shards: what it read (file identity, byte
// range, the options that shape the shards) and its result. A resumed ingest keeps the units whose record still
// matches and whose shards are all there, and runs only the rest.

export const unitPrefix = (unit: Pick<IngestUnit, 'setUnit'>): string =>
  `part-${String(unit.setUnit).padStart(5, '0')}`;

export function unitRecordPath(outDir: string, unit: IngestUnit): string {
  return join(outDir, unit.set, `${unitPrefix(unit)}.unit.json`);
}

/** Identifies what a unit's shards hold: the input file's path, size and mtime, the range, and the options. */
export function unitKey(unit: IngestUnit, file: { size: number; mtimeMs: number }, cfg: UnitConfig): string {
  return JSON.stringify({
    store: STORE_VERSION,
    file: resolve(unit.file),
    size: file.size,
    mtimeMs: file.mtimeMs,
    start: unit.start,
    end: unit.end,
    maxFrames: cfg.maxFrames,
    frameSelection: cfg.frameSelection,
    shardRows: cfg.shardRows ?? null,
    batchRows: cfg.batchRows ?? null,
    skipBad: cfg.skipBad,
  });
}

/** The result a previous run recorded for this unit, if its key matches and every shard it lists exists. */
export async function loadFinishedUnit(outDir: string, unit: IngestUnit, key: string): Promise<UnitResult | undefined> {
  let rec: { key?: string; result?: UnitResult };
  try {
    rec = JSON.parse(await fsp.readFile(unitRecordPath(outDir, unit), 'utf8'));
  } catch {
    return undefined; // none, or cut short by a crash: run the unit again
  }
  if (rec.key !== key || !rec.result) return undefined;
  // Each shard must be there whole: a size other than the one recorded (cut short, replaced) redoes the unit.
  for (const shard of rec.result.shards) {
    const size = await fsp.stat(join(outDir, shard.file)).then(
      (st) => st.size,
      () => -1,
    );
    if (size < 0 || (shard.bytes !== undefined && size !== shard.bytes)) return undefined;
  }
  return rec.result;
}

/** Written last, after the unit's shards are renamed into place, and atomically. */
export async function writeUnitRecord(
  outDir: string,
  unit: IngestUnit,
  key: string,
  result: UnitResult,
): Promise<void> {
  // A unit without rows (an empty file) wrote no shard, so nothing has made its set's folder yet: core's write makes it.
  await writeStoreFile(
    unitRecordPath(outDir, unit),
    JSON.stringify({ key, result }),
    'cannot write an ingest unit record',
  );
}

/** core's atomic write (temp file, rename; temp removed on failure); a failure is a one-line IO error naming `path`. */
export async function writeStoreFile(path: string, text: string, action: string): Promise<void> {
  await writeFileAtomic(path, text).catch((e) => {
    throw ioError(e, path, action);
  });
}

/**
 * The files ingest writes in a set's folder: shards `part-UUUUU-NNNNN.arrow`, unit records `part-UUUUU.unit.json`,
 * and their temp forms (`.tmp-<pid>`, or `.tmp-<pid>-<ms>` from core's atomic write). Nothing else there is ever
 * removed (the folder may hold the user's own files).
 */
export const OWN_FILE = /^part-\d{5,}(?:-\d{5,}\.arrow|\.unit\.json)(?:\.tmp-\d+(?:-\d+)?)?$/;

/** Removes a unit's record and shards from an earlier run before it runs again. */
export async function removeUnitFiles(outDir: string, unit: IngestUnit): Promise<void> {
  const prefix = unitPrefix(unit);
  await removeWhere(join(outDir, unit.set), (n) => n === `${prefix}.unit.json` || n.startsWith(`${prefix}-`));
}

/**
 * Removes the files of ours (OWN_FILE) in a set's folder that the finished store does not use: units of an older
 * plan, temp files of a killed run. With an empty `keep`, every file of ours (a fresh start).
 */
export async function removeStrays(outDir: string, set: string, keep: Set<string>): Promise<void> {
  await removeWhere(join(outDir, set), (n) => !keep.has(n));
}

/** Removes the files of ours in `dir` that `remove` picks, never anything else, and never a folder. */
async function removeWhere(dir: string, remove: (name: string) => boolean): Promise<void> {
  const entries = existsSync(dir) ? await fsp.readdir(dir, { withFileTypes: true }) : [];
  const doomed = entries
    .filter((e) => e.isFile() && OWN_FILE.test(e.name) && remove(e.name))
    .map((e) => join(dir, e.name));
  await Promise.all(
    doomed.map((f) =>
      fsp.rm(f, { force: true }).catch((e) => {
        throw ioError(e, f, 'cannot remove a stale store file');
      }),
    ),
  );
}
