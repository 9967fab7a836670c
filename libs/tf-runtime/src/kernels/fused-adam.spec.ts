import { initTf, tf } from '../index';
import { createAdam } from './fused-adam';
import { setWasmFastKernels } from './fast-kernels';

// The fused Adam update against tfjs's own AdamOptimizer on the cpu backend, and a first step by hand.

async function train(
  backend: 'cpu' | 'wasm',
  make: () => tf.AdamOptimizer,
  steps: number,
  wasmKernels = 'all',
): Promise<{ w: number[]; m: number[]; v: number[] }> {
  await initTf({ backend, ...(backend === 'wasm' ? { wasmKernels } : {}) });
  const w = tf.variable(tf.tensor2d([0.5, -1.25, 3, 1e-3, -7, 0], [2, 3]), true, `w-${backend}-${Math.random()}`);
  const opt = make();
  for (let s = 0; s < steps; s++) {
    tf.tidy(() => {
      const g = tf.tensor2d([0.1 * (s + 1), -2, 1e-4, 5, -0.3, s % 2 ? 1 : -1], [2, 3]);
      opt.applyGradients([{ name: w.name, tensor: g }]);
    });
  }
  const weights = await opt.getWeights(); // [iterations, w/m, w/v]
  const out = {
    w: Array.from(w.dataSync()),
    m: Array.from(weights[1].tensor.dataSync()),
    v: Array.from(weights[2].tensor.dataSync()),
  };
  opt.dispose();
  w.dispose();
  return out;
}

describe('fused Adam (one kernel per variable on wasm)', () => {
  afterAll(() => setWasmFastKernels('all'));

  it('matches tfjs AdamOptimizer on cpu over 4 steps within float32 rounding', async () => {
    const want = await train('cpu', () => tf.train.adam(0.01, 0.9, 0.999, 1e-6), 4);
    const got = await train('wasm', () => createAdam(0.01, 0.9, 0.999, 1e-6), 4);
    for (const key of ['w', 'm', 'v'] as const) {
      want[key].forEach((x, i) =>
        expect(Math.abs(got[key][i] - x)).toBeLessThanOrEqual(4e-7 * Math.max(1, Math.abs(x))),
      );
    }
  });

  it('takes a first step of -lr * g / (|g| + eps) by hand', async () => {
    const lr = 0.01,
      eps = 1e-6;
    const got = await train('wasm', () => createAdam(lr, 0.9, 0.999, eps), 1);
    const w0 = [0.5, -1.25, 3, 1e-3, -7, 0],
      g = [0.1, -2, 1e-4, 5, -0.3, -1];
    // after one step the bias-corrected moments are g and g^2, so the update is -lr * g / (|g| + eps)
    w0.forEach((x, i) => expect(got.w[i]).toBeCloseTo(x - (lr * g[i]) / (Math.abs(g[i]) + eps), 6));
    g.forEach((gi, i) => expect(got.m[i]).toBeCloseTo(0.1 * gi, 7));
  });

  it('runs the stock update when the adam kernel is switched off', async () => {
    const fused = await train('wasm', () => createAdam(0.01), 2);
    const stock = await train('wasm', () => createAdam(0.01), 2, '-adam');
    expect(tf.getKernel('VidsimFusedAdam', 'wasm')).toBeUndefined(); // so createAdam ran tfjs's own update
    for (const key of ['w', 'm', 'v'] as const) {
      fused[key].forEach((x, i) =>
        expect(Math.abs(stock[key][i] - x)).toBeLessThanOrEqual(4e-7 * Math.max(1, Math.abs(x))),
      );
    }
  });
});
