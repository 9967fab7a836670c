import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, readdirSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { maskedCrc32c } from './crc';
import { TfRecordError } from './errors';
import { readTfRecords } from './tfrecord-reader';
import { TfRecordWriter } from './tfrecord-writer';

// Two records ("hello", ""), framed by a bit-by-bit Python CRC32C written independently of @node-rs/crc32.
const GOLDEN_HEX = '0500000000000000eab2043e68656c6c6fbb1f1c19000000000000000029039807d8ea82a2';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dp-tfr-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string, opts = {}): Promise<{ data: Uint8Array; offset: number }[]> {
  const out: { data: Uint8Array; offset: number }[] = [];
  for await (const r of readTfRecords(path, opts)) out.push(r);
  return out;
}

async function catchErr(p: Promise<unknown>): Promise<TfRecordError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TfRecordError) return e;
    throw e;
  }
  throw new Error('expected a TfRecordError');
}

describe('TFRecord framing', () => {
  it('writes byte-identical framing to an independent CRC32C implementation', async () => {
    const path = join(dir, 'g.tfrecord');
    const w = await TfRecordWriter.open(path);
    await w.write(new TextEncoder().encode('hello'));
    await w.write(new Uint8Array(0));
    await w.close();
    expect(readFileSync(path).toString('hex')).toBe(GOLDEN_HEX);
    expect(maskedCrc32c(new TextEncoder().encode('hello'))).toBe(0x191c1fbb);
  });

  it('reads the golden file with offsets', async () => {
    const path = join(dir, 'g.tfrecord');
    writeFileSync(path, Buffer.from(GOLDEN_HEX, 'hex'));
    const recs = await readAll(path);
    expect(recs.map((r) => Buffer.from(r.data).toString())).toEqual(['hello', '']);
    expect(recs.map((r) => r.offset)).toEqual([0, 21]);
  });

  it('round-trips random records bit-identically across small read chunks', async () => {
    const path = join(dir, 'r.tfrecord');
    const w = await TfRecordWriter.open(path);
    const recs: Uint8Array[] = [];
    let seed = 7;
    for (let i = 0; i < 50; i++) {
      const r = new Uint8Array((i * 977) % 5000);
      for (let j = 0; j < r.length; j++) r[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      recs.push(r);
      await w.write(r);
    }
    await w.close();
    const back = await readAll(path, { chunkBytes: 1000 });
    expect(back.length).toBe(50);
    back.forEach((b, i) => expect(Buffer.compare(Buffer.from(b.data), Buffer.from(recs[i]))).toBe(0));
    // Reused buffers: each record copied when it is yielded; chunk sizes below, around and above the record sizes.
    for (const chunkBytes of [1000, 4096, 20000, 1 << 20]) {
      const copies: { data: Buffer; offset: number }[] = [];
      for await (const r of readTfRecords(path, { chunkBytes, reuseBuffers: true }))
        copies.push({ data: Buffer.from(r.data), offset: r.offset });
      expect(copies.map((c) => c.offset)).toEqual(back.map((b) => b.offset));
      copies.forEach((c, i) => expect(Buffer.compare(c.data, Buffer.from(recs[i]))).toBe(0));
    }
  });

  it('only shows the final name after close(), and abort() leaves nothing', async () => {
    const path = join(dir, 'a.tfrecord');
    const w = await TfRecordWriter.open(path);
    await w.write(new Uint8Array([1, 2, 3]));
    expect(existsSync(path)).toBe(false);
    await w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('catches a flipped data byte, naming file, offset and field', async () => {
    const path = join(dir, 'g.tfrecord');
    const bytes = Buffer.from(GOLDEN_HEX, 'hex');
    bytes[13] ^= 0x01; // inside "hello"
    writeFileSync(path, bytes);
    const err = await catchErr(readAll(path));
    expect(err.code).toBe('BAD_DATA_CRC');
    expect([err.file, err.offset, err.field]).toEqual([path, 0, 'data_crc']);
    expect(err.message).toContain(path);
    const bad: TfRecordError[] = [];
    const recs = await readAll(path, { onBadRecord: (e: TfRecordError) => bad.push(e) });
    expect(recs.length).toBe(1);
    expect(bad.length).toBe(1);
  });

  it('catches a flipped length byte and a truncated file', async () => {
    const path = join(dir, 'g.tfrecord');
    const bytes = Buffer.from(GOLDEN_HEX, 'hex');
    bytes[21] ^= 0x02;
    writeFileSync(path, bytes);
    expect((await catchErr(readAll(path))).code).toBe('BAD_LENGTH_CRC');
    writeFileSync(path, Buffer.from(GOLDEN_HEX, 'hex').subarray(0, 18));
    const err = await catchErr(readAll(path));
    expect([err.code, err.offset]).toEqual(['TRUNCATED', 0]);
    writeFileSync(path, Buffer.from(GOLDEN_HEX, 'hex').subarray(0, 25));
    expect([(await catchErr(readAll(path))).offset]).toEqual([21]);
  });

  it('refuses a record longer than maxRecordBytes before reading it (a crafted 5 GB length in a sparse file)', async () => {
    const path = join(dir, 'huge.tfrecord');
    const header = Buffer.alloc(12);
    header.writeBigUInt64LE(5n << 30n, 0); // 5 GiB, with a matching length CRC
    header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
    writeFileSync(path, Buffer.concat([Buffer.from(GOLDEN_HEX, 'hex'), header]));
    truncateSync(path, 37 + 16 + 5 * 2 ** 30); // sparse: takes no disk space
    const err = await catchErr(readAll(path));
    expect([err.code, err.file, err.offset, err.field]).toEqual(['RECORD_TOO_LARGE', path, 37, 'length']);
    expect(err.message).toContain('5368709120 bytes');
    // The limit is an option: a 2 MB record under a 1 MB limit, then read under the default.
    const big = join(dir, 'big.tfrecord');
    const w = await TfRecordWriter.open(big);
    await w.write(new Uint8Array(2 << 20).fill(7));
    await w.close();
    expect((await catchErr(readAll(big, { maxRecordBytes: 1 << 20 }))).code).toBe('RECORD_TOO_LARGE');
    expect((await readAll(big)).map((r) => r.data.length)).toEqual([2 << 20]);
  });
});
