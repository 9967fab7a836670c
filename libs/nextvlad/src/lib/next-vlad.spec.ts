import { initTf, tf } from '@vidsim/tf-runtime';
import { resolveNextVladConfig, type NextVladConfig } from './config';
import { NextVladError } from './errors';
import { NeXtVLAD } from './next-vlad';
import { nextVladForward, type NextVladWeights } from './next-vlad-math';
import { refNextVlad, type RefWeights } from '../testing/reference-next-vlad';

const KEYS: (keyof NextVladWeights)[] = [
  'expandKernel',
  'expandBias',
  'gateKernel',
  'gateBias',
  'clusterKernel',
  'clusterCentres',
  'outKernel',
  'outBias',
];

beforeAll(async () => {
  await initTf({ backend: 'cpu' });
});

function toRef(w: NextVladWeights): RefWeights {
  const r = Object.fromEntries(KEYS.map((k) => [k, w[k].arraySync()])) as unknown as RefWeights & {
    clusterCentres: number[][][];
  };
  return { ...r, clusterCentres: (r.clusterCentres as unknown as number[][][])[0] };
}

function randomWeights(c: NextVladConfig, D: number, seed: number): NextVladWeights {
  const EF = c.expansion * c.featureSize,
    Fp = EF / c.groups,
    G = c.groups,
    K = c.clusterSize;
  const shapes: Record<keyof NextVladWeights, number[]> = {
    expandKernel: [D, EF],
    expandBias: [EF],
    gateKernel: [EF, G],
    gateBias: [G],
    clusterKernel: [EF, G * K],
    clusterCentres: [1, Fp, K],
    outKernel: [Fp * K, c.outputSize],
    outBias: [c.outputSize],
  };
  return Object.fromEntries(
    KEYS.map((k, i) => [k, tf.randomUniform(shapes[k], -0.6, 0.6, 'float32', seed + i)]),
  ) as unknown as NextVladWeights;
}

describe('nextVladForward: hand-computed case (F=D=2, E=1, G=1, K=2, O=4, identity expand/out, zero gate/cluster kernels)', () => {
  // gate = sigmoid(0) = 0.5 and softmax over 2 equal logits = 0.5, so every row gives a = 0.25 to each cluster.
  // x = [[1,2],[3,4]], W2 = I:  v_k = 0.25*(x1+x2) - a_sum_k*W2[:,k] with a_sum = 0.5, then L2 over F' per cluster,
  // flattened row-major from [F', K].
  const c = resolveNextVladConfig({ featureSize: 2, expansion: 1, groups: 1, clusterSize: 2, outputSize: 4 });
  const weights = (bias: number[]): NextVladWeights => ({
    expandKernel: tf.tensor2d([
      [1, 0],
      [0, 1],
    ]),
    expandBias: tf.tensor1d(bias),
    gateKernel: tf.zeros([2, 1]),
    gateBias: tf.zeros([1]),
    clusterKernel: tf.zeros([2, 2]),
    clusterCentres: tf.tensor3d([
      [
        [1, 0],
        [0, 1],
      ],
    ]),
    outKernel: tf.eye(4),
    outBias: tf.zeros([4]),
  });
  const x = tf.tensor3d([
    [
      [1, 2],
      [3, 4],
    ],
  ]);

  it('no mask: k0 = (0.5, 1.5)/sqrt(2.5), k1 = (1, 1)/sqrt(2)', () => {
    const y = nextVladForward(x, null, weights([0, 0]), c).arraySync()[0];
    const s25 = Math.sqrt(2.5),
      s2 = Math.SQRT2;
    expectClose(y, [0.5 / s25, 1 / s2, 1.5 / s25, 1 / s2], 1e-6);
  });

  it('quirk, bias (1,1), length 1: the padded row becomes the bias and still counts', () => {
    // e1 = (2,3), e2 = bias (1,1); v = 0.25*(3,4) = (0.75, 1); k0 = (0.25, 1), k1 = (0.75, 0.5)
    const y = nextVladForward(x, tf.tensor1d([1]), weights([1, 1]), c).arraySync()[0];
    const n0 = Math.sqrt(0.0625 + 1),
      n1 = Math.sqrt(0.5625 + 0.25);
    expectClose(y, [0.25 / n0, 0.75 / n1, 1 / n0, 0.5 / n1], 1e-6);
  });

  it('maskPaddedAfterExpand, bias (1,1), length 1: only row 1 counts', () => {
    // e1 = (2,3); v = 0.25*(2,3) = (0.5, 0.75); a_sum = 0.25; k0 = (0.25, 0.75), k1 = (0.5, 0.5)
    const y = nextVladForward(x, tf.tensor1d([1]), weights([1, 1]), {
      ...c,
      maskPaddedAfterExpand: true,
    }).arraySync()[0];
    const n0 = Math.sqrt(0.0625 + 0.5625),
      n1 = Math.sqrt(0.25 + 0.25);
    expectClose(y, [0.25 / n0, 0.5 / n1, 0.75 / n0, 0.5 / n1], 1e-6);
  });
});

