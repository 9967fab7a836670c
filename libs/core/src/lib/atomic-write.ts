import * as fs from 'fs';
import * as path from 'path';

// Nothing half-written may look complete: write a temp file beside the target (same folder, so the rename never
// crosses a filesystem), then rename it over the target; on failure the temp file is removed and the target is
// left as it was.

function tempName(file: string): string {
  return `${file}.tmp-${process.pid}-${Date.now()}`;
}

/** Writes `data` to `file` atomically, creating its folder. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = tempName(file);
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** `writeFileAtomic` for synchronous callers. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = tempName(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
