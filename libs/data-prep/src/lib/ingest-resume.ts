import { existsSync, promises as fsp } from 'fs';
import { join, resolve } from 'path';
import type { IngestUnit, UnitConfig, UnitResult } from './ingest-unit';
import { STORE_VERSION } from './store-schema';
import { writeFileAtomic } from '@vidsim/core';

// Every finished unit leaves `<set>/part-UUUUU.unit.json` beside its shards: what it read (file identity, byte
// range, the options that shape the shards) and its result. A resumed ingest keeps the units whose record still
// matches and whose shards are all there, and runs only the rest.

export const unitPrefix = (unit: Pick<IngestUnit, 'setUnit'>): string => `part-${String(unit.setUnit).padStart(5, '0')}`;

export function unitRecordPath(outDir: string, unit: IngestUnit): string {
  return join(outDir, unit.set, `${unitPrefix(unit)}.unit.json`);
}

/** Identifies what a unit's shards hold: the input file's path, size and mtime, the range, and the options. */
export function unitKey(unit: IngestUnit, file: { size: number; mtimeMs: number }, cfg: UnitConfig): string {
  return JSON.stringify({
    store: STORE_VERSION, file: resolve(unit.file), size: file.size, mtimeMs: file.mtimeMs, start: unit.start, end: unit.end,
    maxFrames: cfg.maxFrames, frameSelection: cfg.frameSelection, shardRows: cfg.shardRows ?? null, batchRows: cfg.batchRows ?? null,
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
  return rec.result.shards.every((s) => existsSync(join(outDir, s.file))) ? rec.result : undefined;
}

/** Written last, after the unit's shards are renamed into place, and atomically. */
export async function writeUnitRecord(outDir: string, unit: IngestUnit, key: string, result: UnitResult): Promise<void> {
  const path = unitRecordPath(outDir, unit);
  await writeFileAtomic(path, JSON.stringify({ key, result }));
}

/** Removes a unit's record and shards from an earlier run before it runs again. */
export async function removeUnitFiles(outDir: string, unit: IngestUnit): Promise<void> {
  const prefix = unitPrefix(unit);
  await removeWhere(join(outDir, unit.set), (n) => n === `${prefix}.unit.json` || n.startsWith(`${prefix}-`));
}

/** Removes everything in a set's folder that the finished store does not use (units of an older plan, temp files). */
export async function removeStrays(outDir: string, set: string, keep: Set<string>): Promise<void> {
  await removeWhere(join(outDir, set), (n) => !keep.has(n));
}

async function removeWhere(dir: string, remove: (name: string) => boolean): Promise<void> {
  const names = existsSync(dir) ? await fsp.readdir(dir) : [];
  await Promise.all(names.filter(remove).map((n) => fsp.rm(join(dir, n), { recursive: true, force: true })));
}
