import { initTf, setGlobalSeed, tf } from '@vidsim/tf-runtime';
import { trainSmokeModel } from './smoke-model';

describe('smoke model', () => {
  it('learns on wasm without leaking tensors', async () => {
    await initTf({ backend: 'wasm' });
    await trainSmokeModel(2); // first use allocates a few cached scalars inside tfjs, once per backend
    setGlobalSeed(1);
    const before = tf.memory().numTensors;
    const losses = await trainSmokeModel(25);
    expect(tf.memory().numTensors).toBe(before);
    // chance level is ln(8) = 2.079; the label is readable from one token, so training must go well below it
    expect(losses[0]).toBeGreaterThan(1.9);
    expect(losses[losses.length - 1]).toBeLessThan(1.8);
  });

  it('follows the same trajectory on cpu as on wasm (same seed)', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await initTf({ backend });
      setGlobalSeed(7);
      return trainSmokeModel(3);
    };
    const wasm = await run('wasm');
    const cpu = await run('cpu');
    cpu.forEach((loss, i) => expect(Math.abs(loss - wasm[i])).toBeLessThan(1e-4));
  });
});
