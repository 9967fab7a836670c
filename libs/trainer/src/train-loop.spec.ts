import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Rng } from '@vidsim/core';
import { initTf, tf } from '@vidsim/tf-runtime';
import { MetricsLog } from './metrics-log';
import { runToy as run, toyData as data } from './testing/toy-regression';

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
