import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { encodeOfficialExample, FRAME_DIM, openStore, TfRecordWriter } from '@vidsim/data-prep';
import { resolveRunConfig } from '@vidsim/run-config';
import type { PrepareArgs } from './prepare-args';
import { prepare, runPrepare } from './prepare';
import { makeContext } from './context';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'prepare-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeSet(path: string, ids: string[], tags: boolean): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const w = await TfRecordWriter.open(path);
  for (const [i, id] of ids.entries()) {
    await w.write(
      encodeOfficialExample({
        id,
        title: `t${id}`,
        asrText: '',
        frames: [new Uint16Array(FRAME_DIM).fill(i)],
        tagIds: tags ? [5n, BigInt(i % 2)] : undefined,
        categoryId: 10100 + i,
      }),
    );
  }
  await w.close();
}

describe('prepare', () => {
  const argsFor = (input: string, out: string): PrepareArgs => ({
    input,
    out,
    skipBad: false,
    subsample: false,
    shardRows: 8192,
    workers: 'auto',
    directIo: 'auto',
    numFolds: 5,
    force: false,
  });

  it('as a stage: reads the run config at run time (corpus.dir, numFolds, skipBad) and completes with stage.json', async () => {
    const input = join(dir, 'official data'); // a space in the path
    await writeSet(join(input, 'pairwise', 'pairwise.tfrecords'), ['10', '15', '21', '11', '30', '31'], true);
    writeFileSync(join(input, 'pairwise', 'label.tsv'), '10\t15\t0.5\n15\t21\t1\n11\t21\t0\n30\t31\t0.2\n10\t77\t1\n');
    const config = resolveRunConfig({
      preset: 'tiny',
      name: 'p',
      corpus: { source: 'official', dir: input },
      prepare: { numFolds: 3, skipBad: true },
    });
    const logs: string[] = [];
    const ctx = makeContext(
      config,
      { name: 'cpu', tfBackend: 'none', reason: 'test' },
      { artifactsRoot: join(dir, 'art'), log: (l) => logs.push(l) },
    );
    await runPrepare(ctx);
    const record = JSON.parse(readFileSync(join(dir, 'art', 'p', 'prepare', 'stage.json'), 'utf8'));
    expect(record).toMatchObject({
      stage: 'prepare',
      backend: 'none',
      config: { numFolds: 3, skipBad: true },
      results: { numFolds: 3, pairs: { pairs: 4, bad: 1 } },
    });
    expect(record.results.folds.strict).toHaveLength(3); // three folds, as the config says
    expect(logs.join('\n')).toContain('[prepare] videos: pairwise 6 in 1 shards; 0 bad records skipped');
  });

  it('writes store, vocabs, pairs and folds, then finds itself up to date', async () => {
    const input = join(dir, 'in');
    await writeSet(join(input, 'pairwise', 'pairwise.tfrecords'), ['10', '15', '21', '11'], true);
    await writeSet(join(input, 'test_a', 'test_a.tfrecords'), ['99'], false);
    writeFileSync(join(input, 'pairwise', 'label.tsv'), '10\t15\t0.5\n15\t21\t1\n11\t21\t0\n');
    const args = argsFor(input, join(dir, 'out'));
    const r = await prepare(args);
    expect(r.upToDate).toBe(false);
    expect(r.summaryText).toContain('videos: pairwise 4, test_a 1 in 2 shards');
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
    const args = argsFor(input, join(dir, 'out'));
    await expect(prepare(args)).rejects.toMatchObject({ code: 'UNKNOWN_VID', line: 2, field: 'candidate' });
    const skipped = await prepare({ ...args, skipBad: true });
    expect(skipped.summaryText).toContain('pairs: 1 over 2 videos, 1 bad lines');
  });
});
