import { initTf, tf } from '../index';
import { parseKernelSwitches, setWasmFastKernels, wasmFastKernels } from './fast-kernels';

// The in-heap wasm kernels against tfjs's cpu backend (and hand-computed values), with the kernels switched on.

async function on<T>(backend: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  await initTf({ backend, ...(backend === 'wasm' ? { wasmKernels: 'all' } : {}) });
  return fn(); // small tensors; the process ends with the suite
}

const rand = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

function expectClose(got: Float32Array | Int32Array, want: Float32Array | Int32Array, tol: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('in-heap wasm kernels', () => {
  it('are all on by default and reported', async () => {
    await initTf({ backend: 'wasm', wasmKernels: 'all' });
    expect(wasmFastKernels()).toEqual({
      identity: true,
      transpose: true,
      gather: true,
      'column-sum': true,
      'segment-sum': true,
      adam: true,
      layernorm: true,
    });
  });

  it.each([
    [
      'rows of an embedding table',
      [1000, 16],
      [
        [3, 999, 0],
        [3, 3, 7],
      ],
      0,
    ],
    ['axis 1 of a rank-3 tensor', [4, 50, 6], [[49, 0, 2, 2]], 1],
    ['last axis', [3, 10], [[9, 1]], -1],
  ] as const)('GatherV2 of %s is bit-identical to cpu', async (_name, shape, ids, axis) => {
    const run = () =>
      tf
        .gather(
          rand([...shape], 5),
          tf.tensor2d(
            ids.map((r) => [...r]),
            undefined,
            'int32',
          ),
          axis,
        )
        .dataSync() as Float32Array;
    const want = await on('cpu', run);
    const got = await on('wasm', run);
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('GatherV2 copies int32 rows and names an out-of-range index', async () => {
    const got = await on('wasm', () =>
      Array.from(tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), [2, 0]).dataSync()),
    );
    expect(got).toEqual([5, 6, 1, 2]);
    await expect(on('wasm', () => tf.gather(tf.zeros([3, 2]), [3]).dataSync())).rejects.toThrow(
      /index value 3 is not in \[0, 2\]/,
    );
  });

  it.each([
    ['a bias gradient [2304,128] over axis 0', [2304, 128], [0], false],
    ['[32,72,64] over axes 0 and 1, keepDims', [32, 72, 64], [1, 0], true],
  ] as const)('Sum of %s matches cpu', async (_name, shape, axes, keepDims) => {
    const run = () => tf.sum(rand([...shape], 9), [...axes], keepDims);
    const want = await on('cpu', () => ({ shape: run().shape, data: run().dataSync() as Float32Array }));
    const got = await on('wasm', () => ({ shape: run().shape, data: run().dataSync() as Float32Array }));
    expect(got.shape).toEqual(want.shape);
    expectClose(got.data, want.data, 1e-4);
  });

  it('Sum of a 3x2 matrix over axis 0 gives the column sums by hand', async () => {
    const got = await on('wasm', () => Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6.5], [3, 2]), 0).dataSync()));
    expect(got).toEqual([9, 12.5]);
  });

  it('UnsortedSegmentSum sums rows by hand and drops out-of-range ids', async () => {
    const got = await on('wasm', () =>
      Array.from(
        tf
          .unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]), tf.tensor1d([1, 1, 7, 0], 'int32'), 3)
          .dataSync(),
      ),
    );
    expect(got).toEqual([7, 8, 4, 6, 0, 0]);
  });

  it('Identity shares memory and survives disposing the source', async () => {
    await initTf({ backend: 'wasm', wasmKernels: 'all' });
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.engine().runKernel('Identity', { x }) as tf.Tensor;
    const offset = (t: tf.Tensor) =>
      (tf.backend() as unknown as { getMemoryOffset(id: object): number }).getMemoryOffset(t.dataId);
    expect(offset(y)).toBe(offset(x)); // the same heap memory
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
  });

  it.each([
    ['an identity permutation', [3, 4], [0, 1]],
    ['size-1 dims moved only', [3, 1, 4], [1, 0, 2]],
    ['a real permutation', [2, 3, 4], [0, 2, 1]],
  ] as const)('Transpose by %s matches cpu', async (_name, shape, perm) => {
    const run = () => tf.transpose(rand([...shape], 13), [...perm]);
    const want = await on('cpu', () => ({ shape: run().shape, data: Array.from(run().dataSync()) }));
    const got = await on('wasm', () => ({ shape: run().shape, data: Array.from(run().dataSync()) }));
    expect(got).toEqual(want);
  });

  it('an embedding gradient with every kernel on matches the same with every kernel off', async () => {
    const grad = async (kernels: string) => {
      await initTf({ backend: 'wasm', wasmKernels: kernels });
      return tf.tidy(() => {
        const table = tf.variable(rand([500, 8], 11));
        const ids = tf.tensor2d(
          [
            [5, 499, 5],
            [0, 7, 7],
          ],
          undefined,
          'int32',
        );
        const { value, grads } = tf.variableGrads(
          () =>
            tf
              .gather(table, ids)
              .mul(rand([2, 3, 8], 12))
              .sum() as tf.Scalar,
          [table],
        );
        const out = { loss: value.dataSync()[0], grad: grads[table.name].dataSync() as Float32Array };
        table.dispose();
        return out;
      });
    };
    const off = await grad('none');
    expect(wasmFastKernels()).toEqual({
      identity: false,
      transpose: false,
      gather: false,
      'column-sum': false,
      'segment-sum': false,
      adam: false,
      layernorm: false,
    });
    const all = await grad('all');
    expect(all.loss).toBeCloseTo(off.loss, 5);
    expectClose(all.grad, off.grad, 1e-6);
  });

  it('parses switches and names unknown kernels', () => {
    expect(parseKernelSwitches('-gather,-identity')).toEqual({
      identity: false,
      transpose: true,
      gather: false,
      'column-sum': true,
      'segment-sum': true,
      adam: true,
      layernorm: true,
    });
    expect(parseKernelSwitches('none,gather')).toEqual({
      identity: false,
      transpose: false,
      gather: true,
      'column-sum': false,
      'segment-sum': false,
      adam: false,
      layernorm: false,
    });
    expect(() => parseKernelSwitches('-gahter')).toThrow(
      /VIDSIM_WASM_KERNELS: unknown kernel 'gahter' \(known: identity, transpose, gather, column-sum, segment-sum, adam, layernorm/,
    );
  });

  afterAll(() => setWasmFastKernels('all'));
});
