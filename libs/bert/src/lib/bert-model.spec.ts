import * as path from 'path';
import { initTf, tf } from '@vidsim/tf-runtime';
import { readF32Safetensors, referenceBert, referenceMlmLogits } from '../testing/reference-bert';
import { BertModel } from './bert-model';
import { loadPretrainedBert, type PretrainedBert } from './checkpoint/pretrained';
import { BertError } from './errors';
import { maskedLmLoss } from './mlm-head';

const DIR = path.join(__dirname, '../testing/tiny-bert');
// vocab.txt: [PAD] [UNK] [CLS] [SEP] [MASK] all work and no play makes jack a dull boy
const IDS = [
  [2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 3], // [CLS] all work and no play makes jack a dull boy [SEP]
  [2, 11, 10, 4, 14, 3, 0, 0, 0, 0, 0, 0], // [CLS] jack makes [MASK] boy [SEP] + padding
];
const MASK = [Array(12).fill(1), [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]];
const TYPES = [[0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], Array(12).fill(0)];

describe('BertModel on the real tiny checkpoint, against a float64 re-implementation', () => {
  let m: PretrainedBert;
  const ref = readF32Safetensors(path.join(DIR, 'model.safetensors'));
  const refSeq = IDS.map((ids, b) =>
    referenceBert(ref, { numLayers: 2, numHeads: 4, eps: 1e-12 }, ids, MASK[b], TYPES[b]),
  );

  beforeAll(async () => {
    await initTf({ backend: 'cpu' });
    m = await loadPretrainedBert(DIR);
  });
  afterAll(() => {
    m.mlmHead?.dispose();
    m.bert.dispose();
  });

  const inputs = () => ({
    inputIds: tf.tensor2d(IDS, undefined, 'int32'),
    attentionMask: tf.tensor2d(MASK, undefined, 'int32'),
    tokenTypeIds: tf.tensor2d(TYPES, undefined, 'int32'),
  });

  it('sequence [2,12,4] and cls [2,4] match to 1e-5', () => {
    const { sequence, cls } = m.bert.apply(inputs());
    expect(sequence.shape).toEqual([2, 12, 4]);
    expect(cls.shape).toEqual([2, 4]);
    const seq = sequence.arraySync();
    let maxErr = 0;
    for (let b = 0; b < 2; b++)
      for (let t = 0; t < 12; t++)
        for (let h = 0; h < 4; h++) maxErr = Math.max(maxErr, Math.abs(seq[b][t][h] - refSeq[b][t][h]));
    expect(maxErr).toBeLessThan(1e-5);
    expect(cls.arraySync()[1]).toEqual(seq[1][0]);
    // the padded keys really are masked: padding is invisible to the unpadded positions
    const short = m.bert
      .apply({ inputIds: tf.tensor2d([IDS[1].slice(0, 6)], undefined, 'int32') })
      .sequence.arraySync()[0];
    for (let t = 0; t < 6; t++)
      for (let h = 0; h < 4; h++) expect(Math.abs(short[t][h] - seq[1][t][h])).toBeLessThan(1e-5);
  });

  it('inputsEmbeds = word-embedding lookups gives the same result as inputIds', () => {
    const x = inputs();
    const embeds = tf.gather(m.bert.wordEmbeddings as tf.Tensor, x.inputIds);
    const a = m.bert.apply(x).sequence;
    const b = m.bert.apply({
      inputsEmbeds: embeds as tf.Tensor3D,
      attentionMask: x.attentionMask,
      tokenTypeIds: x.tokenTypeIds,
    }).sequence;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
  });

  it('MLM logits and the masked-LM loss over labelled positions only match float64', () => {
    const { sequence } = m.bert.apply(inputs());
    const logits = m.mlmHead!.apply(sequence).arraySync() as number[][][];
    const labels = [Array(12).fill(-100), Array(12).fill(-100)];
    labels[0][3] = 7; // 'and'
    labels[1][3] = 9; // the [MASK] slot: 'play'
    labels[1][4] = 14;
    let maxErr = 0;
    let nll = 0;
    for (const [b, t] of [
      [0, 3],
      [1, 3],
      [1, 4],
    ]) {
      const r = referenceMlmLogits(ref, refSeq[b][t], 1e-12);
      for (let v = 0; v < 15; v++) maxErr = Math.max(maxErr, Math.abs(logits[b][t][v] - r[v]));
      const lse = Math.log(r.reduce((a, z) => a + Math.exp(z), 0));
      nll += lse - r[labels[b][t]];
    }
    expect(maxErr).toBeLessThan(1e-4);
    const loss = maskedLmLoss(m.mlmHead!, sequence, tf.tensor2d(labels, undefined, 'int32')).dataSync()[0];
    expect(Math.abs(loss - nll / 3)).toBeLessThan(1e-5);
  });

  it('dropout only while training', () => {
    const eval1 = m.bert.apply(inputs()).sequence.dataSync();
    const eval2 = m.bert.apply(inputs(), { training: false }).sequence.dataSync();
    const train = m.bert.apply(inputs(), { training: true }).sequence.dataSync();
    expect(eval2).toEqual(eval1);
    expect(train).not.toEqual(eval1);
  });

  it('fails fast with the field and the shape', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as BertError;
      }
      throw new Error('no error');
    };
    expect(err(() => m.bert.apply({})).code).toBe('BAD_INPUT');
    expect(err(() => m.bert.apply({ inputIds: tf.tensor2d([[1, 2]]) })).message).toBe(
      'inputIds must be int32, got float32',
    );
    expect(err(() => m.bert.apply({ inputsEmbeds: tf.zeros([1, 2, 5]) as tf.Tensor3D })).message).toBe(
      'inputsEmbeds must have shape [B,T,4], got [1,2,5]',
    );
    expect(err(() => m.bert.apply({ inputIds: tf.zeros([1, 17], 'int32') as tf.Tensor2D })).message).toBe(
      'sequence length must be <= maxPositions 16, got 17',
    );
    expect(
      err(() =>
        m.bert.apply({
          inputIds: tf.zeros([1, 3], 'int32') as tf.Tensor2D,
          attentionMask: tf.ones([1, 4]) as tf.Tensor2D,
        }),
      ).context,
    ).toMatchObject({
      field: 'attentionMask',
      actual: [1, 4],
    });
    expect(
      err(() =>
        maskedLmLoss(m.mlmHead!, tf.zeros([1, 2, 4]) as tf.Tensor3D, tf.tensor2d([[-100, -100]], undefined, 'int32')),
      ).code,
    ).toBe('NO_MLM_LABELS');
  });
});

