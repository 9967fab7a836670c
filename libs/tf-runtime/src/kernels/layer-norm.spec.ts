import { initTf, tf } from '../index';
import { layerNorm } from './layer-norm';
import { setWasmFastKernels } from './fast-kernels';

// The fused LayerNorm (one kernel forward, one backward on wasm) against the composite of tfjs ops on cpu, and
// a row normalised by hand.

type Result = { y: number[]; dx: number[]; dgamma: number[]; dbeta: number[] };

async function run(backend: 'cpu' | 'wasm', shape: number[], eps: number): Promise<Result> {
  await initTf({ backend, ...(backend === 'wasm' ? { wasmKernels: 'all' } : {}) });
  return tf.tidy(() => {
    const h = shape[shape.length - 1];
    const x = tf.randomNormal(shape, 0.3, 2, 'float32', 21);
    const gamma = tf.randomNormal([h], 1, 0.2, 'float32', 22);
    const beta = tf.randomNormal([h], 0, 0.2, 'float32', 23);
    const w = tf.randomNormal(shape, 0, 1, 'float32', 24); // loss = sum(w * y), so dL/dy = w
    const y = layerNorm(x, gamma, beta, eps);
    const [dx, dgamma, dbeta] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(layerNorm(a, g, b, eps), w)),
    )([x, gamma, beta]);
    const list = (t: tf.Tensor) => Array.from(t.dataSync());
    return { y: list(y), dx: list(dx), dgamma: list(dgamma), dbeta: list(dbeta) };
  });
}

function maxDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe('layerNorm (fused on wasm)', () => {
  afterAll(() => setWasmFastKernels('all'));

  it.each([
    ['BERT activations [2,40,128], eps 1e-12', [2, 40, 128], 1e-12],
    ['fusion output [32,256], eps 1e-6', [32, 256], 1e-6],
  ])('%s: value and all three gradients match the composite on cpu', async (_name, shape, eps) => {
    const want = await run('cpu', shape as number[], eps as number);
    const got = await run('wasm', shape as number[], eps as number);
    expect(maxDiff(got.y, want.y)).toBeLessThan(2e-5);
    expect(maxDiff(got.dx, want.dx)).toBeLessThan(1e-4);
    expect(maxDiff(got.dgamma, want.dgamma)).toBeLessThan(2e-3); // sums over 80 rows of float32 products
    expect(maxDiff(got.dbeta, want.dbeta)).toBeLessThan(2e-3);
  });

  it('normalises a row by hand', async () => {
    await initTf({ backend: 'wasm', wasmKernels: 'all' });
    // x = [1, 2, 3, 6]: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5
    const y = layerNorm(
      tf.tensor2d([1, 2, 3, 6], [1, 4]),
      tf.tensor1d([1, 1, 2, 1]),
      tf.tensor1d([0, 0, 0, 0.5]),
      0,
    ).dataSync();
    const s = Math.sqrt(3.5);
    [-2 / s, -1 / s, 0, 3 / s + 0.5].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 6));
  });

  it('uses the composite ops when the kernel is switched off', async () => {
    await initTf({ backend: 'wasm', wasmKernels: '-layernorm' });
    const info = await tf.profile(() => layerNorm(tf.ones([2, 3]), tf.ones([3]), tf.zeros([3]), 1e-6));
    expect(info.kernelNames).not.toContain('VidsimLayerNorm');
    expect(info.kernelNames).toContain('Mean');
    await initTf({ backend: 'wasm', wasmKernels: 'all' });
    const fused = await tf.profile(() => layerNorm(tf.ones([2, 3]), tf.ones([3]), tf.zeros([3]), 1e-6));
    expect(fused.kernelNames.filter((n) => n !== '')).toEqual(['VidsimLayerNorm']); // '' is customGrad's own record
  });
});
