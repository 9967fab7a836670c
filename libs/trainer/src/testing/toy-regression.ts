import { nextTfSeed, tf } from '@vidsim/tf-runtime';
import { GroupedAdam } from '../grouped-adam';
import { warmupPolynomialDecay } from '../schedule';
import { trainLoop, type TrainData, type TrainSummary } from '../train-loop';

// A tiny two-group regression with dropout and per-step random noise: enough randomness that a resume which did
// not restore the RNG streams, the data order or the Adam moments would end on different weights. 4 steps per
// epoch, 10 epochs, a checkpoint every 7 steps (7, 14, 21, ...).
const N = 64;
const X = Float32Array.from({ length: N * 4 }, (_, i) => Math.sin(i * 1.7));
const W_TRUE = [0.5, -1, 2, 0.25];

function makeModel() {
  return tf.tidy(() => ({
    w: tf.variable(tf.randomNormal([4, 8], 0, 0.3, 'float32', 11), true, `w-${Math.random()}`),
    v: tf.variable(tf.randomNormal([8, 1], 0, 0.3, 'float32', 12), true, `v-${Math.random()}`),
  }));
}

export const toyData: TrainData<number[], { x: tf.Tensor2D; y: tf.Tensor2D }> = {
  plans: (_epoch, rng) => {
    const order = rng.shuffle(Array.from({ length: N }, (_, i) => i)) as number[];
    return [0, 1, 2, 3].map((b) => order.slice(b * 16, b * 16 + 16));
  },
  load: (rows, rng) => {
    const x = new Float32Array(rows.length * 4);
    const y = new Float32Array(rows.length);
    rows.forEach((r, i) => {
      for (let j = 0; j < 4; j++) x[i * 4 + j] = X[r * 4 + j];
      y[i] = W_TRUE.reduce((s, w, j) => s + w * X[r * 4 + j], 0) + 0.01 * rng.normal();
    });
    return { x: tf.tensor2d(x, [rows.length, 4]), y: tf.tensor2d(y, [rows.length, 1]) };
  },
  size: (b) => b.x.shape[0],
  dispose: (b) => tf.dispose([b.x, b.y]),
};

export interface ToyRunOptions {
  stopAfterSteps?: number;
  resume?: boolean;
  log?: (line: string) => void;
}

/** One training run of the toy in `outDir`; returns the loop summary and the final weights. */
export async function runToy(
  outDir: string,
  opts: ToyRunOptions = {},
): Promise<{ summary: TrainSummary; weights: number[][] }> {
  const m = makeModel();
  const schedule = warmupPolynomialDecay({ lr: 0.05, totalSteps: 40 });
  const optimizer = new GroupedAdam([
    { name: 'head', variables: [m.v], schedule, clipNorm: 1 },
    { name: 'body', variables: [m.w], schedule: warmupPolynomialDecay({ lr: 0.01, totalSteps: 40 }), clipNorm: 1 },
  ]);
  try {
    const summary = await trainLoop({
      stage: 'toy',
      outDir,
      seed: 3,
      epochs: 10,
      data: toyData,
      optimizer,
      variables: { w: m.w, v: m.v },
      checkpointEvery: 7,
      resume: opts.resume,
      stopAfterSteps: opts.stopAfterSteps,
      log: opts.log ?? (() => undefined),
      loss: (b) =>
        tf.losses.meanSquaredError(
          b.y,
          tf.dropout(tf.relu(b.x.matMul(m.w)), 0.2, undefined, nextTfSeed()).matMul(m.v),
        ) as tf.Scalar,
    });
    const weights = [Array.from(await m.w.data()), Array.from(await m.v.data())];
    return { summary, weights };
  } finally {
    optimizer.dispose();
    tf.dispose([m.w, m.v]);
  }
}