describe('BertModel training', () => {
  beforeAll(() => initTf({ backend: 'cpu' }));

  it('an MLM training loop lowers the loss and leaks no tensors', async () => {
    const { BertMlmHead } = await import('./mlm-head');
    const bert = new BertModel({
      config: {
        vocabSize: 30,
        hiddenSize: 16,
        numLayers: 1,
        numHeads: 2,
        intermediateSize: 32,
        maxPositions: 8,
        hiddenDropout: 0,
      },
      seed: 3,
    });
    const head = new BertMlmHead(bert, 4);
    const ids = tf.tensor2d(
      [
        [2, 5, 4, 7],
        [2, 9, 4, 11],
      ],
      undefined,
      'int32',
    );
    const labels = tf.tensor2d(
      [
        [-100, -100, 6, -100],
        [-100, -100, 10, -100],
      ],
      undefined,
      'int32',
    );
    const opt = tf.train.adam(1e-2);
    const vars = [...bert.trainableVariables, ...head.trainableVariables];
    const losses: number[] = [];
    let count = 0;
    for (let step = 0; step < 15; step++) {
      const loss = opt.minimize(
        () => maskedLmLoss(head, bert.apply({ inputIds: ids }, { training: true }).sequence, labels),
        true,
        vars,
      )!;
      losses.push(loss.dataSync()[0]);
      loss.dispose();
      if (step === 1) count = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(count);
    expect(losses[0]).toBeGreaterThan(Math.log(30) - 0.5);
    expect(losses[14]).toBeLessThan(losses[0] / 3);
    opt.dispose();
    head.dispose();
    bert.dispose();
  });
});
