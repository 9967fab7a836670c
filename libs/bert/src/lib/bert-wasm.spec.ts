import * as path from 'path';
import { initTf, tf } from '@vidsim/tf-runtime';
import { readF32Safetensors, referenceBert } from '../testing/reference-bert';
import { loadPretrainedBert } from './checkpoint/pretrained';
import { maskedLmLoss } from './mlm-head';

const DIR = path.join(__dirname, '../testing/tiny-bert');

describe('BertModel on the wasm backend', () => {
  beforeAll(() => initTf({ backend: 'wasm' }));

  it('forward matches float64 and a training step runs (gather/matMul/erf gradients exist on wasm)', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const { bert, mlmHead } = await loadPretrainedBert(DIR);
    const ids = [2, 11, 10, 4, 14, 3, 0, 0];
    const mask = [1, 1, 1, 1, 1, 1, 0, 0];
    const types = [0, 0, 0, 1, 1, 1, 1, 1];
    const ref = referenceBert(
      readF32Safetensors(path.join(DIR, 'model.safetensors')),
      { numLayers: 2, numHeads: 4, eps: 1e-12 },
      ids,
      mask,
      types,
    );
    const inputs = {
      inputIds: tf.tensor2d([ids], undefined, 'int32'),
      attentionMask: tf.tensor2d([mask], undefined, 'int32'),
      tokenTypeIds: tf.tensor2d([types], undefined, 'int32'),
    };
    const seq = bert.apply(inputs).sequence.arraySync()[0];
    let maxErr = 0;
    for (let t = 0; t < ids.length; t++)
      for (let h = 0; h < 4; h++) maxErr = Math.max(maxErr, Math.abs(seq[t][h] - ref[t][h]));
    expect(maxErr).toBeLessThan(1e-4);

    const labels = tf.tensor2d([[-100, -100, -100, 9, -100, -100, -100, -100]], undefined, 'int32');
    const opt = tf.train.adam(1e-2);
    const vars = [...bert.trainableVariables, ...mlmHead!.trainableVariables];
    const loss = () => maskedLmLoss(mlmHead!, bert.apply(inputs, { training: true }).sequence, labels);
    const first = opt.minimize(loss, true, vars)!.dataSync()[0];
    expect(Number.isFinite(first)).toBe(true);
    const { grads } = tf.variableGrads(loss, vars);
    expect(Object.keys(grads)).toHaveLength(vars.length);
    tf.dispose(grads);
    opt.dispose();
    mlmHead!.dispose();
    bert.dispose();
  });
});
