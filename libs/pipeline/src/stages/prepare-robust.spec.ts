import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  promises as fsp,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { encodeOfficialExample, FRAME_DIM, TfRecordWriter } from '@vidsim/data-prep';
import type { PrepareArgs } from './prepare-args';
import { prepare } from './prepare';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'prepare-robust-'))));
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const vid = (n: number) => String(7000000000000000000n + BigInt(n));

async function writeSet(path: string, nums: number[], tags: boolean, title = (n: number) => `标题${n}`): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const w = await TfRecordWriter.open(path);
  for (const n of nums) {
    await w.write(
      encodeOfficialExample({
        id: vid(n),
        title: title(n),
        asrText: '',
        frames: [new Uint16Array(FRAME_DIM).fill(n)],
        tagIds: tags ? [BigInt(n % 3)] : undefined,
        categoryId: 10100,
      }),
    );
  }
  await w.close();
}

async function officialLayout(labels: string): Promise<string> {
  const input = join(dir, 'data');
  await writeSet(join(input, 'pairwise', 'pairwise.tfrecords'), [1, 2, 3, 4], true);
  await writeSet(join(input, 'test_a', 'test_a.tfrecords'), [50, 51], false);
  writeFileSync(join(input, 'pairwise', 'label.tsv'), labels);
  return input;
}

const args = (input: string, out: string, more: Partial<PrepareArgs> = {}): PrepareArgs => ({
  input,
  out,
  skipBad: false,
  subsample: false,
  shardRows: 8192,
  workers: 1,
  directIo: 'auto',
  numFolds: 5,
  force: false,
  ...more,
});
const listAll = (root: string) => readdirSync(root, { recursive: true }).map(String).sort();

describe('prepare on hostile inputs', () => {
  it('--out set to the input folder (or a folder holding it) is refused and deletes nothing', async () => {
    const input = await officialLayout(`${vid(1)}\t${vid(2)}\t1\n`);
    const before = listAll(input);
    for (const out of [input, join(input, 'pairwise'), dir]) {
      await expect(prepare(args(input, out))).rejects.toMatchObject({
        code: 'BAD_OPTION',
        message: expect.stringMatching(/inside the output folder/),
      });
      await expect(prepare(args(input, out, { force: true }))).rejects.toMatchObject({ code: 'BAD_OPTION' });
    }
    expect(listAll(input)).toEqual(before);
    expect(readFileSync(join(input, 'pairwise', 'label.tsv'), 'utf8')).toBe(`${vid(1)}\t${vid(2)}\t1\n`);
  });

  it('a label pair naming a vid that is only in a test set fails prepare with the line; --skip-bad drops and counts it', async () => {
    const input = await officialLayout(
      `${vid(1)}\t${vid(2)}\t1\n${vid(3)}\t${vid(50)}\t0.5\n${vid(4)}\t${vid(2)}\t0\n`,
    );
    const err = await prepare(args(input, join(dir, 'out'))).catch((e) => e);
    expect(err).toMatchObject({
      code: 'UNKNOWN_VID',
      line: 2,
      field: 'candidate',
      file: join(input, 'pairwise', 'label.tsv'),
    });
    expect(err.message).toContain(`${vid(50)} is not in the pairwise set (it is only in test_a)`);
    expect(existsSync(join(dir, 'out', 'manifest.json'))).toBe(false);
    const ok = await prepare(args(input, join(dir, 'out'), { skipBad: true }));
    expect(ok.summaryText).toContain('pairs: 2 over 3 videos, 1 bad lines');
    expect(
      readFileSync(join(dir, 'out', 'pairs.tsv'), 'utf8')
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(2);
  });

  it('an empty label.tsv is a clear error at prepare', async () => {
    const input = await officialLayout('');
    await expect(prepare(args(input, join(dir, 'out')))).rejects.toMatchObject({
      code: 'EMPTY_INPUT',
      file: join(input, 'pairwise', 'label.tsv'),
    });
  });

  it('a directory named x.tfrecords is named; an empty only file of a set is named', async () => {
    const input = await officialLayout(`${vid(1)}\t${vid(2)}\t1\n`);
    mkdirSync(join(input, 'test_a', 'x.tfrecords'));
    await expect(prepare(args(input, join(dir, 'out')))).rejects.toMatchObject({
      code: 'IO',
      file: join(input, 'test_a', 'x.tfrecords'),
    });
    rmSync(join(input, 'test_a'), { recursive: true });
    mkdirSync(join(input, 'test_b'));
    writeFileSync(join(input, 'test_b', 'test_b.tfrecords'), '');
    await expect(prepare(args(input, join(dir, 'out')))).rejects.toMatchObject({
      code: 'EMPTY_INPUT',
      file: join(input, 'test_b', 'test_b.tfrecords'),
    });
  });

  it('reports pair statistics, duplicate ids and cut texts in its summary', async () => {
    const input = join(dir, 'data');
    await writeSet(join(input, 'pairwise', 'pairwise.tfrecords'), [1, 2, 3, 2], true, (n) =>
      n === 3 ? '长'.repeat(3000) : `t${n}`,
    );
    writeFileSync(
      join(input, 'pairwise', 'label.tsv'),
      `\ufeff${vid(1)}\t${vid(2)}\t1\n${vid(2)}\t${vid(1)}\t0.5\n${vid(3)}\t${vid(3)}\t1\n`,
    );
    const r = await prepare(args(input, join(dir, 'out')));
    expect(r.summaryText).toContain('1 self-pairs (line 3), 0 duplicate, 1 reversed (line 2), 1 conflicting');
    expect(r.summaryText).toContain(`duplicate id ${vid(2)} in set pairwise: rows 1, 3 (the last row wins)`);
    expect(r.summaryText).toContain(`title of ${vid(3)} cut from 9000 to`);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.pairs.stats.reversedPairs.count).toBe(1);
    expect(summary.ingest.truncatedTexts).toHaveLength(1);
  });

  it('disk full while writing the vocab: one line naming the file, no manifest.json, and a clean rerun', async () => {
    const input = await officialLayout(`${vid(1)}\t${vid(2)}\t1\n`);
    const out = join(dir, 'out');
    const real = fsp.writeFile;
    jest
      .spyOn(fsp, 'writeFile')
      .mockImplementation((p, ...rest) =>
        /tags\.tsv/.test(String(p))
          ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
          : (real as (...a: unknown[]) => Promise<void>)(p, ...rest),
      );
    const err = await prepare(args(input, out)).catch((e) => e);
    jest.restoreAllMocks();
    expect(err).toMatchObject({ code: 'IO', file: join(out, 'vocab', 'tags.tsv') });
    expect(err.message).toMatch(/no space left on device/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(listAll(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const r = await prepare(args(input, out));
    expect(r.summaryText).toContain('videos: pairwise 4, test_a 2');
  });
});
