import { promises as fsp } from 'fs';
import { maskedCrc32c as masked } from './crc';

/** Longest record `findRecordBoundary` can confirm (official records are about 100 KB). */
const MAX_CONFIRM_BYTES = 256 << 20;
const WINDOW = 1 << 20;

/**
 * The offset of the first TFRecord record that starts at or after `from`, or the file size when none does,
 * found without reading the file from its beginning: so one big file can be split between workers. With
 * `maxScanBytes`, gives up (undefined) when no record starts within that many bytes of `from`: a damaged stretch
 * is then left whole to the reader before it, instead of being scanned byte by byte.
 *
 * A position is taken as a record start only when its 8 length bytes match their masked CRC32C and the record's
 * data matches its own CRC too, so a false match needs two 32-bit checksums to agree by chance. A damaged record
 * is passed over like any other non-boundary; the worker reading the range before it meets it and reports it.
 */
export async function findRecordBoundary(
  path: string,
  from: number,
  maxScanBytes = Infinity,
): Promise<number | undefined> {
  const fh = await fsp.open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.allocUnsafe(WINDOW + 12);
    let base = from;
    while (base + 12 <= size) {
      const n = (await fh.read(buf, 0, Math.min(buf.length, size - base), base)).bytesRead;
      const last = n - 12; // last position whose 12 header bytes are in the window
      for (let i = 0; i <= last; i++) {
        if (base + i - from > maxScanBytes) return undefined;
        const hi = buf.readUInt32LE(i + 4);
        if (hi > 0x1fffff) continue;
        if (masked(buf.subarray(i, i + 8)) !== buf.readUInt32LE(i + 8)) continue;
        const len = hi * 4294967296 + buf.readUInt32LE(i);
        if (base + i + 16 + len <= size && len <= MAX_CONFIRM_BYTES && (await dataCrcMatches(fh, base + i, len)))
          return base + i;
      }
      base += Math.max(1, last + 1);
    }
    return size;
  } finally {
    await fh.close();
  }
}

async function dataCrcMatches(fh: fsp.FileHandle, offset: number, len: number): Promise<boolean> {
  const rec = Buffer.allocUnsafe(len + 4);
  const { bytesRead } = await fh.read(rec, 0, len + 4, offset + 12);
  return bytesRead === len + 4 && masked(rec.subarray(0, len)) === rec.readUInt32LE(len);
}
