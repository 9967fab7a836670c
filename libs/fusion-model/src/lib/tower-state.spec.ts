import { initTf, tf } from '@vidsim/tf-runtime';
import { TINY } from './config';
import { FusionTower, type TowerBatch } from './tower';

const B = 2, T = 4, F = 1536;
// a 1000-token BERT vocab keeps the cpu backend quick (the 21128-row table dominates initialisation)
const SMALL = { ...TINY, bert: { ...TINY.bert, vocabSize: 1000 }, seed: 3 };

function batch(frames: tf.Tensor3D): TowerBatch {
  return {
    frames,
    numFrames: tf.tensor1d([4, 2], 'int32'),
    titleIds: tf.tensor2d([[101, 700, 800, 102, 0, 0], [101, 900, 901, 902, 903, 102]], undefined, 'int32'),
    titleMask: tf.tensor2d([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]], undefined, 'int32'),
    wordIds: tf.tensor2d([[101, 300, 102, 0, 0], [101, 250, 260, 270, 102]], undefined, 'int32'),
  };
}

describe('FusionTower fitted state (frameNorm, embeddingCentre)', () => {
  beforeAll(async () => {
    await initTf({ backend: 'cpu' });
  });

  it('frameNorm embeds raw frames as a plain tower embeds frames standardised by hand; embeddingCentre subtracts the centre', () => {
    // frames with a large offset and scale per dimension, as real features have
    const offset = Float32Array.from({ length: F }, (_, d) => 3 + (d % 7));
    const spread = Float32Array.from({ length: F }, (_, d) => 0.5 + (d % 5));
    const z = tf.randomNormal([B, T, F], 0, 1, 'float32', 9) as tf.Tensor3D;
    const raw = z.mul(tf.tensor1d(spread)).add(tf.tensor1d(offset)) as tf.Tensor3D;
    const plain = new FusionTower(SMALL);
    const normed = new FusionTower({ ...SMALL, frameNorm: true, embeddingCentre: true });
    normed.setFrameNorm(offset, spread);
    const want = plain.embed(batch(z)).arraySync();
    expect(normed.embed(batch(raw)).arraySync().flat().map((v, i) => v - want.flat()[i]).every((d) => Math.abs(d) < 1e-3)).toBe(true);
    const centre = Float32Array.from({ length: TINY.hiddenSize }, (_, d) => d / 10);
    normed.setEmbeddingCentre(centre);
    const centred = normed.embed(batch(raw)).arraySync();
    centred.forEach((row, b) => row.forEach((v, d) => expect(v).toBeCloseTo(want[b][d] - centre[d], 3)));
    // the fitted state is saved with the model and never trained
    expect(Object.keys(normed.stateVariables()).sort()).toEqual(['embedding_mean', 'frame_mean', 'frame_scale']);
    const trained = new Set(Object.values(normed.trainableVariables()).flat());
    expect(Object.values(normed.stateVariables()).some((v) => trained.has(v))).toBe(false);
    expect(Object.keys(plain.stateVariables())).toEqual([]);
    plain.dispose();
    normed.dispose();
  });

  it('setters name what is wrong', () => {
    const plain = new FusionTower(SMALL);
    expect(() => plain.setFrameNorm(new Float32Array(F), new Float32Array(F))).toThrow(/setFrameNorm needs config.frameNorm/);
    plain.dispose();
    const normed = new FusionTower({ ...SMALL, frameNorm: true });
    expect(() => normed.setFrameNorm(new Float32Array(3), new Float32Array(3))).toThrow(/frameDim = 1536 values, got 3 and 3/);
    normed.dispose();
  });
});
