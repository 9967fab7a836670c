import { initTf, tf } from '../index';
import { blasStatus, describeNativeBlas, disableNativeBlas, enableNativeBlas, probeNativeBlas } from './accelerator';
import { loadNativeBlas } from './native-blas';

// Every accelerated matmul kernel against tfjs's cpu backend, on random shapes with every transpose and batch
// broadcast case. Stock cpu BatchMatMul does not broadcast batches truly, so the reference tiles both inputs to
// the broadcast batch shape first (equal batch shapes are its well-tested path).

const haveBlas = loadNativeBlas().blas !== undefined;
if (!haveBlas) {
  console.warn(`native BLAS tests skipped: ${loadNativeBlas().reason}`);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32;
}

interface Case {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** Random m, n, k and batch shapes: equal, one side without batch, size-1 dims on either side, rank 2 to 5. */
function randomCases(seed: number): Case[] {
  const r = rng(seed);
  const dim = (max: number) => 1 + Math.floor(r() * max);
  const batchPairs: Array<[string, number[], number[]]> = [
    ['rank 2', [], []],
    ['equal batch', [3], [3]],
    ['a batched, b one matrix', [2, 3], []],
    ['b batched, a one matrix', [], [4]],
    ['a [2,1] b [1,3]', [2, 1], [1, 3]],
    ['a [3] b [2,1]', [3], [2, 1]],
    ['a [2,1,2] b [3,1]', [2, 1, 2], [3, 1]],
    ['a [1,3] b [2,3]', [1, 3], [2, 3]],
  ];
  const cases: Case[] = [];
  for (const [batchName, ba, bb] of batchPairs) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const m = dim(9),
          n = dim(9),
          k = dim(17);
        cases.push({
          name: `${batchName}, m${m} n${n} k${k}${transposeA ? ' aᵀ' : ''}${transposeB ? ' bᵀ' : ''}`,
          a: [...ba, ...(transposeA ? [k, m] : [m, k])],
          b: [...bb, ...(transposeB ? [n, k] : [k, n])],
          transposeA,
          transposeB,
        });
      }
    }
  }
  return cases;
}

function values(shape: number[], seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => r() * 2 - 1);
}

/** The cpu reference: both inputs tiled to the broadcast batch shape, then stock cpu matmul (+ bias, relu). */
async function reference(c: Case, bias?: Float32Array): Promise<{ shape: number[]; data: Float32Array }> {
  await initTf({ backend: 'cpu' });
  return tf.tidy(() => {
    const batch = tf.backend_util.assertAndGetBroadcastShape(c.a.slice(0, -2), c.b.slice(0, -2));
    const tileTo = (x: tf.Tensor) => {
      const padded = x.reshape([...new Array<number>(batch.length + 2 - x.rank).fill(1), ...x.shape]);
      return tf.tile(padded, [...batch.map((size, d) => size / padded.shape[d]), 1, 1]);
    };
    let y = tf.matMul(
      tileTo(tf.tensor(values(c.a, 1), c.a)),
      tileTo(tf.tensor(values(c.b, 2), c.b)),
      c.transposeA,
      c.transposeB,
    );
    if (bias) y = tf.relu(y.add(tf.tensor1d(bias)));
    return { shape: y.shape, data: y.dataSync() as Float32Array };
  });
}

async function onWasm(
  c: Case,
  blas: 'on' | 'off',
  bias?: Float32Array,
): Promise<{ shape: number[]; data: Float32Array }> {
  await initTf({ backend: 'wasm', blas });
  return tf.tidy(() => {
    const a = tf.tensor(values(c.a, 1), c.a),
      b = tf.tensor(values(c.b, 2), c.b);
    const y = bias
      ? tf.fused.matMul({
          a,
          b,
          transposeA: c.transposeA,
          transposeB: c.transposeB,
          bias: tf.tensor1d(bias),
          activation: 'relu',
        })
      : tf.matMul(a, b, c.transposeA, c.transposeB);
    return { shape: y.shape, data: y.dataSync() as Float32Array };
  });
}

function expectClose(
  got: { shape: number[]; data: Float32Array },
  want: { shape: number[]; data: Float32Array },
  tol: number,
): void {
  expect(got.shape).toEqual(want.shape);
  let worst = 0;
  for (let i = 0; i < want.data.length; i++) worst = Math.max(worst, Math.abs(got.data[i] - want.data[i]));
  expect(worst).toBeLessThan(tol);
}

