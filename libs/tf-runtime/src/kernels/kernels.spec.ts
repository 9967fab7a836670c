import { initTf, tf } from '../index';

// Every kernel vidsim patches or bridges is compared against tfjs's own cpu backend (or, for the segment sum,
// against a plain loop), on the backends where the patch is active.

async function onBackend<T>(name: 'cpu' | 'wasm', fn: () => T | Promise<T>): Promise<T> {
  await initTf({ backend: name });
  return fn();
}

function randn(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

async function values(t: tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  const list = Array.isArray(t) ? t : [t];
  return Promise.all(list.map(async (x) => Float32Array.from(await x.data())));
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('UnsortedSegmentSum (fast kernel)', () => {
  const xs = [0.5, -1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const ids = [2, 0, 2, 5]; // segment 5 is out of range for numSegments 4 and must be dropped, as in tf
  // by hand: rows of x reshaped [4,3]; segment 0 = row1, 2 = row0 + row2, 1 and 3 empty
  const expected = [3, 4, 5, 0, 0, 0, 0.5 + 6, -1 + 7, 2 + 8, 0, 0, 0];

  it.each(['cpu', 'wasm'] as const)('matches the hand-computed sums on %s', async (backend) => {
    const out = await onBackend(backend, () =>
      tf.unsortedSegmentSum(tf.tensor2d(xs, [4, 3]), tf.tensor1d(ids, 'int32'), 4).data(),
    );
    expect(Array.from(out)).toEqual(expected);
  });

  it.each(['cpu', 'wasm'] as const)('makes an embedding gradient at vocab 21128 on %s', async (backend) => {
    const grad = await onBackend(backend, async () => {
      const table = tf.variable(tf.zeros([21128, 8]));
      const ids = tf.tensor1d([5, 21127, 5, 0], 'int32');
      const { grads } = tf.variableGrads(
        () => tf.gather(table, ids).mul(tf.range(0, 8).expandDims(0)).sum() as tf.Scalar,
        [table],
      );
      const g = await grads[table.name].gather(tf.tensor1d([5, 21127, 1], 'int32')).array();
      table.dispose();
      return g as number[][];
    });
    const row = [0, 1, 2, 3, 4, 5, 6, 7];
    expect(grad).toEqual([row.map((v) => 2 * v), row, row.map(() => 0)]);
  });
});

describe('BatchMatMul on wasm (transposes materialised, batch folded)', () => {
  const cases: Array<[string, number[], number[], boolean, boolean]> = [
    ['plain', [5, 7], [7, 3], false, false],
    ['transposeA', [7, 5], [7, 3], true, false],
    ['transposeB', [5, 7], [3, 7], false, true],
    ['both', [7, 5], [3, 7], true, true],
    ['rank3 x rank2 (folded)', [4, 5, 7], [7, 3], false, false],
    ['rank3 x rank2 transposeB', [4, 5, 7], [3, 7], false, true],
    ['batched rank4', [2, 3, 5, 7], [2, 3, 7, 4], false, false],
    ['batched rank4 transposeA', [2, 3, 7, 5], [2, 3, 7, 4], true, false],
  ];
  it.each(cases)('%s matches cpu', async (_name, sa, sb, ta, tb) => {
    const [ref] = await onBackend('cpu', () => values(tf.matMul(randn(sa, 1), randn(sb, 2), ta, tb)));
    const [got] = await onBackend('wasm', () => values(tf.matMul(randn(sa, 1), randn(sb, 2), ta, tb)));
    expect(maxAbsDiff(got, ref)).toBeLessThan(1e-4);
  });
});

describe('BatchMatMul gradient with broadcasting', () => {
  it.each(['cpu', 'wasm'] as const)('reduces the broadcast batch axis of b on %s', async (backend) => {
    const [da, db, dbRef] = await onBackend(backend, async () => {
      const a = randn([3, 4, 5], 3);
      const b = randn([5, 2], 4);
      const w = randn([3, 4, 2], 5); // loss = sum(w * (a·b)) so dL/d(a·b) = w
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).mul(w).sum())([a, b]);
      // independent: dL/db = sum_batch a_i^T w_i, computed on 2-D slices
      const ref = tf.addN(
        [0, 1, 2].map((i) =>
          tf.matMul(
            a.slice([i, 0, 0], [1, 4, 5]).squeeze([0]),
            w.slice([i, 0, 0], [1, 4, 2]).squeeze([0]),
            true,
            false,
          ),
        ),
      );
      expect(ga.shape).toEqual([3, 4, 5]);
      expect(gb.shape).toEqual([5, 2]);
      return values([ga, gb, ref]);
    });
    expect(da.length).toBe(60);
    expect(maxAbsDiff(db, dbRef)).toBeLessThan(1e-4);
  });
});

describe('kernels wasm lacks are bridged to cpu', () => {
  it('runs Einsum on wasm with the cpu result', async () => {
    const [ref] = await onBackend('cpu', () => values(tf.einsum('ij,jk->ik', randn([3, 4], 7), randn([4, 2], 8))));
    const [got] = await onBackend('wasm', () => values(tf.einsum('ij,jk->ik', randn([3, 4], 7), randn([4, 2], 8))));
    expect(maxAbsDiff(got, ref)).toBeLessThan(1e-5);
  });

  it('leaves no kernel of cpu missing on wasm', async () => {
    await initTf({ backend: 'wasm' });
    const wasm = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
    const missing = tf
      .getKernelsForBackend('cpu')
      .map((k) => k.kernelName)
      .filter((n) => !wasm.has(n));
    expect(missing).toEqual([]);
  });
});
