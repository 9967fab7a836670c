import { promises as fsp } from 'fs';
import { maskedCrc32c } from './crc';
import { DataPrepError } from './errors';

export interface ReadTfRecordsOptions {
  /** Check both CRCs of every record (default true). */
  verifyCrc?: boolean;
  /** Read chunk size in bytes (default 8 MiB); memory stays about one chunk plus the largest record. */
  chunkBytes?: number;
  /**
   * Called with a record whose data CRC fails, instead of throwing; the record is skipped. Framing errors
   * (truncation, a bad length CRC) always throw: after them no later record boundary can be trusted.
   */
  onBadRecord?: (err: DataPrepError) => void;
}

export interface TfRecord {
  /** The record payload. A view into a read buffer that is never reused, so it stays valid. */
  data: Uint8Array;
  /** Byte offset of the record's header in the file. */
  offset: number;
}

/**
 * Streams the records of a TFRecord file in constant memory (files larger than RAM are fine).
 * Throws `DataPrepError` (TRUNCATED, BAD_LENGTH_CRC, BAD_DATA_CRC) naming the file and byte offset.
 */
export async function* readTfRecords(path: string, opts: ReadTfRecordsOptions = {}): AsyncGenerator<TfRecord> {
  const verify = opts.verifyCrc ?? true;
  const chunkBytes = opts.chunkBytes ?? 8 << 20;
  const fh = await fsp.open(path, 'r');
  try {
    let buf = Buffer.alloc(0);
    let pos = 0; // parse position inside buf
    let bufStart = 0; // file offset of buf[0]
    let eof = false;

    // Ensures buf holds at least `need` bytes from pos on; false when the file ended first.
    const fill = async (need: number): Promise<boolean> => {
      if (buf.length - pos >= need) return true;
      if (eof) return false;
      const keep = buf.length - pos;
      const next = Buffer.allocUnsafe(Math.max(chunkBytes, need));
      buf.copy(next, 0, pos);
      let len = keep;
      while (len < next.length) {
        const { bytesRead } = await fh.read(next, len, next.length - len, bufStart + buf.length + (len - keep));
        if (bytesRead === 0) {
          eof = true;
          break;
        }
        len += bytesRead;
      }
      bufStart += pos;
      buf = next.subarray(0, len);
      pos = 0;
      return len >= need;
    };

    for (;;) {
      if (!(await fill(12))) {
        if (buf.length - pos === 0) return;
        throw new DataPrepError('TRUNCATED', `file ends inside a record header (${buf.length - pos} of 12 bytes)`, {
          file: path, offset: bufStart + pos, field: 'length',
        });
      }
      const offset = bufStart + pos;
      const len64 = buf.readBigUInt64LE(pos);
      if (verify && maskedCrc32c(buf.subarray(pos, pos + 8)) !== buf.readUInt32LE(pos + 8)) {
        throw new DataPrepError('BAD_LENGTH_CRC', 'length CRC mismatch: the framing is corrupt', {
          file: path, offset, field: 'length_crc', hint: 'the file is damaged at or before this offset',
        });
      }
      if (len64 > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new DataPrepError('BAD_LENGTH_CRC', `impossible record length ${len64}`, { file: path, offset, field: 'length' });
      }
      const len = Number(len64);
      if (!(await fill(16 + len))) {
        throw new DataPrepError('TRUNCATED', `file ends inside a record of ${len} bytes`, {
          file: path, offset, field: 'data', hint: 'the writer was interrupted, or the copy is incomplete',
        });
      }
      const data = buf.subarray(pos + 12, pos + 12 + len);
      const crc = buf.readUInt32LE(pos + 12 + len);
      pos += 16 + len;
      if (verify && maskedCrc32c(data) !== crc) {
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
    await fh.close();
  }
}
