import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { strToU8, zipSync } from 'fflate';
import { SpearmanEvalError } from './errors';
import { checkSubmission } from './submission-check';
import { readSubmission, streamSubmission } from './submission-read';

// Hostile result.zip files (issue 14 item 8): bounded before and while inflating, named by file, vid and offset.

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spearman-bounds-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const zipOf = (json: string | Uint8Array, level: 0 | 6 = 6): string => {
  const p = path.join(dir, `z-${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(p, zipSync({ 'result.json': [typeof json === 'string' ? strToU8(json) : json, { level }] }));
  return p;
};

async function errorOf(run: Promise<unknown>): Promise<SpearmanEvalError> {
  try {
    await run;
  } catch (e) {
    if (!(e instanceof SpearmanEvalError))
      throw new Error(`expected a SpearmanEvalError, got ${(e as Error).name}: ${(e as Error).message}`);
    return e;
  }
  throw new Error('read without error');
}

/** The central directory's uncompressed-size field of the (only) member. */
function patchDeclaredSize(zipPath: string, size: number): void {
  const b = fs.readFileSync(zipPath);
  const cd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  b.writeUInt32LE(size, cd + 24);
  fs.writeFileSync(zipPath, b);
}

describe('result.zip reader bounds', () => {
  it('stops a vector past 4096 values (the 10^9-value vector) at the bound, naming vid and offset, in bounded memory', async () => {
    // 5 million values in a 10 MB JSON that deflates to ~10 KB; the reader must not collect them
    const json = Buffer.concat([
      Buffer.from('{"1234567890123456789": ['),
      Buffer.alloc(2 * 5_000_000, '0,'),
      Buffer.from('0]}'),
    ]);
    const zip = zipOf(json);
    const before = process.memoryUsage().arrayBuffers;
    const e = await errorOf(readSubmission(zip));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toBe(
      `${zip}: result.json: vid 1234567890123456789 has more than 4096 values (at byte ${25 + 2 * 4096})`,
    );
    expect(e.context).toMatchObject({ file: zip, vid: '1234567890123456789', offset: 25 + 2 * 4096 });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    const check = await checkSubmission(zip, ['1234567890123456789']);
    expect(check.ok).toBe(false);
    expect(check.errors[0]).toMatch(/vid 1234567890123456789 has more than 257 values/);
  });

  it('stops a vid longer than 256 bytes (the 2 GB key) at the bound', async () => {
    const zip = zipOf(`{"${'7'.repeat(1_000_000)}": [0.5]}`);
    const e = await errorOf(readSubmission(zip));
    expect(e).toMatchObject({ code: 'TOO_LARGE', context: { file: zip, offset: 2 + 256 } });
    expect(e.message).toMatch(/a vid longer than 256 bytes at byte 258/);
  });

  it('refuses a member whose declared size is past the limit before inflating it', async () => {
    const zip = zipOf('{"1": [0.5]}');
    const e = await errorOf(streamSubmission(zip, () => undefined, { maxJsonBytes: 8 }));
    expect(e.message).toBe(`${zip}: result.json would inflate to 12 bytes, more than the limit of 8`);
    expect(e.code).toBe('TOO_LARGE');
  });

  it('stops inflating at the declared size (a deflate bomb that lies in the directory)', async () => {
    const zip = zipOf(Buffer.concat([Buffer.from('{"1": ['), Buffer.alloc(2 * 2_000_000, '0,'), Buffer.from('0]}')]));
    patchDeclaredSize(zip, 1000);
    let values = 0;
    const e = await errorOf(streamSubmission(zip, (_v, x) => (values += x.length), { maxValues: 1e7 }));
    expect(e.message).toMatch(/result\.json inflates past the 1000 bytes the zip directory declares/);
    expect(values).toBe(0);
  });

  it('refuses a number token of 1000 digits and a vid with a raw control character', async () => {
    const long = await errorOf(readSubmission(zipOf(`{"1": [0.5, ${'1'.repeat(1000)}]}`)));
    expect(long.message).toMatch(/vid 1 value 1 at byte 12 is longer than 400 characters/);
    const ctrl = await errorOf(readSubmission(zipOf('{"1\\n\u0001": [0.5]}')));
    expect(ctrl.message).toMatch(/the vid ending at byte \d+ is not a valid JSON string/);
  });

  it('rejects 1e300 and non-finite values in a submission naming the vid; the checker reports them', async () => {
    const zip = zipOf('{"11": [0.5, 0.25], "12": [0.125, 1e300]}');
    const e = await errorOf(readSubmission(zip));
    expect(e.message).toBe(`${zip}: vid 12: value 1 is 1e+300, outside the finite range ±65504`);
    expect(e.context).toMatchObject({ vid: '12', index: 1, file: zip });
    const inf = await errorOf(readSubmission(zipOf('{"13": [-Infinity]}')));
    expect(inf).toMatchObject({ code: 'NON_FINITE', context: { vid: '13', index: 0 } });
    const check = await checkSubmission(zip, ['11', '12']);
    expect(check.errors).toEqual(["vid 12: value 1 is 1e+300, beyond ±65504 (float16's range)"]);
    expect(check.ok).toBe(false);
  });

  it('refuses a vid given twice when reading into memory', async () => {
    const e = await errorOf(readSubmission(zipOf('{"5": [0.5], "5": [0.25]}')));
    expect(e.message).toMatch(/vid 5 appears twice in result.json/);
  });
});
