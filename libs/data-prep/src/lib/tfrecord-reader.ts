import { promises as fsp } from 'fs';
import { maskedCrc32c as masked } from './crc';
import { DataPrepError } from './errors';

export interface ReadTfRecordsOptions {
  /** Check both CRCs of every record (default true). */
  verifyCrc?: boolean;
  /** Read chunk size in bytes (default 8 MiB); memory stays about two chunks plus the largest record. */
  chunkBytes?: number;
  /**
   * Called with a record whose data CRC fails, instead of throwing; the record is skipped. Framing errors
   * (truncation, a bad length CRC) always throw: after them no later record boundary can be trusted.
   */
  onBadRecord?: (err: DataPrepError) => void;
  /**
   * Reuse two read buffers instead of allocating one per chunk (default false). Faster (no allocation, no GC),
   * but a record's `data` is then only valid until the next record is requested: copy what must outlive it.
   */
  reuseBuffers?: boolean;
}

export interface TfRecord {
  /** The record payload: a view into a read buffer, valid for good unless `reuseBuffers` is set. */
  data: Uint8Array;
  /** Byte offset of the record's header in the file. */
  offset: number;
}

/**
 * Streams the records of a TFRecord file in constant memory (files larger than RAM are fine). The next chunk
 * is read while the current one is parsed; a record cut by a chunk end is completed by copying its head into
 * the headroom in front of the next chunk, so records are never copied whole.
 * Throws `DataPrepError` (TRUNCATED, BAD_LENGTH_CRC, BAD_DATA_CRC) naming the file and byte offset.
 */
export async function* readTfRecords(path: string, opts: ReadTfRecordsOptions = {}): AsyncGenerator<TfRecord> {
  const verify = opts.verifyCrc ?? true;
  const chunkBytes = Math.max(16, opts.chunkBytes ?? 8 << 20);
  const reuse = opts.reuseBuffers ?? false;
  // Room in front of each chunk for the head of a record cut by the previous chunk's end.
  const head = Math.min(1 << 20, chunkBytes);
  const fh = await fsp.open(path, 'r');
  const fileSize = (await fh.stat()).size;
  const free: Buffer[] = [];
  const newBuf = (): Buffer => (reuse && free.length > 0 ? free.pop()! : Buffer.allocUnsafe(head + chunkBytes));
  let filePos = 0; // file offset of the next byte to read
  let eof = false;
  // Reads up to `len` bytes into b at `at`; fewer only at the end of the file.
  const readInto = async (b: Buffer, at: number, len: number, from: number): Promise<number> => {
    let got = 0;
    while (got < len) {
      const { bytesRead } = await fh.read(b, at + got, len - got, from + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  };
  interface Pending { buf: Buffer; done: Promise<number> }
  const prefetch = (): Pending | undefined => {
    if (eof) return undefined;
    const b = newBuf();
    const p: Pending = { buf: b, done: readInto(b, head, chunkBytes, filePos) };
    return p;
  };

  let buf: Buffer = Buffer.alloc(0);
  let pos = 0; // parse position in buf
  let end = 0; // end of valid bytes in buf
  let bufStart = 0; // file offset of buf[0]
  let pending: Pending | undefined;

  // Ensures buf holds at least `need` bytes from pos on; false when the file ended first.
  const fill = async (need: number): Promise<boolean> => {
    if (end - pos >= need) return true;
    const tail = end - pos;
    if (eof && !pending) return false;
    pending ??= prefetch();
    const nb = pending!.buf;
    const got = await pending!.done;
    pending = undefined;
    filePos += got;
    if (got < chunkBytes) eof = true;
    const old = buf;
    if (tail <= head && tail + got >= need) {
      old.copy(nb, head - tail, pos, end);
      bufStart += pos - (head - tail);
      buf = nb;
      pos = head - tail;
      end = head + got;
      if (reuse && old.length === head + chunkBytes) free.push(old);
      pending = prefetch();
      return true;
    }
    // A record longer than a chunk (or its head longer than the headroom): gather it in a buffer of its own.
    const big = Buffer.allocUnsafe(Math.max(need, tail + got) + head);
    old.copy(big, 0, pos, end);
    nb.copy(big, tail, head, head + got);
    if (reuse) free.push(nb);
    let have = tail + got;
    if (!eof && have < need) {
      const more = await readInto(big, have, need - have, filePos);
      filePos += more;
      have += more;
      if (have < need) eof = true;
    }
    bufStart += pos;
    buf = big;
    pos = 0;
    end = have;
    if (!eof) pending = prefetch();
    return have >= need;
  };

  try {
    for (;;) {
      if (!(await fill(12))) {
        if (end - pos === 0) return;
        throw new DataPrepError('TRUNCATED', `file ends inside a record header (${end - pos} of 12 bytes)`, {
          file: path, offset: bufStart + pos, field: 'length',
        });
      }
      const offset = bufStart + pos;
      const lo = buf.readUInt32LE(pos);
      const hi = buf.readUInt32LE(pos + 4);
      if (verify && masked(buf.subarray(pos, pos + 8)) !== buf.readUInt32LE(pos + 8)) {
        throw new DataPrepError('BAD_LENGTH_CRC', 'length CRC mismatch: the framing is corrupt', {
          file: path, offset, field: 'length_crc', hint: 'the file is damaged at or before this offset',
        });
      }
      if (hi > 0x1fffff) {
        const len64 = (BigInt(hi) << 32n) | BigInt(lo);
        throw new DataPrepError('BAD_LENGTH_CRC', `impossible record length ${len64}`, { file: path, offset, field: 'length' });
      }
      const len = hi * 4294967296 + lo;
      // The size check first: a corrupt length must not make us allocate a huge buffer.
      if (offset + 16 + len > fileSize || !(await fill(16 + len))) {
        throw new DataPrepError('TRUNCATED', `file ends inside a record of ${len} bytes`, {
          file: path, offset, field: 'data', hint: 'the writer was interrupted, or the copy is incomplete',
        });
      }
      const data = buf.subarray(pos + 12, pos + 12 + len);
      const crc = buf.readUInt32LE(pos + 12 + len);
      pos += 16 + len;
      if (verify && masked(data) !== crc) {
        const err = new DataPrepError('BAD_DATA_CRC', `data CRC mismatch in a record of ${len} bytes`, {
          file: path, offset, field: 'data_crc',
        });
        if (!opts.onBadRecord) throw err;
        opts.onBadRecord(err);
        continue;
      }
      yield { data, offset };
    }
  } finally {
    // Let an in-flight read finish before closing the handle under it.
    if (pending) await pending.done.catch(() => undefined);
    await fh.close();
  }
}
