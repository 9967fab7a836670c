import { maskedCrc32c as masked } from './crc';
import { TfRecordError } from './errors';
import { DIRECT_BLOCK, InputFile, type DirectIo } from './input-file';

export interface ReadTfRecordsOptions {
  /** Check both CRCs of every record (default true). */
  verifyCrc?: boolean;
  /** Read chunk size in bytes (default 8 MiB); memory stays about `readAhead + 1` chunks plus the largest record. */
  chunkBytes?: number;
  /**
   * Called with a record whose data CRC fails, instead of throwing; the record is skipped. Framing errors
   * (truncation, a bad length CRC) always throw: after them no later record boundary can be trusted.
   */
  onBadRecord?: (err: TfRecordError) => void;
  /**
   * Reuse the read buffers instead of allocating one per chunk (default false). Faster (no allocation, no GC),
   * but a record's `data` is then only valid until the next record is requested: copy what must outlive it.
   */
  reuseBuffers?: boolean;
  /**
   * Chunks read ahead of the one being parsed (default 4: with direct reads the disk then always has work queued;
   * measured on the ingest benchmark, 2 left the parser waiting on reads for a third of its time).
   */
  readAhead?: number;
  /**
   * Read only records whose header lies in [start, end): `start` must be a record boundary (see
   * `findRecordBoundary`); reading stops at the first record at or past `end`, which must begin exactly at `end`
   * when `end` is inside the file (a BAD_OPTION error otherwise: the split point was no record boundary).
   */
  start?: number;
  end?: number;
  /** Read around the page cache (see `DirectIo`; default 'auto': direct for files of 64 MiB or more). */
  directIo?: DirectIo;
  /**
   * The longest record accepted (default DEFAULT_MAX_RECORD_BYTES, 256 MiB; official records are about 100 KB, a
   * 10 MB title makes 10 MB): a longer one is a RECORD_TOO_LARGE error before any of it is read, so a crafted or
   * corrupt length whose CRC matches cannot make the reader gather gigabytes.
   */
  maxRecordBytes?: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 256 << 20;

export interface TfRecord {
  /** The record payload: a view into a read buffer, valid for good unless `reuseBuffers` is set. */
  data: Uint8Array;
  /** Byte offset of the record's header in the file. */
  offset: number;
}

/**
 * Streams the records of a TFRecord file in constant memory (files larger than RAM are fine). The next chunks
 * are read while the current one is parsed; a record cut by a chunk end is completed by copying its head into
 * the headroom in front of the next chunk, so records are never copied whole.
 * Throws `TfRecordError` (TRUNCATED, BAD_LENGTH_CRC, BAD_DATA_CRC) naming the file and byte offset.
 */
export async function* readTfRecords(path: string, opts: ReadTfRecordsOptions = {}): AsyncGenerator<TfRecord> {
  const verify = opts.verifyCrc ?? true;
  const chunkBytes = Math.max(16, opts.chunkBytes ?? 8 << 20);
  const reuse = opts.reuseBuffers ?? false;
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  // Room in front of each chunk for the head of a record cut by the previous chunk's end.
  const head = Math.min(1 << 20, chunkBytes);
  const file = await InputFile.open(path, opts.directIo ?? 'auto', chunkBytes);
  const fileSize = file.size;
  const depth = Math.max(1, opts.readAhead ?? 4);
  // Recycled read buffers: the ones in flight, the one being parsed, and the one whose tail is being carried over.
  const free: Buffer[] = reuse ? file.allocate(head + chunkBytes, depth + 2) : [];
  const newBuf = (): Buffer => free.pop() ?? file.allocate(head + chunkBytes)[0];
  interface Pending {
    buf: Buffer;
    done: Promise<number>;
  }
  // Reads in flight, in file order: the next chunks are read while the current one is parsed.
  const queue: Pending[] = [];
  const start = opts.start ?? 0;
  const stop = Math.min(opts.end ?? Infinity, fileSize);
  // Reads start on a block boundary (direct reads need it); the bytes before `start` are skipped.
  const skip = start % Math.min(DIRECT_BLOCK, chunkBytes);
  let nextRead = start - skip; // file offset of the next read to issue
  let eof = false; // a read came back short: nothing after it is valid
  const issue = (): void => {
    const b = newBuf();
    queue.push({ buf: b, done: file.read(b, head, chunkBytes, nextRead) });
    nextRead += chunkBytes;
  };
  // Read ahead, but not past the range's end: a piece of a file need not read the next piece.
  const topUp = (): void => {
    while (!eof && queue.length < depth && nextRead < stop) issue();
  };
  // The next chunk's buffer and byte count, or undefined at the end of the file.
  const nextChunk = async (): Promise<{ buf: Buffer; got: number } | undefined> => {
    topUp();
    if (queue.length === 0 && !eof && nextRead < fileSize) issue(); // a record runs on past the range's end
    const p = queue.shift();
    if (!p) return undefined;
    const got = await p.done;
    if (got < chunkBytes) {
      eof = true; // the file ended here (or shrank under us): drop reads issued past it
      for (const q of queue.splice(0)) await q.done.catch(() => 0);
    }
    return { buf: p.buf, got };
  };
  const recycle = (b: Buffer): void => {
    if (reuse && b.length === head + chunkBytes) free.push(b);
  };

  let buf: Buffer = Buffer.alloc(0);
  let pos = 0; // parse position in buf
  let end = 0; // end of valid bytes in buf
  let bufStart = start - skip; // file offset of buf[0] once the first chunk is in

  // Ensures buf holds at least `need` bytes from pos on; false when the file ended first.
  const fill = async (need: number): Promise<boolean> => {
    if (end - pos >= need) return true;
    const tail = end - pos;
    const first = await nextChunk();
    if (!first) return false;
    const old = buf;
    if (tail <= head && tail + first.got >= need) {
      old.copy(first.buf, head - tail, pos, end);
      bufStart += pos - (head - tail);
      buf = first.buf;
      pos = head - tail;
      end = head + first.got;
      recycle(old);
      topUp();
      return true;
    }
    // A record longer than a chunk (or its head longer than the headroom): gather it in a buffer of its own.
    const chunks = [first];
    let have = tail + first.got;
    while (have < need) {
      const c = await nextChunk();
      if (!c) break;
      chunks.push(c);
      have += c.got;
    }
    const big = Buffer.allocUnsafe(have);
    old.copy(big, 0, pos, end);
    let at = tail;
    for (const c of chunks) {
      c.buf.copy(big, at, head, head + c.got);
      at += c.got;
      recycle(c.buf);
    }
    recycle(old);
    bufStart += pos;
    buf = big;
    pos = 0;
    end = have;
    topUp();
    return have >= need;
  };

  try {
    if (start > 0) {
      if (start >= fileSize || !(await fill(skip))) return;
      pos += skip;
    }
    for (;;) {
      if (bufStart + pos >= stop) {
        if (bufStart + pos > stop && stop < fileSize) {
          throw new TfRecordError('BAD_OPTION', `range end ${stop} is not a record boundary: a record spans it`, {
            file: path,
            offset: stop,
          });
        }
        return;
      }
      if (!(await fill(12))) {
        if (end - pos === 0) return;
        throw new TfRecordError('TRUNCATED', `file ends inside a record header (${end - pos} of 12 bytes)`, {
          file: path,
          offset: bufStart + pos,
          field: 'length',
        });
      }
      const offset = bufStart + pos;
      const lo = buf.readUInt32LE(pos);
      const hi = buf.readUInt32LE(pos + 4);
      if (verify && masked(buf.subarray(pos, pos + 8)) !== buf.readUInt32LE(pos + 8)) {
        throw new TfRecordError('BAD_LENGTH_CRC', 'length CRC mismatch: the framing is corrupt', {
          file: path,
          offset,
          field: 'length_crc',
          hint: 'the file is damaged at or before this offset',
        });
      }
      if (hi > 0x1fffff) {
        const len64 = (BigInt(hi) << 32n) | BigInt(lo);
        throw new TfRecordError('BAD_LENGTH_CRC', `impossible record length ${len64}`, {
          file: path,
          offset,
          field: 'length',
        });
      }
      const len = hi * 4294967296 + lo;
      if (len > maxRecordBytes) {
        throw new TfRecordError('RECORD_TOO_LARGE', `record of ${len} bytes, over the ${maxRecordBytes}-byte limit`, {
          file: path,
          offset,
          field: 'length',
          hint: 'a corrupt length, or raise maxRecordBytes',
        });
      }
      // The size check first: a corrupt length must not make us allocate a huge buffer.
      if (offset + 16 + len > fileSize || !(await fill(16 + len))) {
        throw new TfRecordError('TRUNCATED', `file ends inside a record of ${len} bytes`, {
          file: path,
          offset,
          field: 'data',
          hint: 'the writer was interrupted, or the copy is incomplete',
        });
      }
      const data = buf.subarray(pos + 12, pos + 12 + len);
      const crc = buf.readUInt32LE(pos + 12 + len);
      pos += 16 + len;
      if (verify && masked(data) !== crc) {
        const err = new TfRecordError('BAD_DATA_CRC', `data CRC mismatch in a record of ${len} bytes`, {
          file: path,
          offset,
          field: 'data_crc',
        });
        if (!opts.onBadRecord) throw err;
        opts.onBadRecord(err);
        continue;
      }
      yield { data, offset };
    }
  } finally {
    // Let in-flight reads finish before closing the handle under them.
    for (const q of queue) await q.done.catch(() => undefined);
    await file.close();
  }
}
