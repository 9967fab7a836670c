import { initTf, tf } from '@vidsim/tf-runtime';
import { Dice, diceForward } from './dice';

beforeAll(async () => {
  await initTf({ backend: 'cpu' });
});

const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** float64 Dice in training mode: batch (biased) moments per column. x [B][D] -> [B][D] */
function refDice(x: number[][], alpha: number[], eps: number): number[][] {
  const B = x.length;
  const mean = alpha.map((_, d) => x.reduce((s, r) => s + r[d], 0) / B);
  const vr = alpha.map((_, d) => x.reduce((s, r) => s + (r[d] - mean[d]) ** 2, 0) / B);
  return x.map((r) =>
    r.map((v, d) => {
      const p = sig((v - mean[d]) / Math.sqrt(vr[d] + eps));
      return alpha[d] * (1 - p) * v + p * v;
    }),
  );
}

describe('Dice', () => {
  it('hand case x=[[1],[3]], alpha=0.5: mean 2, var 1, p=sigmoid(-+1) -> y = [0.634470, 2.596588]', () => {
    // y0 = 0.5*(1-0.268941)*1 + 0.268941*1, y1 = 0.5*(1-0.731059)*3 + 0.731059*3
    const x = tf.tensor2d([[1], [3]]);
    const y = diceForward(x, tf.tensor1d([2]), tf.tensor1d([1]), tf.tensor1d([0.5]), 1e-7).dataSync();
    expect(y[0]).toBeCloseTo(0.63447, 5);
    expect(y[1]).toBeCloseTo(2.596588, 5);
  });

  it('alpha starts at 0; one shared instance applied 5 times moves the moving mean to 2*(1-0.99^5) = 0.098020', () => {
    const dice = new Dice();
    const x = tf.tensor2d([[1], [3]]);
    for (let i = 0; i < 5; i++) tf.tidy(() => dice.apply(x, { training: true }) as tf.Tensor);
    const [alpha, mm, mv] = dice.weights.map((w) => w.read().dataSync()[0]);
    expect(alpha).toBe(0);
    expect(mm).toBeCloseTo(0.0980199, 6);
    expect(mv).toBeCloseTo(1, 6);
    // inference uses the moving statistics: p = sigmoid((x - 0.09802)/sqrt(1 + 1e-7)), y = p*x with alpha 0
    const y = (dice.apply(x) as tf.Tensor).dataSync();
    expect(y[0]).toBeCloseTo(sig(1 - 0.0980199) * 1, 5);
    expect(y[1]).toBeCloseTo(sig(3 - 0.0980199) * 3, 5);
    expect(dice.trainableWeights.map((w) => w.originalName.split('/').pop())).toEqual(['alpha']);
  });

  it('training-mode gradients w.r.t. x and alpha match central differences of a float64 implementation', () => {
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 3) as tf.Tensor2D;
    const alpha = tf.tensor1d([0.3, -0.2, 0.7]);
    const R = tf.randomNormal([4, 3], 0, 1, 'float32', 4);
    const dice = new Dice();
    dice.build([null, 3]);
    (dice.weights[0].read() as tf.Variable).assign(alpha);
    const [gx, ga] = tf.grads((xx: tf.Tensor, aa: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, 0);
      return diceForward(xx as tf.Tensor2D, mean, variance, aa, 1e-7)
        .mul(R)
        .sum();
    })([x, alpha]);
    // the layer in training mode gives the same value as the function
    const yLayer = (dice.apply(x, { training: true }) as tf.Tensor).mul(R).sum().dataSync()[0];
    const X = x.arraySync(),
      A = Array.from(alpha.dataSync()),
      Rv = R.arraySync() as number[][];
    const loss = () => refDice(X, A, 1e-7).reduce((s, r, b) => s + r.reduce((t, v, d) => t + v * Rv[b][d], 0), 0);
    expect(yLayer).toBeCloseTo(loss(), 4);
    const h = 1e-6;
    const fd = (arr: number[], j: number) => {
      const v = arr[j];
      arr[j] = v + h;
      const p = loss();
      arr[j] = v - h;
      const m = loss();
      arr[j] = v;
      return (p - m) / (2 * h);
    };
    const GX = gx.arraySync() as number[][],
      GA = Array.from(ga.dataSync());
    X.forEach((row, i) => row.forEach((_, j) => expect(Math.abs(GX[i][j] - fd(row, j))).toBeLessThan(2e-4)));
    A.forEach((_, j) => expect(Math.abs(GA[j] - fd(A, j))).toBeLessThan(2e-4));
  });

  it('config round trip and bad options', () => {
    const d = new Dice({ epsilon: 1e-3, momentum: 0.9 });
    expect(d.getConfig()).toEqual(expect.objectContaining({ epsilon: 1e-3, momentum: 0.9 }));
    expect(() => new Dice({ momentum: 1 })).toThrow(expect.objectContaining({ code: 'BAD_CONFIG' }));
  });
});
