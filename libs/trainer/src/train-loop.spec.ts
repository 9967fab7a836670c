import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Rng } from '@vidsim/core';
import { initTf, nextTfSeed, tf } from '@vidsim/tf-runtime';
import { GroupedAdam } from './grouped-adam';
import { MetricsLog } from './metrics-log';
import { warmupPolynomialDecay } from './schedule';
import { trainLoop, type TrainData } from './train-loop';

// A tiny two-group regression with dropout and per-step random noise: enough randomness that a resume which did
// not restore the RNG streams, the data order or the Adam moments would end on different weights.
const N = 64;
const X = Float32Array.from({ length: N * 4 }, (_, i) => Math.sin(i * 1.7));
const W_TRUE = [0.5, -1, 2, 0.25];

function makeModel() {
  return tf.tidy(() => ({
    w: tf.variable(tf.randomNormal([4, 8], 0, 0.3, 'float32', 11), true, `w-${Math.random()}`),
    v: tf.variable(tf.randomNormal([8, 1], 0, 0.3, 'float32', 12), true, `v-${Math.random()}`),
  }));
}

const data: TrainData<number[], { x: tf.Tensor2D; y: tf.Tensor2D }> = {
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

async function run(outDir: string, opts: { stopAfterSteps?: number; resume?: boolean }) {
  const m = makeModel();
  const schedule = warmupPolynomialDecay({ lr: 0.05, totalSteps: 40 });
  const optimizer = new GroupedAdam([
    { name: 'head', variables: [m.v], schedule, clipNorm: 1 },
    { name: 'body', variables: [m.w], schedule: warmupPolynomialDecay({ lr: 0.01, totalSteps: 40 }), clipNorm: 1 },
  ]);
  const summary = await trainLoop({
    stage: 'toy', outDir, seed: 3, epochs: 10, data, optimizer, variables: { w: m.w, v: m.v },
    checkpointEvery: 7, resume: opts.resume, stopAfterSteps: opts.stopAfterSteps, log: () => undefined,
    loss: (b) => tf.losses.meanSquaredError(b.y, tf.dropout(tf.relu(b.x.matMul(m.w)), 0.2, undefined, nextTfSeed()).matMul(m.v)) as tf.Scalar,
  });
  const weights = [Array.from(await m.w.data()), Array.from(await m.v.data())];
  optimizer.dispose();
  tf.dispose([m.w, m.v]);
  return { summary, weights };
}

describe('trainLoop', () => {
  beforeAll(() => initTf({ backend: 'cpu' }));

  it('learns, logs every step, and a killed-then-resumed run ends on the same weights', async () => {
    const straight = await run(fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-loop-a-')), {});
    expect(straight.summary.steps).toBe(40);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-loop-b-'));
    const killed = await run(dir, { stopAfterSteps: 17 }); // last checkpoint at step 14
    expect(killed.summary.steps).toBe(17);
    const resumed = await run(dir, { resume: true });
    expect(resumed.summary.resumedFrom).toBe(14);
    expect(resumed.weights).toEqual(straight.weights);
    const lines = MetricsLog.read(path.join(dir, 'metrics.jsonl'));
    expect(lines.map((l) => l.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const losses = lines.map((l) => l.loss as number);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 2);
  });

  it('keeps the tensor count flat across steps', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-loop-c-'));
    await run(dir, { stopAfterSteps: 2 });
    const before = tf.memory().numTensors;
    await run(fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-loop-d-')), {});
    expect(tf.memory().numTensors).toBe(before);
  });

  it('plans each epoch from its own seed', () => {
    const a = data.plans(0, new Rng('3/toy/epoch-0'));
    const b = data.plans(0, new Rng('3/toy/epoch-0'));
    expect(a).toEqual(b);
  });
});
