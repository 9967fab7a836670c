import { promises as fsp } from 'fs';
import { maskedCrc32c } from './crc';
import { TfRecordError } from './errors';

const FLUSH_BYTES = 4 << 20;

/**
 * Streams TFRecords (`uint64 length, masked crc32c(length), data, masked crc32c(data)`) to
 * `<path>.tmp-<pid>` and renames to `path` on close(), so an interrupted write never looks complete.
 */
export class TfRecordWriter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private closed = false;
  /** Bytes written so far, framing included. */
  bytesWritten = 0;
  records = 0;

  private constructor(
    readonly path: string,
    private readonly tmpPath: string,
    private readonly fh: fsp.FileHandle,
  ) {}

  static async open(path: string): Promise<TfRecordWriter> {
    const tmp = `${path}.tmp-${process.pid}`;
    const fh = await fsp.open(tmp, 'w');
    return new TfRecordWriter(path, tmp, fh);
  }

  async write(record: Uint8Array): Promise<void> {
    if (this.closed) throw new TfRecordError('IO', 'write after close', { file: this.path });
    const header = Buffer.allocUnsafe(12);
    header.writeBigUInt64LE(BigInt(record.length), 0);
    header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
    const footer = Buffer.allocUnsafe(4);
    footer.writeUInt32LE(maskedCrc32c(record), 0);
    this.pending.push(header, record, footer);
    this.pendingBytes += record.length + 16;
    this.bytesWritten += record.length + 16;
    this.records++;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const buf = Buffer.concat(chunks);
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, done, buf.length - done);
      done += bytesWritten;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.fh.close();
    await fsp.rename(this.tmpPath, this.path);
  }

  /** Drops everything written: closes and removes the temp file. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    await this.fh.close().catch(() => undefined);
    await fsp.rm(this.tmpPath, { force: true });
  }
}
