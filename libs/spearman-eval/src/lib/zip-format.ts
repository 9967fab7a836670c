import * as fs from 'fs';
import * as zlib from 'zlib';
import { SpearmanEvalError } from './errors';

// The few zip records a one-member submission needs (APPNOTE 6.3.x, no ZIP64): written by hand so that the data can
// be deflated by Node's native zlib, read back by random access to the central directory.

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8. */
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
export const ZIP32_LIMIT = 0xffffffff;

let crcTable: Int32Array | undefined;

/** CRC-32 (zip's), continuing from `crc`: Node's native one where it exists (20.15+), else a table loop. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data, crc);
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(d.getFullYear(), 1980);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export interface ZipMemberInfo {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  mtime: Date;
}

const nameFlags = (name: Buffer): number => FLAG_DESCRIPTOR | (name.some((b) => b >= 0x80) ? FLAG_UTF8 : 0);

/** Local header with the data-descriptor flag: CRC and sizes are zero here and follow the data. */
export function localHeader(name: string, method: number, mtime: Date): Buffer {
  const n = Buffer.from(name, 'utf8');
  const { time, date } = dosDateTime(mtime);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOCAL, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(nameFlags(n), 6);
  h.writeUInt16LE(method, 8);
  h.writeUInt16LE(time, 10);
  h.writeUInt16LE(date, 12);
  h.writeUInt16LE(n.length, 26);
  return Buffer.concat([h, n]);
}

/** Data descriptor, central directory and end record for members written with `localHeader`, starting at `cdOffset`. */
export function zipTrailer(members: ZipMemberInfo[], cdOffset: number): Buffer {
  const last = members[members.length - 1];
  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(DESCRIPTOR, 0);
  descriptor.writeUInt32LE(last.crc >>> 0, 4);
  descriptor.writeUInt32LE(last.compressedSize, 8);
  descriptor.writeUInt32LE(last.size, 12);
  const central = members.map((m) => {
    const n = Buffer.from(m.name, 'utf8');
    const { time, date } = dosDateTime(m.mtime);
    const h = Buffer.alloc(46);
    h.writeUInt32LE(CENTRAL, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(nameFlags(n), 8);
    h.writeUInt16LE(m.method, 10);
    h.writeUInt16LE(time, 12);
    h.writeUInt16LE(date, 14);
    h.writeUInt32LE(m.crc >>> 0, 16);
    h.writeUInt32LE(m.compressedSize, 20);
    h.writeUInt32LE(m.size, 24);
    h.writeUInt16LE(n.length, 28);
    h.writeUInt32LE(m.localOffset, 42);
    return Buffer.concat([h, n]);
  });
  const cd = Buffer.concat(central);
  const start = cdOffset + descriptor.length;
  if (start + cd.length > ZIP32_LIMIT)
    throw new SpearmanEvalError('zip exceeds 4 GiB (no ZIP64 support)', 'TOO_LARGE', {});
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(start, 16);
  return Buffer.concat([descriptor, cd, end]);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const got = fs.readSync(fd, b, 0, length, position);
  return b.subarray(0, got);
}

/**
 * Members listed by the central directory, each with the file offset of its data. Throws `BAD_SUBMISSION` for a file
 * that is not a complete zip (no end record, as when truncated) or that needs ZIP64.
 */
export function readZipDirectory(zipPath: string): Array<ZipMemberInfo & { dataOffset: number }> {
  const fd = fs.openSync(zipPath, 'r');
  try {
    const fileSize = fs.fstatSync(fd).size;
    const bad = (why: string, offset: number): never => {
      throw new SpearmanEvalError(`${zipPath}: not a complete zip file (${why})`, 'BAD_SUBMISSION', {
        file: zipPath,
        offset,
      });
    };
    const tailLen = Math.min(fileSize, 22 + 0xffff);
    const tail = readAt(fd, fileSize - tailLen, tailLen);
    let e = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        e = i;
        break;
      }
    }
    if (e < 0) bad('no end of central directory record; truncated?', fileSize);
    const endOffset = fileSize - tailLen + e;
    const count = tail.readUInt16LE(e + 10);
    const cdSize = tail.readUInt32LE(e + 12);
    const cdOffset = tail.readUInt32LE(e + 16);
    if (count === 0xffff || cdSize === ZIP32_LIMIT || cdOffset === ZIP32_LIMIT)
      bad('ZIP64 archives are not supported', endOffset);
    if (cdOffset + cdSize > fileSize) bad('central directory past the end of the file', endOffset);
    const cd = readAt(fd, cdOffset, cdSize);
    const out: Array<ZipMemberInfo & { dataOffset: number }> = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
        bad(`central directory entry ${k} is damaged`, cdOffset + p);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const flags = cd.readUInt16LE(p + 8);
      const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
      const localOffset = cd.readUInt32LE(p + 42);
      const compressedSize = cd.readUInt32LE(p + 20);
      const size = cd.readUInt32LE(p + 24);
      if (compressedSize === ZIP32_LIMIT || size === ZIP32_LIMIT || localOffset === ZIP32_LIMIT)
        bad('ZIP64 members are not supported', cdOffset + p);
      const local = readAt(fd, localOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) bad(`no local header for member ${k}`, localOffset);
      const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataOffset + compressedSize > fileSize) bad(`member ${k} runs past the end of the file`, localOffset);
      const time = cd.readUInt16LE(p + 12);
      const date = cd.readUInt16LE(p + 14);
      out.push({
        name: nameBytes.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1'),
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize,
        size,
        localOffset,
        dataOffset,
        mtime: new Date(
          1980 + (date >> 9),
          ((date >> 5) & 15) - 1,
          date & 31,
          time >> 11,
          (time >> 5) & 63,
          (time & 31) * 2,
        ),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}
