import * as fs from 'fs';
import * as path from 'path';
import { crc32c } from '@node-rs/crc32';

/** Written last into a checkpoint folder: every other file's size and CRC-32C at write time. */
export const MANIFEST = 'manifest.json';

export interface CheckpointManifest {
  format: 'vidsim-checkpoint/1';
  files: Record<string, { bytes: number; crc32c: number }>;
}

const CHUNK = 8 << 20;

/** CRC-32C of a file, read in 8 MiB pieces (a checkpoint can be gigabytes). */
export async function fileCrc32c(file: string): Promise<{ bytes: number; crc32c: number }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let crc = 0;
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, bytes);
      if (bytesRead === 0) break;
      crc = crc32c(buf.subarray(0, bytesRead), crc);
      bytes += bytesRead;
    }
    return { bytes, crc32c: crc >>> 0 };
  } finally {
    await handle.close();
  }
}

/** Records the checksums of `files` (names inside `dir`) in `dir/manifest.json`. */
export async function writeManifest(dir: string, files: string[]): Promise<void> {
  const manifest: CheckpointManifest = { format: 'vidsim-checkpoint/1', files: {} };
  for (const f of files) manifest.files[f] = await fileCrc32c(path.join(dir, f));
  await fs.promises.writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Why the checkpoint in `dir` cannot be trusted (a missing, resized or changed file, a damaged manifest), or
 * undefined when every file matches what was recorded at write time.
 */
export async function checkpointProblem(dir: string, required: string[]): Promise<string | undefined> {
  const manifestFile = path.join(dir, MANIFEST);
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(await fs.promises.readFile(manifestFile, 'utf8')) as CheckpointManifest;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code === 'ENOENT' ? `${manifestFile} is missing` : `${manifestFile} is damaged (${err.message})`;
  }
  if (manifest?.format !== 'vidsim-checkpoint/1' || typeof manifest.files !== 'object' || manifest.files === null)
    return `${manifestFile} is not a checkpoint manifest`;
  for (const name of required) if (!(name in manifest.files)) return `${manifestFile} does not list ${name}`;
  for (const [name, want] of Object.entries(manifest.files)) {
    const file = path.join(dir, name);
    let got: { bytes: number; crc32c: number };
    try {
      got = await fileCrc32c(file);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${file} is missing`
        : `${file} cannot be read (${(e as Error).message})`;
    }
    if (got.bytes !== want.bytes) return `${file} has ${got.bytes} bytes, ${want.bytes} were written`;
    if (got.crc32c !== want.crc32c)
      return `${file} has CRC-32C ${got.crc32c.toString(16).padStart(8, '0')}, ${want.crc32c.toString(16).padStart(8, '0')} was written (the file changed after it was written)`;
  }
  return undefined;
}
