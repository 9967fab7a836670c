import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
  promises as fsp,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DataPrepError } from './errors';
import { encodeExample, TfRecordWriter } from '@vidsim/tfrecord';
import { ingestTfRecords } from './ingest';
import { encodeOfficialExample, FRAME_DIM, type OfficialVideo } from './official';
import { openStore } from './store-reader';
import { VideoSet } from './video-set';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dp-safe-'))));
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function video(i: number, tags = true): OfficialVideo {
  const frames = Array.from({ length: 3 }, (_, j) => new Uint16Array(FRAME_DIM).fill(0x3c00 + i + j));
  return {
    id: String(9223372036854775807n + BigInt(i)),
    title: `视频标题${i}`,
    asrText: `语音${i}`,
    frames,
    tagIds: tags ? [BigInt(i % 3)] : undefined,
    categoryId: 10100,
  };
}

async function writeRecords(file: string, recs: Uint8Array[]): Promise<void> {
  mkdirSync(join(file, '..'), { recursive: true });
  const w = await TfRecordWriter.open(file);
  for (const r of recs) await w.write(r);
  await w.close();
}

const listAll = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();

describe('ingest never removes what it did not write', () => {
  it('refuses an output folder that holds the input files, and leaves them untouched', async () => {
    const input = join(dir, 'data');
    const file = join(input, 'pairwise', 'pairwise.tfrecords');
    await writeRecords(
      file,
      [0, 1, 2].map((i) => encodeOfficialExample(video(i))),
    );
    writeFileSync(join(input, 'pairwise', 'label.tsv'), 'x');
    const before = listAll(input);
    symlinkSync(input, join(dir, 'link-to-data'));
    for (const outDir of [
      input,
      join(input, 'pairwise'),
      dir,
      join(dir, 'link-to-data'),
      join(input, 'pairwise', '..'),
    ]) {
      for (const resume of [false, true]) {
        const err = await ingestTfRecords({
          sets: { pairwise: [file] },
          outDir,
          maxFrames: 1,
          workers: 1,
          resume,
        }).catch((e) => e);
        expect(err).toBeInstanceOf(DataPrepError);
        expect(err).toMatchObject({ code: 'BAD_OPTION', file });
        expect(err.message).toMatch(/inside the output folder/);
      }
    }
    expect(listAll(input)).toEqual(before);
  });

  it('keeps files of its own sets folders it did not write, and clears only its own stale shards', async () => {
    const file = join(dir, 'in', 'a.tfrecords');
    await writeRecords(
      file,
      [0, 1, 2, 3].map((i) => encodeOfficialExample(video(i))),
    );
    const out = join(dir, 'out');
    mkdirSync(join(out, 'pairwise'), { recursive: true });
    writeFileSync(join(out, 'pairwise', 'label.tsv'), '1\t2\t1\n');
    writeFileSync(join(out, 'pairwise', 'notes.txt'), 'mine');
    writeFileSync(join(out, 'pairwise', 'part-00009-00000.arrow'), 'stale shard of an older plan');
    writeFileSync(join(out, 'pairwise', 'part-00000-00000.arrow.tmp-4242'), 'temp shard of a killed run');
    for (const resume of [false, true]) {
      await ingestTfRecords({ sets: { pairwise: [file] }, outDir: out, maxFrames: 1, workers: 1, resume });
      expect(readdirSync(join(out, 'pairwise')).sort()).toEqual([
        'label.tsv',
        'notes.txt',
        'part-00000-00000.arrow',
        'part-00000.unit.json',
      ]);
      expect(readFileSync(join(out, 'pairwise', 'notes.txt'), 'utf8')).toBe('mine');
    }
  });
});

