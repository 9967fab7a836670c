import { BertModel } from '@vidsim/bert';
import { initTf, tf, tfl } from '@vidsim/tf-runtime';
import { TINY } from './config';
import { visionTokenInputs } from './vision-tokens';

describe('visionTokenInputs', () => {
  beforeAll(async () => {
    await initTf({ backend: 'cpu' });
  });

  it('lays out [title embeddings; Dense(frames)] with token types 0/1 and title mask then frame mask', () => {
    const bert = new BertModel({ config: { ...TINY.bert, vocabSize: 50 }, seed: 3 });
    const H = bert.config.hiddenSize;
    const F = 6,
      T = 3,
      L = 4,
      B = 2;
    const dense = tfl.layers.dense({ units: H, kernelInitializer: 'ones', biasInitializer: 'zeros' });
    dense.build([null, F]);
    const titleIds = tf.tensor2d(
      [
        [101, 7, 102, 0],
        [101, 9, 9, 102],
      ].map((r) => r.map((x) => x % 50)),
      [B, L],
      'int32',
    );
    const titleMask = tf.tensor2d(
      [
        [1, 1, 1, 0],
        [1, 1, 1, 1],
      ],
      [B, L],
      'int32',
    );
    // frame f of video b is all (b + 1) * (f + 1): with an all-ones kernel its H outputs are F (b + 1)(f + 1)
    const frames = tf.tensor3d(
      Array.from({ length: B * T * F }, (_, i) => (Math.floor(i / (T * F)) + 1) * ((Math.floor(i / F) % T) + 1)),
      [B, T, F],
    );
    const frameMask = tf.tensor2d([
      [1, 1, 0],
      [1, 0, 0],
    ]);
    const out = visionTokenInputs(bert, dense, titleIds, titleMask, frames, frameMask);
    expect(out.inputsEmbeds.shape).toEqual([B, L + T, H]);
    expect(out.tokenTypeIds.arraySync()).toEqual([
      [0, 0, 0, 0, 1, 1, 1],
      [0, 0, 0, 0, 1, 1, 1],
    ]);
    expect(out.attentionMask.dtype).toBe('float32');
    expect(out.attentionMask.arraySync()).toEqual([
      [1, 1, 1, 0, 1, 1, 0],
      [1, 1, 1, 1, 1, 0, 0],
    ]);
    const emb = out.inputsEmbeds.arraySync();
    const table = (bert.wordEmbeddings as tf.Tensor2D).arraySync();
    expect(emb[0][1]).toEqual(table[7]);
    expect(emb[1][2]).toEqual(table[9]);
    expect(emb[0][L + 2]).toEqual(new Array(H).fill(F * 1 * 3));
    expect(emb[1][L]).toEqual(new Array(H).fill(F * 2 * 1));
  });
});