afterAll(() => disableNativeBlas());

const cases = randomCases(16);
const modes = haveBlas ? (['on', 'off'] as const) : (['off'] as const);

describe.each(modes)('BatchMatMul on wasm with native BLAS %s', (blas) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches cpu', async (_name, c) => {
    expectClose(await onWasm(c, blas), await reference(c), 1e-5);
  });
});

describe.each(modes)('_FusedMatMul (bias + relu) on wasm with native BLAS %s', (blas) => {
  // the fused op takes rank-2/3 inputs with one batch dim; bias is rank 1 over n
  const fusedCases = cases.filter((c) => c.a.length <= 3 && c.b.length <= 3);
  it.each(fusedCases.map((c) => [c.name, c] as const))('%s matches cpu', async (_name, c) => {
    const n = c.transposeB ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
    const bias = values([n], 3);
    expectClose(await onWasm(c, blas, bias), await reference(c, bias), 1e-5);
  });
});

describe('stock cpu BatchMatMul is guarded for true batch broadcasting', () => {
  it('a[2,1,2,2]·b[1,3,2,2] gives the 6 products computed by hand', async () => {
    await initTf({ backend: 'cpu' });
    // a_i = i * I (i = 1, 2), b_j = [[j, 0], [0, -j]] (j = 1..3): product (i, j) = [[i*j, 0], [0, -i*j]]
    const a = tf.tensor4d([1, 0, 0, 1, 2, 0, 0, 2], [2, 1, 2, 2]);
    const b = tf.tensor4d([1, 0, 0, -1, 2, 0, 0, -2, 3, 0, 0, -3], [1, 3, 2, 2]);
    const y = tf.matMul(a, b);
    expect(y.shape).toEqual([2, 3, 2, 2]);
    const want = [1, 2].flatMap((i) => [1, 2, 3].flatMap((j) => [i * j, 0, 0, -i * j]));
    expect(Array.from(y.dataSync())).toEqual(want);
  });
});

describe('native BLAS switch', () => {
  (haveBlas ? it : it.skip)('reports the library when on, and the reason when off', async () => {
    await initTf({ backend: 'wasm', blas: 'on' });
    expect(blasStatus()).toMatchObject({ active: true, mode: 'on' });
    expect(blasStatus().library).toMatch(/blas|Accelerate/i);
    enableNativeBlas('off');
    expect(blasStatus()).toMatchObject({ active: false, mode: 'off' });
    expect(blasStatus().reason).toMatch(/off by the blas option/);
  });

  it('is probed for the doctor without a backend: off, a missing library, the system one', () => {
    expect(probeNativeBlas({ VIDSIM_BLAS: 'off' } as NodeJS.ProcessEnv)).toMatchObject({ active: false, mode: 'off' });
    expect(probeNativeBlas({ VIDSIM_BLAS: 'maybe' } as NodeJS.ProcessEnv).reason).toMatch(
      /VIDSIM_BLAS='maybe' is not one of auto, on, off/,
    );
    const probed = probeNativeBlas({} as NodeJS.ProcessEnv);
    expect(probed.active).toBe(haveBlas);
    expect(describeNativeBlas(probed)).toMatch(
      haveBlas ? /^native BLAS: .*(blas|Accelerate)/i : /^native BLAS: none \(no native BLAS found/,
    );
  });

  it('rejects a value other than auto, on, off, naming the variable', () => {
    expect(() => enableNativeBlas('fast')).toThrow(/the blas option='fast' is not one of auto, on, off/);
  });

  it('falls back to the wasm kernels with a one-line reason when no library loads, and refuses `on`', async () => {
    await initTf({ backend: 'wasm', blas: 'off' });
    const none = () => loadNativeBlas({}, ['/nonexistent/libnoblas.so']);
    expect(none()).toEqual({
      reason: expect.stringMatching(/^no native BLAS found.*\/nonexistent\/libnoblas\.so: no such file$/),
    });
    const status = enableNativeBlas('auto', none);
    expect(status).toMatchObject({ active: false, mode: 'auto' });
    expect(status.reason).not.toMatch(/\n/);
    expect(() => enableNativeBlas('on', none)).toThrow(/the blas option=on but no native BLAS found/);
    // the wasm kernels still answer
    expect(Array.from(tf.matMul(tf.tensor2d([1, 2], [1, 2]), tf.tensor2d([3, 4], [2, 1])).dataSync())).toEqual([11]);
  });
});
