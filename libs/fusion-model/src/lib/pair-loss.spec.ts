import { initTf, tf } from '@vidsim/tf-runtime';
import { pairLoss } from './pair-loss';

describe('pairLoss', () => {
  beforeAll(async () => {
    await initTf({ backend: 'cpu' });
  });

  it('is the weighted MSE of the cosine against the target (hand-computed)', () => {
    // pair 0: cos([1,0],[1,1]) = 1/sqrt(2), target 0.5, weight 2 -> 2 (0.70710678 - 0.5)^2 = 0.08578644
    // pair 1: cos([3,4],[-3,-4]) = -1, target 0, weight 1 -> 1; pair 2: a zero vector -> cos 0, target 0.25 -> 0.0625
    const loss = pairLoss(
      tf.tensor2d([
        [1, 0],
        [3, 4],
        [0, 0],
      ]),
      tf.tensor2d([
        [1, 1],
        [-3, -4],
        [1, 2],
      ]),
      tf.tensor1d([0.5, 0, 0.25]),
      tf.tensor1d([2, 1, 1]),
    );
    expect(loss.dataSync()[0]).toBeCloseTo((2 * (Math.SQRT1_2 - 0.5) ** 2 + 1 + 0.0625) / 3, 6);
  });

  it('has the gradient of the formula and leaves no tensors behind', () => {
    const q = tf.variable(tf.tensor2d([[1, 0]]));
    const d = tf.tensor2d([[0, 1]]);
    const before = tf.memory().numTensors;
    // cos = q.d/|q||d|; at q=(1,0), d=(0,1): d cos/dq = (d - cos q)/|q| = (0, 1); loss = (cos - 1)^2 -> dL/dq = 2 (0 - 1) (0, 1)
    const { grads } = tf.variableGrads(() => pairLoss(q, d, tf.tensor1d([1]), tf.tensor1d([1])));
    expect(Array.from(grads[q.name].dataSync())).toEqual([expect.closeTo(0, 6), expect.closeTo(-2, 6)]);
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2); // the two constant inputs
  });
});