describe('empty and odd input files', () => {
  it("an empty .tfrecords that is its set's only file is an EMPTY_INPUT error naming it; beside a non-empty one it adds nothing", async () => {
    const empty = join(dir, 'in', 'test_a', 'empty.tfrecords');
    mkdirSync(join(empty, '..'), { recursive: true });
    writeFileSync(empty, '');
    const full = join(dir, 'in', 'pairwise', 'a.tfrecords');
    await writeRecords(full, [encodeOfficialExample(video(0))]);
    const err = await ingestTfRecords({
      sets: { pairwise: [full], test_a: [empty] },
      outDir: join(dir, 'out'),
      maxFrames: 1,
      workers: 1,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DataPrepError);
    expect(err).toMatchObject({ code: 'EMPTY_INPUT', file: empty });
    expect(err.message).toContain('test_a');
    expect(existsSync(join(dir, 'out', 'store.json'))).toBe(false);
    const s = await ingestTfRecords({
      sets: { pairwise: [empty, full] },
      outDir: join(dir, 'out'),
      maxFrames: 1,
      workers: 1,
    });
    expect(s.sets.pairwise.rows).toBe(1);
  });

  it('a directory named x.tfrecords is an IO error naming the path', async () => {
    const d = join(dir, 'in', 'x.tfrecords');
    mkdirSync(d, { recursive: true });
    const err = await ingestTfRecords({
      sets: { pairwise: [d] },
      outDir: join(dir, 'out'),
      maxFrames: 1,
      workers: 1,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DataPrepError);
    expect(err).toMatchObject({ code: 'IO', file: d });
    expect(err.message).toMatch(/not a regular file/);
    const missing = await ingestTfRecords({
      sets: { pairwise: [join(dir, 'nope.tfrecords')] },
      outDir: join(dir, 'out'),
      maxFrames: 1,
      workers: 1,
    }).catch((e) => e);
    expect(missing).toMatchObject({ code: 'IO', file: join(dir, 'nope.tfrecords') });
  });
});

describe('errors of @vidsim/tfrecord leave ingest as DataPrepError', () => {
  it.each([1, 2])('a file cut inside a record is TRUNCATED naming file and offset (workers: %i)', async (workers) => {
    const files = [join(dir, 'in', 'a.tfrecords'), join(dir, 'in', 'b.tfrecords')];
    await writeRecords(
      files[0],
      [0, 1].map((i) => encodeOfficialExample(video(i))),
    );
    await writeRecords(
      files[1],
      [2, 3].map((i) => encodeOfficialExample(video(i))),
    );
    const size = readFileSync(files[1]).length;
    truncateSync(files[1], size - 10);
    const err = await ingestTfRecords({
      sets: { pairwise: files },
      outDir: join(dir, 'out'),
      maxFrames: 1,
      workers,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DataPrepError);
    expect([err.code, err.file, err.offset, err.field]).toEqual(['TRUNCATED', files[1], size / 2, 'data']);
  });
});

describe('disk full', () => {
  const enospc = (path: string) =>
    Object.assign(new Error(`ENOSPC: no space left on device, write`), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
      path,
    });

  it.each([
    ['a shard write', 'writev'],
    ['a unit record', 'writeFile-unit'],
    ['store.json', 'writeFile-store'],
  ])(
    'ENOSPC in %s: one line naming the path, no store.json, no temp files, and the next run completes',
    async (_label, where) => {
      const file = join(dir, 'in', 'a.tfrecords');
      await writeRecords(
        file,
        Array.from({ length: 12 }, (_, i) => encodeOfficialExample(video(i))),
      );
      const out = join(dir, 'out');
      const opts = {
        sets: { pointwise: [file] },
        outDir: out,
        maxFrames: 2,
        shardRows: 4,
        batchRows: 2,
        workers: 1,
        resume: true,
      };
      if (where === 'writev') {
        const probe = await fsp.open(join(dir, 'probe'), 'w');
        const proto = Object.getPrototypeOf(probe);
        await probe.close();
        let calls = 0;
        const real = proto.writev;
        jest.spyOn(proto, 'writev').mockImplementation(function (this: fsp.FileHandle, ...a: unknown[]) {
          if (++calls === 3) return Promise.reject(enospc('?'));
          return real.apply(this, a);
        });
      } else {
        const real = fsp.writeFile;
        const pattern = where === 'writeFile-unit' ? /unit\.json\.tmp-/ : /store\.json\.tmp-/;
        jest
          .spyOn(fsp, 'writeFile')
          .mockImplementation((p, ...rest) =>
            pattern.test(String(p))
              ? Promise.reject(enospc(String(p)))
              : (real as (...a: unknown[]) => Promise<void>)(p, ...rest),
          );
      }
      const err = await ingestTfRecords(opts).catch((e) => e);
      jest.restoreAllMocks();
      expect(err).toBeInstanceOf(DataPrepError);
      expect(err.code).toBe('IO');
      expect(err.message).toMatch(/no space left on device/);
      expect(err.message).not.toContain('\n');
      expect(err.file).toMatch(new RegExp(`^${out}`));
      expect(existsSync(join(out, 'store.json'))).toBe(false);
      expect(listAll(out).filter((f) => /\.tmp-/.test(f))).toEqual([]);
      const s = await ingestTfRecords(opts);
      expect(s.sets.pointwise.rows).toBe(12);
      const ids: string[] = [];
      for await (const b of (await openStore(out)).table('pointwise').batches(5, { columns: ['id'] }))
        ids.push(...b.ids);
      expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => video(i).id));
    },
  );
});

