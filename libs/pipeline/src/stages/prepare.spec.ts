import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { encodeOfficialExample, FRAME_DIM, openStore, TfRecordWriter } from '@vidsim/data-prep';
import { parseArgs, UsageError, type PrepareArgs } from './args';
import { prepare } from './prepare';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'prepare-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeSet(path: string, ids: string[], tags: boolean): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const w = await TfRecordWriter.open(path);
  for (const [i, id] of ids.entries()) {
    await w.write(encodeOfficialExample({ id, title: `t${id}`, asrText: '', frames: [new Uint16Array(FRAME_DIM).fill(i)],
      tagIds: tags ? [5n, BigInt(i % 2)] : undefined, categoryId: 10100 + i }));
  }
  await w.close();
}

describe('prepare', () => {
  it('parses flags and rejects bad ones', () => {
    expect(parseArgs(['--input', 'a', '--out', 'b', '--skip-bad', '--shard-rows', '3'])).toMatchObject({ input: 'a', out: 'b', skipBad: true, shardRows: 3, subsample: false });
    expect(parseArgs(['--help'])).toBe('help');
    expect(() => parseArgs(['--input', 'a'])).toThrow(UsageError);
    expect(() => parseArgs(['--input', 'a', '--out', 'b', '--shard-rows', '0'])).toThrow(/positive integer/);
    expect(parseArgs(['--input', 'a', '--out', 'b'])).toMatchObject({ workers: 'auto', directIo: 'auto' });
    expect(parseArgs(['--input', 'a', '--out', 'b', '--workers', '3', '--direct-io', 'off'])).toMatchObject({ workers: 3, directIo: false });
    expect(parseArgs(['--input', 'a', '--out', 'b', '--workers', 'auto', '--direct-io', 'on'])).toMatchObject({ workers: 'auto', directIo: true });
    expect(() => parseArgs(['--input', 'a', '--out', 'b', '--workers', 'many'])).toThrow(/--workers must be a positive integer/);
    expect(() => parseArgs(['--input', 'a', '--out', 'b', '--direct-io', 'yes'])).toThrow(/--direct-io must be auto, on or off/);
  });

  it('writes store, vocabs, pairs and folds, then finds itself up to date', async () => {
    const input = join(dir, 'in');
    await writeSet(join(input, 'pairwise', 'pairwise.tfrecords'), ['10', '15', '21', '11'], true);
    await writeSet(join(input, 'test_a', 'test_a.tfrecords'), ['99'], false);
    writeFileSync(join(input, 'pairwise', 'label.tsv'), '10\t15\t0.5\n15\t21\t1\n11\t21\t0\n');
    const args = parseArgs(['--input', input, '--out', join(dir, 'out')]) as PrepareArgs;
    const r = await prepare(args);
    expect(r.upToDate).toBe(false);
    expect(r.summaryText).toContain('set pairwise: 4 videos');
    const store = await openStore(join(dir, 'out'));
    expect(store.setNames).toEqual(['pairwise', 'test_a']);
    expect(store.table('test_a').numRows).toBe(1);
    // tag 5 appears 4 times, tag 0 twice, tag 1 twice: 5 first, then 0 and 1 by id
    expect(readFileSync(join(dir, 'out', 'vocab', 'tags.tsv'), 'utf8')).toBe('5\t4\n0\t2\n1\t2\n');
    const idmod = JSON.parse(readFileSync(join(dir, 'out', 'folds', 'idmod.json'), 'utf8'));
    expect(idmod.folds[0].valid).toEqual([0]); // 10 and 15 are both 0 mod 5
    expect((await prepare(args)).upToDate).toBe(true);
  });

  it('names the line and field of a pair with an unknown vid', async () => {
    const input = join(dir, 'in');
    await writeSet(join(input, 'pairwise', 'pairwise.tfrecords'), ['10', '15'], true);
    writeFileSync(join(input, 'pairwise', 'label.tsv'), '10\t15\t0.5\n10\t77\t1\n');
    const args = parseArgs(['--input', input, '--out', join(dir, 'out')]) as PrepareArgs;
    await expect(prepare(args)).rejects.toMatchObject({ code: 'UNKNOWN_VID', line: 2, field: 'candidate' });
    const skipped = await prepare({ ...args, skipBad: true });
    expect(skipped.summaryText).toContain('"pairs":1');
  });
});