describe('nextVladForward vs an independent float64 loop implementation (B=2, T=3, D=5, F=4, E=2, G=2, K=3, O=3)', () => {
  const c = resolveNextVladConfig({
    featureSize: 4,
    inputSize: 5,
    expansion: 2,
    groups: 2,
    clusterSize: 3,
    outputSize: 3,
  });
  const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 7) as tf.Tensor3D;
  const lengths = [3, 1];
  for (const maskAfter of [false, true]) {
    it(`maskPaddedAfterExpand=${maskAfter}, lengths=[3,1]: values within 1e-5`, () => {
      const w = randomWeights(c, 5, 11);
      const y = nextVladForward(x, tf.tensor1d(lengths, 'int32'), w, {
        ...c,
        maskPaddedAfterExpand: maskAfter,
      }).arraySync();
      const ref = refNextVlad(x.arraySync(), lengths, toRef(w), { F: 4, E: 2, G: 2, K: 3, O: 3, maskAfter });
      expectClose(y.flat(), ref.flat(), 1e-5);
    });
  }

  it('maskPaddedAfterExpand=true equals running on the unpadded rows only; the quirk does not', () => {
    const w = randomWeights(c, 5, 21);
    const short = x.slice([1, 0, 0], [1, 1, 5]) as tf.Tensor3D;
    const alone = nextVladForward(short, null, w, c).arraySync()[0];
    const right = nextVladForward(x, tf.tensor1d(lengths), w, { ...c, maskPaddedAfterExpand: true }).arraySync()[1];
    const quirk = nextVladForward(x, tf.tensor1d(lengths), w, c).arraySync()[1];
    expectClose(right, alone, 1e-5);
    expect(Math.max(...quirk.map((v, i) => Math.abs(v - alone[i])))).toBeGreaterThan(1e-3);
  });

  for (const maskAfter of [false, true]) {
    it(`gradients of every weight and of x match central differences of the float64 oracle (maskPaddedAfterExpand=${maskAfter})`, () => {
      const cfg = { ...c, maskPaddedAfterExpand: maskAfter };
      const w = randomWeights(c, 5, 31);
      const R = tf.randomNormal([2, 3], 0, 1, 'float32', 3);
      const lens = tf.tensor1d(lengths, 'int32');
      const grads = tf.grads((...args: tf.Tensor[]) => {
        const ww = Object.fromEntries(KEYS.map((k, i) => [k, args[i + 1]])) as unknown as NextVladWeights;
        return nextVladForward(args[0] as tf.Tensor3D, lens, ww, cfg)
          .mul(R)
          .sum();
      })([x, ...KEYS.map((k) => w[k])]);
      const Rv = R.arraySync() as number[][];
      const refW = toRef(w),
        xv = x.arraySync();
      const loss = (xx: number[][][], ww: RefWeights) =>
        refNextVlad(xx, lengths, ww, { F: 4, E: 2, G: 2, K: 3, O: 3, maskAfter }).reduce(
          (s, row, b) => s + row.reduce((t, v, o) => t + v * Rv[b][o], 0),
          0,
        );
      const h = 1e-5;
      const fd = (get: () => number, set: (v: number) => void, l: () => number) => {
        const v0 = get();
        set(v0 + h);
        const lp = l();
        set(v0 - h);
        const lm = l();
        set(v0);
        return (lp - lm) / (2 * h);
      };
      // x (padded rows get exactly zero gradient: they are multiplied by the mask before anything else)
      const gx = grads[0].arraySync() as number[][][];
      forEachIndex(xv, (get, set, idx) =>
        expectGrad(
          gx,
          idx,
          fd(get, set, () => loss(xv, refW)),
          'x',
        ),
      );
      KEYS.forEach((k, i) => {
        const g = grads[i + 1].arraySync();
        const target = k === 'clusterCentres' ? refW.clusterCentres : (refW[k] as number[] | number[][]);
        const analytic = k === 'clusterCentres' ? (g as number[][][])[0] : g;
        forEachIndex(target, (get, set, idx) =>
          expectGrad(
            analytic,
            idx,
            fd(get, set, () => loss(xv, refW)),
            k,
          ),
        );
      });
    });
  }
});

