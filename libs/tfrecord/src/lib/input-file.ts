import { constants as fsConstants, promises as fsp, readSync } from 'fs';

/**
 * How a big input file is read. `true`: with O_DIRECT where the OS and filesystem allow it (Linux; not tmpfs),
 * so bytes go from the disk into our buffers without passing through the page cache. `false`: ordinary
 * buffered reads. `'auto'` (default): direct for files of `DIRECT_AUTO_MIN_BYTES` or more.
 *
 * Why: a 50 GB dataset read once gains nothing from the page cache, and filling it costs CPU (a kernel copy of
 * every byte, plus allocating a page per 4 KB) and evicts what training needs cached. Direct reads fall back to
 * buffered ones silently wherever they are refused; the bytes read are the same either way.
 */
export type DirectIo = boolean | 'auto';

export const DIRECT_AUTO_MIN_BYTES = 64 << 20;
/** Direct reads need buffer address, file offset and length aligned to the device's block size (512 or 4096). */
export const DIRECT_BLOCK = 4096;

/** A file opened for large sequential reads, direct where possible. */
export class InputFile {
  private readonly aligned = new WeakSet<Uint8Array>();

  private constructor(
    private readonly buffered: fsp.FileHandle,
    private direct: fsp.FileHandle | undefined,
    readonly size: number,
  ) {}

  static async open(path: string, mode: DirectIo = 'auto', chunkBytes = 8 << 20): Promise<InputFile> {
    const buffered = await fsp.open(path, 'r');
    const size = (await buffered.stat()).size;
    const want = mode === true || (mode === 'auto' && size >= DIRECT_AUTO_MIN_BYTES);
    let direct: fsp.FileHandle | undefined;
    if (want && fsConstants.O_DIRECT !== undefined && size >= DIRECT_BLOCK && chunkBytes % DIRECT_BLOCK === 0) {
      direct = await fsp.open(path, fsConstants.O_RDONLY | fsConstants.O_DIRECT).catch(() => undefined);
    }
    return new InputFile(buffered, direct, size);
  }

  /** Whether reads go around the page cache (false once direct reads were refused). */
  get isDirect(): boolean {
    return this.direct !== undefined;
  }

  /**
   * `count` buffers of `size` bytes for `read`, carved from one allocation. With direct reads each starts on a
   * block boundary (when `size` is a block multiple), so reads into them at block-multiple positions go straight
   * from the disk. Allocate a reader's buffers together, before its first read: finding the alignment costs one
   * small synchronous disk read, which would otherwise queue behind the reads in flight.
   */
  allocate(size: number, count = 1): Buffer[] {
    const plain = () => Array.from({ length: count }, () => Buffer.allocUnsafe(size));
    if (!this.direct) return plain();
    const raw = Buffer.allocUnsafeSlow(size * count + DIRECT_BLOCK);
    const at = this.probeAlignment(raw);
    if (at < 0) {
      // The filesystem refuses direct reads whatever the alignment (e.g. some FUSE mounts): read buffered.
      void this.direct.close().catch(() => undefined);
      this.direct = undefined;
      return plain();
    }
    return Array.from({ length: count }, (_, i) => {
      const buf = raw.subarray(at + i * size, at + (i + 1) * size);
      if (isBlockMultiple(i * size)) this.aligned.add(buf);
      return buf;
    });
  }

  /**
   * JavaScript cannot see a buffer's address, so find the offset in it where a direct read is accepted: the
   * kernel answers EINVAL for a misaligned one. At most DIRECT_BLOCK / 8 cheap failed calls, once per buffer.
   */
  private probeAlignment(raw: Buffer): number {
    const fd = this.direct!.fd;
    for (let at = 0; at < DIRECT_BLOCK; at += 8) {
      try {
        readSync(fd, raw, at, DIRECT_BLOCK, 0);
        return at;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EINVAL') return -1;
      }
    }
    return -1;
  }

  /** Reads up to `len` bytes into `buf` at `at` from file offset `from`; fewer only at the end of the file. */
  async read(buf: Buffer, at: number, len: number, from: number): Promise<number> {
    const aligned = this.direct !== undefined && this.aligned.has(buf);
    let got = 0;
    while (got < len) {
      const direct = aligned && isBlockMultiple(at + got) && isBlockMultiple(len - got) && isBlockMultiple(from + got);
      const { bytesRead } = await (direct ? this.direct! : this.buffered).read(buf, at + got, len - got, from + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  }

  async close(): Promise<void> {
    await this.direct?.close();
    await this.buffered.close();
  }
}

// Offsets pass 2^31 in large files, so no bitwise tricks.
const isBlockMultiple = (n: number): boolean => n % DIRECT_BLOCK === 0;
