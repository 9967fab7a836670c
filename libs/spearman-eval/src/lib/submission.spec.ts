import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { checkSubmission } from './submission-check';
import { readSubmission } from './submission-read';
import { writeSubmission } from './submission-write';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spearman-eval-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function vectors(n: number, dim: number): Map<string, Float32Array> {
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const out = new Map<string, Float32Array>();
  // 19-digit vids as in the real data: larger than 2^53, so they must stay strings.
  for (let i = 0; i < n; i++)
    out.set(`90000000000000${String(i).padStart(5, '0')}`, Float32Array.from({ length: dim }, rnd));
  return out;
}

const zipOf = (json: string, name = 'result.json'): string => {
  const p = path.join(dir, `hand-${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(p, zipSync({ [name]: strToU8(json) }));
  return p;
};

describe('submission write / read', () => {
  it('3,000 x 256: root result.json is plain JSON whose values are the float16 roundings; the reader gives them back', async () => {
    const vecs = vectors(3000, 256);
    const zipPath = path.join(dir, 'result.zip');
    const info = await writeSubmission(zipPath, vecs);
    expect(info).toMatchObject({ vids: 3000, dim: 256 });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Independent path: fflate's one-shot unzip + JSON.parse; float16 rounding checked via Math.fround-free bounds:
    // a float16 value differs from its source by at most 2^-11 relative (half an ulp, 10-bit mantissa).
    const files = unzipSync(fs.readFileSync(zipPath));
    expect(Object.keys(files)).toEqual(['result.json']);
    const parsed = JSON.parse(strFromU8(files['result.json'])) as Record<string, number[]>;
    expect(Object.keys(parsed)).toHaveLength(3000);
    const [vid0, v0] = vecs.entries().next().value as [string, Float32Array];
    for (let i = 0; i < 256; i++) {
      const a = Math.abs(v0[i]);
      const bound = a >= 2 ** -14 ? a * 2 ** -11 : 2 ** -25;
      expect(Math.abs(parsed[vid0][i] - v0[i])).toBeLessThanOrEqual(bound);
    }

    const back = await readSubmission(zipPath);
    expect(back.size).toBe(3000);
    for (const [vid, v] of vecs) {
      const got = back.get(vid);
      if (!got || got.length !== 256) throw new Error(`vid ${vid} missing or wrong size`);
      for (let i = 0; i < 256; i++)
        if (got[i] !== parsed[vid][i])
          throw new Error(`vid ${vid}[${i}]: reader ${got[i]} vs JSON.parse ${parsed[vid][i]}`);
      expect(v.length).toBe(256);
    }
  });

  it('reads stored members and numbers on every path of the byte parser (split tokens, exponents, long texts)', async () => {
    const texts = [
      '0.5',
      '-0.0',
      '1e-05',
      '5.960464477539063e-08',
      '-0.0000010132789611816406',
      '65504.0',
      '1E+2',
      '12345678901234567890',
      '3.14159265358979323846',
    ];
    const json = `{"a": [${texts.join(', ')}], "b": [${texts.join(',')}]}`;
    const p = path.join(dir, 'stored.zip');
    fs.writeFileSync(p, zipSync({ 'result.json': [strToU8(json), { level: 0 }] }));
    const back = await readSubmission(p, { maxAbs: Infinity }); // 1.2e19 is out of a submission's range, not the parser's
    const want = texts.map(Number);
    expect(Array.from(back.get('a') ?? [])).toEqual(Array.from(Float32Array.from(want)));
    // byte-by-byte chunks: every token is split across pushes
    const { JsonVectorParser } = await import('./json-vectors');
    const got: number[][] = [];
    const parser = new JsonVectorParser((_vid, v) => got.push(Array.from(v)));
    for (const b of Buffer.from(json)) parser.push(Uint8Array.of(b));
    parser.end();
    expect(got).toEqual([want, want]);
    expect(Object.is(got[0][1], -0)).toBe(true);
  });

  it('a truncated or corrupted zip is reported, not read as complete', async () => {
    const good = path.join(dir, 'good.zip');
    await writeSubmission(good, vectors(200, 64));
    const bytes = fs.readFileSync(good);
    const cut = path.join(dir, 'cut.zip');
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    await expect(readSubmission(cut)).rejects.toMatchObject({
      code: 'BAD_SUBMISSION',
      message: expect.stringContaining('not a complete zip'),
    });
    const flipped = Buffer.from(bytes);
    flipped[bytes.length >> 1] ^= 0x55;
    const bad = path.join(dir, 'flipped.zip');
    fs.writeFileSync(bad, flipped);
    await expect(readSubmission(bad)).rejects.toMatchObject({ code: 'BAD_SUBMISSION' });
  });

  it('the writer refuses NaN, 257-d and repeated vids, leaving no file behind', async () => {
    const p = path.join(dir, 'bad.zip');
    await expect(writeSubmission(p, [['1', [0.5, NaN]]])).rejects.toMatchObject({
      code: 'NON_FINITE',
      context: { vid: '1', index: 1 },
    });
    await expect(writeSubmission(p, [['1', new Float32Array(257)]])).rejects.toThrow(
      'vid 1: vector must have 1..256 values, got 257',
    );
    await expect(
      writeSubmission(p, [
        ['1', [1]],
        ['1', [2]],
      ]),
    ).rejects.toThrow('vid 1 is given twice');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('bad') || f.startsWith('.bad'))).toEqual([]);
  });
});

describe('checkSubmission', () => {
  it('accepts a valid zip', async () => {
    const p = path.join(dir, 'ok.zip');
    await writeSubmission(p, vectors(50, 256));
    const r = await checkSubmission(p, vectors(50, 1).keys());
    expect(r).toMatchObject({ ok: true, errors: [], vids: 50, dim: 256, missing: 0 });
  });

  it('rejects a NaN (as Python json writes it) naming vid and index', async () => {
    const r = await checkSubmission(zipOf('{"1": [0.5, 0.25], "2": [0.125, NaN]}'), ['1', '2']);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(['vid 2: value 1 is NaN, every value must be a finite number']);
  });

  it('rejects a missing vid naming it', async () => {
    const r = await checkSubmission(zipOf('{"1": [0.5], "2": [1.0]}'), ['1', '2', '3']);
    expect(r.errors).toEqual(['vid 3 missing from result.json (1 of 3 expected vids missing)']);
    expect(r.missing).toBe(1);
  });

  it('rejects a 257-d vector', async () => {
    const r = await checkSubmission(zipOf(`{"1": [${new Array(257).fill('0.5').join(', ')}]}`), ['1']);
    expect(r.errors).toEqual(['vid 1: 257 dims, must be 1..256']);
  });

  it('reports a result.json that is not at the root, and broken JSON', async () => {
    const nested = await checkSubmission(zipOf('{"1": [0.5]}', 'submit/result.json'), ['1']);
    expect(nested.errors[0]).toMatch(
      /no result.json at the zip root \(found submit\/result.json; it must be at the root\)/,
    );
    const brokenZip = zipOf('{"1": [0.5, "x"]}');
    const broken = await checkSubmission(brokenZip, ['1']);
    expect(broken.errors).toEqual([`${brokenZip}: result.json: vid 1 value 1 is not a number: "\\"x\\""`]);
  });
});