describe('NeXtVLAD layer', () => {
  const args = { featureSize: 4, inputSize: 6, expansion: 2, groups: 2, clusterSize: 3, outputSize: 5, seed: 3 };

  it('K=3, G=2, E=2, frames=[2,4,6]: output [2,5], float32, weight names and shapes', () => {
    const layer = new NeXtVLAD(args);
    const y = layer.apply([tf.ones([2, 4, 6]), tf.tensor1d([4, 2])]) as tf.Tensor;
    expect(y.shape).toEqual([2, 5]);
    expect(y.dtype).toBe('float32');
    expect(layer.computeOutputShape([[null, 4, 6], [null]])).toEqual([null, 5]);
    expect(layer.weights.map((v) => [v.originalName.split('/').slice(1).join('/'), v.shape])).toEqual([
      ['expand/kernel', [6, 8]],
      ['expand/bias', [8]],
      ['gate/kernel', [8, 2]],
      ['gate/bias', [2]],
      ['cluster/kernel', [8, 6]],
      ['cluster_weights2', [1, 4, 3]],
      ['out/kernel', [12, 5]],
      ['out/bias', [5]],
    ]);
  });

  it('frames without lengths are not masked; same seed gives the same weights', () => {
    const a = new NeXtVLAD(args),
      b = new NeXtVLAD(args);
    const x = tf.randomNormal([1, 3, 6], 0, 1, 'float32', 1);
    const ya = a.apply(x) as tf.Tensor,
      yb = b.apply([x, tf.tensor1d([3])]) as tf.Tensor;
    expectClose(Array.from(ya.dataSync()), Array.from(yb.dataSync()), 1e-6);
  });

  it('config round trip through getConfig/fromConfig', () => {
    const layer = new NeXtVLAD({ ...args, maskPaddedAfterExpand: true, dropout: 0.1 });
    const cfg = layer.getConfig();
    const back = tf.serialization.SerializationMap.getMap().classNameMap['NeXtVLAD'];
    expect(back).toBeDefined();
    const clone = NeXtVLAD.fromConfig(NeXtVLAD as never, cfg) as unknown as NeXtVLAD;
    expect(clone.config).toEqual({ ...layer.config, seed: undefined });
    expect(clone.config.maskPaddedAfterExpand).toBe(true);
  });

  it('one training step lowers a squared loss; memory stays flat across steps', () => {
    const layer = new NeXtVLAD(args);
    const x = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 2),
      lens = tf.tensor1d([4, 1, 2]);
    const target = tf.randomNormal([3, 5], 0, 1, 'float32', 5);
    const lossFn = () =>
      tf.losses.meanSquaredError(target, layer.apply([x, lens], { training: true }) as tf.Tensor) as tf.Scalar;
    const before = tf.tidy(() => lossFn().dataSync()[0]);
    const opt = tf.train.sgd(0.1);
    opt.minimize(
      lossFn,
      false,
      layer.trainableWeights.map((v) => v.read() as tf.Variable),
    );
    const n0 = tf.memory().numTensors;
    opt.minimize(
      lossFn,
      false,
      layer.trainableWeights.map((v) => v.read() as tf.Variable),
    );
    expect(tf.memory().numTensors).toBe(n0);
    const after = tf.tidy(() => lossFn().dataSync()[0]);
    expect(Number.isFinite(before) && before > 0).toBe(true);
    expect(after).toBeLessThan(before);
  });

  it('rejects a wrong input dim and bad configs with NextVladError codes', () => {
    const layer = new NeXtVLAD(args);
    expect(() => layer.apply(tf.ones([1, 2, 7]))).toThrow(expect.objectContaining({ code: 'BAD_INPUT_SHAPE' }));
    expect(() => new NeXtVLAD({ featureSize: 3, groups: 4 })).toThrow(NextVladError);
    expect(() => new NeXtVLAD({ featureSize: 4, clusterSize: 2.5 })).toThrow(
      /clusterSize: must be a positive integer, got 2.5/,
    );
    expect(() => new NeXtVLAD({ featureSize: 4, dropout: 1 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
  });
});

function expectClose(actual: number[], expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    if (Math.abs(v - expected[i]) > tol) throw new Error(`index ${i}: ${v} vs ${expected[i]} (tol ${tol})`);
  });
}

type Nested = number | Nested[];
function forEachIndex(
  arr: Nested,
  fn: (get: () => number, set: (v: number) => void, idx: number[]) => void,
  idx: number[] = [],
): void {
  (arr as Nested[]).forEach((v, i) => {
    if (Array.isArray(v)) forEachIndex(v, fn, [...idx, i]);
    else
      fn(
        () => (arr as number[])[i],
        (nv) => ((arr as number[])[i] = nv),
        [...idx, i],
      );
  });
}

function expectGrad(analytic: Nested, idx: number[], numeric: number, name: string): void {
  const a = idx.reduce<Nested>((v, i) => (v as Nested[])[i], analytic) as number;
  const tol = 2e-4 + 2e-3 * Math.abs(numeric);
  if (Math.abs(a - numeric) > tol)
    throw new Error(`${name}[${idx.join(',')}]: autodiff ${a} vs finite difference ${numeric}`);
}