describe('store manifest records what a reader must know', () => {
  it('names duplicate ids with their rows (the last row wins)', async () => {
    const file = join(dir, 'in', 'a.tfrecords');
    await writeRecords(
      file,
      [0, 1, 0, 2, 1, 0].map((i) => encodeOfficialExample(video(i))),
    );
    const s = await ingestTfRecords({ sets: { pairwise: [file] }, outDir: join(dir, 'out'), maxFrames: 1, workers: 1 });
    expect(s.duplicateIds).toBe(3);
    expect(s.duplicates).toEqual([
      { set: 'pairwise', id: video(0).id, rows: [0, 2, 5] },
      { set: 'pairwise', id: video(1).id, rows: [1, 4] },
    ]);
  });

  it('--skip-bad on a test set records each skipped record (and its vid when readable) in store.json', async () => {
    const file = join(dir, 'in', 'test_a.tfrecords');
    const good = [0, 1, 2].map((i) => encodeOfficialExample(video(i, false)));
    const badTitle = encodeExample({
      id: { kind: 'bytes', value: [new TextEncoder().encode(video(7).id)] },
      title: { kind: 'int64', value: [1n] },
    });
    await writeRecords(file, [good[0], badTitle, good[1], good[2]]);
    const out = join(dir, 'out');
    await ingestTfRecords({ sets: { test_a: [file] }, outDir: out, maxFrames: 1, workers: 1, skipBad: true });
    const manifest = JSON.parse(readFileSync(join(out, 'store.json'), 'utf8'));
    expect(manifest.sets.test_a.rows).toBe(3);
    expect(manifest.sets.test_a.skipped).toEqual([
      { file, offset: expect.any(Number), code: 'BAD_FIELD', field: 'title', id: video(7).id },
    ]);
    expect((await openStore(out)).skippedRecords('test_a')).toHaveLength(1);
  });

  it('a shard truncated after the store was finished is named when the store is opened', async () => {
    const file = join(dir, 'in', 'a.tfrecords');
    await writeRecords(
      file,
      Array.from({ length: 6 }, (_, i) => encodeOfficialExample(video(i))),
    );
    const out = join(dir, 'out');
    await ingestTfRecords({ sets: { pairwise: [file] }, outDir: out, maxFrames: 1, shardRows: 3, workers: 1 });
    await expect(openStore(out)).resolves.toBeDefined();
    const shard = join(out, 'pairwise', 'part-00000-00001.arrow');
    truncateSync(shard, 1000);
    const err = await openStore(out).catch((e) => e);
    expect(err).toMatchObject({ code: 'BAD_STORE', file: shard });
    expect(err.message).toMatch(/1000 bytes/);
    await expect(VideoSet.open(out, 'pairwise')).rejects.toMatchObject({ code: 'BAD_STORE', file: shard }); // what training opens
    rmSync(shard);
    await expect(openStore(out)).rejects.toMatchObject({ code: 'BAD_STORE', file: shard });
  });

  it('a resumed run redoes a file piece whose shard was cut short instead of keeping it', async () => {
    const files = [join(dir, 'in', 'a.tfrecords'), join(dir, 'in', 'b.tfrecords')];
    await writeRecords(
      files[0],
      [0, 1, 2].map((i) => encodeOfficialExample(video(i))),
    );
    await writeRecords(
      files[1],
      [3, 4, 5].map((i) => encodeOfficialExample(video(i))),
    );
    const out = join(dir, 'out');
    const opts = { sets: { pairwise: files }, outDir: out, maxFrames: 1, workers: 1, resume: true };
    await ingestTfRecords(opts);
    truncateSync(join(out, 'pairwise', 'part-00001-00000.arrow'), 500);
    const s = await ingestTfRecords(opts);
    expect(s.unitsReused).toBe(1);
    const ids: string[] = [];
    for await (const b of (await openStore(out)).table('pairwise').batches(4, { columns: ['id'] })) ids.push(...b.ids);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5].map((i) => video(i).id));
  });
});
