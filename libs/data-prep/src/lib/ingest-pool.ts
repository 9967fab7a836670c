import { extname, join } from 'path';
import { Worker } from 'worker_threads';
import { DataPrepError, type DataPrepErrorCode } from './errors';
import { ingestUnit, type IngestUnit, type UnitConfig, type UnitResult } from './ingest-unit';

export interface UnitRequest {
  unit: IngestUnit;
  cfg: UnitConfig;
}

export type UnitReply =
  | { type: 'progress'; records: number; bytes: number }
  | { type: 'done'; result: UnitResult }
  | { type: 'error'; error: SerializedError };

/** An error as it crosses a thread boundary: a DataPrepError keeps its code, file, offset and field. */
export type SerializedError =
  | {
      kind: 'data-prep';
      code: DataPrepErrorCode;
      detail: string;
      file?: string;
      offset?: number;
      line?: number;
      field?: string;
      hint?: string;
    }
  | { kind: 'other'; message: string; stack?: string };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof DataPrepError) {
    return {
      kind: 'data-prep',
      code: e.code,
      detail: e.detail,
      file: e.file,
      offset: e.offset,
      line: e.line,
      field: e.field,
      hint: e.hint,
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'other', message: err.message, stack: err.stack };
}

export function deserializeError(s: SerializedError): Error {
  if (s.kind === 'data-prep') return new DataPrepError(s.code, s.detail, s);
  const err = new Error(s.message);
  if (s.stack) err.stack = s.stack;
  return err;
}

/** Called with a unit's index in `units`, its records done and bytes consumed so far. */
export type PoolProgress = (unitIndex: number, records: number, bytes: number) => void;

/**
 * Runs the units, in this thread when `workers` is 1, else on that many worker threads, and returns their
 * results in unit order. After a unit fails no new one starts; the ones running finish (so each removes its
 * temp shard or renames a complete one), then the failure of the earliest unit is thrown.
 */
export async function runUnits(
  units: IngestUnit[],
  cfg: UnitConfig,
  workers: number,
  onProgress?: PoolProgress,
): Promise<UnitResult[]> {
  if (workers <= 1 || units.length <= 1) {
    const results: UnitResult[] = [];
    for (let i = 0; i < units.length; i++)
      results.push(await ingestUnit(units[i], cfg, (r, b) => onProgress?.(i, r, b)));
    return results;
  }
  const results: UnitResult[] = new Array(units.length);
  const failures = new Map<number, Error>();
  let next = 0;
  const { file, execArgv } = workerScript();
  const runWorker = async (): Promise<void> => {
    const worker = new Worker(file, { execArgv });
    try {
      while (next < units.length && failures.size === 0) {
        const i = next++;
        try {
          results[i] = await runOne(worker, { unit: units[i], cfg }, (r, b) => onProgress?.(i, r, b));
        } catch (e) {
          failures.set(i, e as Error);
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, units.length) }, runWorker));
  if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
  return results;
}

function runOne(
  worker: Worker,
  req: UnitRequest,
  onProgress: (records: number, bytes: number) => void,
): Promise<UnitResult> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: UnitReply): void => {
      if (m.type === 'progress') return onProgress(m.records, m.bytes);
      done();
      if (m.type === 'done') resolve(m.result);
      else reject(deserializeError(m.error));
    };
    const onError = (e: Error): void => {
      done();
      reject(e);
    };
    const onExit = (code: number): void => {
      done();
      reject(new Error(`ingest worker exited (code ${code}) while reading ${req.unit.file}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(req);
  });
}

/**
 * The worker's entry file beside this one: compiled JavaScript in a built package; TypeScript when run from
 * source (tsx, jest), which the worker then loads through tsx's CommonJS hook.
 */
function workerScript(): { file: string; execArgv: string[] } {
  const ext = extname(__filename);
  const file = join(__dirname, `ingest-worker${ext}`);
  return { file, execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [] };
}
