import { parentPort } from 'worker_threads';
import { ingestUnit } from './ingest-unit';
import { serializeError, type UnitReply, type UnitRequest } from './ingest-pool';

// A worker thread of `runUnits`: runs the units it is sent, one at a time, posting throttled progress.
const PROGRESS_EVERY_MS = 100;

parentPort?.on('message', async ({ unit, cfg }: UnitRequest) => {
  const post = (m: UnitReply): void => parentPort!.postMessage(m);
  let last = 0;
  try {
    const result = await ingestUnit(unit, cfg, (records, bytes) => {
      const now = Date.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        post({ type: 'progress', records, bytes });
      }
    });
    post({ type: 'done', result });
  } catch (e) {
    post({ type: 'error', error: serializeError(e) });
  }
});
