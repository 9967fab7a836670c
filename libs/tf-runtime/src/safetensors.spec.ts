import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  float32ToSafeTensor,
  initTf,
  loadVariablesInto,
  parseSafetensors,
  readSafetensors,
  safeTensorToFloat32,
  saveVariables,
  serializeSafetensors,
  tf,
  writeSafetensors,
} from './index';

const tinyBert = path.resolve(__dirname, '../../../../shared/data/tiny-bert/model.safetensors');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-st-'));
}

describe('safetensors format', () => {
  it('writes a header an independent reader understands (hand-checked bytes)', () => {
    const bytes = serializeSafetensors({
      tensors: new Map([['w', float32ToSafeTensor(new Float32Array([1, 2]), [2])]]),
    });
    const header = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
    expect(Number(Buffer.from(bytes).readBigUInt64LE(0))).toBe(padded.length);
    expect(Buffer.from(bytes.subarray(8, 8 + padded.length)).toString()).toBe(padded);
    expect(Array.from(new Float32Array(bytes.slice(8 + padded.length).buffer))).toEqual([1, 2]);
  });

  it('reads f16 and bf16 tensors as float32', () => {
    const file = parseSafetensors(
      serializeSafetensors({
        tensors: new Map([
          ['h', float32ToSafeTensor(new Float32Array([1, -0.5, 65504]), [3], 'F16')],
          ['b', float32ToSafeTensor(new Float32Array([1, 3.140625]), [1, 2], 'BF16')],
        ]),
      }),
    );
    expect(Array.from(safeTensorToFloat32(file.tensors.get('h')!))).toEqual([1, -0.5, 65504]);
    expect(Array.from(safeTensorToFloat32(file.tensors.get('b')!))).toEqual([1, 3.140625]);
    expect(file.tensors.get('b')!.shape).toEqual([1, 2]);
  });

  it('rejects a truncated file with a message naming it', () => {
    const bytes = serializeSafetensors({ tensors: new Map([['w', float32ToSafeTensor(new Float32Array(4), [4])]]) });
    expect(() => parseSafetensors(bytes.subarray(0, bytes.length - 4), 'model.safetensors')).toThrow(
      "model.safetensors: invalid safetensors file: tensor 'w': data_offsets [0, 16] run past the end of the file (the data section holds 12 bytes)",
    );
  });

  (fs.existsSync(tinyBert) ? it : it.skip)('re-serialises the real tiny BERT checkpoint byte for byte', async () => {
    const original = fs.readFileSync(tinyBert);
    const parsed = await readSafetensors(tinyBert);
    expect(parsed.tensors.size).toBe(46);
    expect(Buffer.from(serializeSafetensors(parsed)).equals(original)).toBe(true);
  });
  if (!fs.existsSync(tinyBert)) console.warn(`skipping the tiny BERT round trip: ${tinyBert} is absent`);

  it('writes atomically: no temp file is left and a failed write keeps the old file', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'a.safetensors');
    await writeSafetensors(file, { tensors: new Map([['x', float32ToSafeTensor(new Float32Array([7]), [1])]]) });
    const bad = {
      tensors: new Map([['x', { dtype: 'F32' as const, shape: [1], data: null as unknown as Uint8Array }]]),
    };
    await expect(writeSafetensors(file, bad)).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['a.safetensors']);
    expect(Array.from(safeTensorToFloat32((await readSafetensors(file)).tensors.get('x')!))).toEqual([7]);
  });
});

describe('saveVariables / loadVariablesInto', () => {
  beforeAll(() => initTf({ backend: 'cpu' }));

  it('restores values by name and refuses a shape mismatch', async () => {
    const file = path.join(tmpDir(), 'v.safetensors');
    const a = tf.variable(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      true,
      'a',
    );
    const steps = tf.variable(tf.scalar(3, 'int32'), false, 'steps');
    await saveVariables(file, { a, steps });
    const a2 = tf.variable(tf.zeros([2, 2]), true, 'a2');
    const s2 = tf.variable(tf.scalar(0, 'int32'), false, 's2');
    await loadVariablesInto(file, { a: a2, steps: s2 });
    expect(await a2.array()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await s2.array()).toBe(3);
    const wrong = tf.variable(tf.zeros([4]), true, 'wrong');
    await expect(loadVariablesInto(file, { a: wrong, steps: s2 })).rejects.toThrow(
      /shape mismatch: a: file \[2,2\] vs variable \[4\]/,
    );
    tf.dispose([a, steps, a2, s2, wrong]);
  });
});
