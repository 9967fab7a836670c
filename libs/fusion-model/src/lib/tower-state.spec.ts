import { initTf, tf } from '@vidsim/tf-runtime';
import { TINY } from './config';
import { FusionTower, whiteningFromCovariance, type TowerBatch } from './tower';

const B = 2,
  T = 4,
  F = 1536;
// a 1000-token BERT vocab keeps the cpu backend quick (the 21128-row table dominates initialisation)
const SMALL = { ...TINY, bert: { ...TINY.bert, vocabSize: 1000 }, seed: 3 };

function batch(frames: tf.Tensor3D): TowerBatch {
  return {
    frames,
    numFrames: tf.tensor1d([4, 2], 'int32'),
    titleIds: tf.tensor2d(
      [
        [101, 700, 800, 102, 0, 0],
        [101, 900, 901, 902, 903, 102],
      ],
      undefined,
      'int32',
    ),
    titleMask: tf.tensor2d(
      [
        [1, 1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 1],
      ],
      undefined,
      'int32',
    ),
    wordIds: tf.tensor2d(
      [
        [101, 300, 102, 0, 0],
        [101, 250, 260, 270, 102],
      ],
      undefined,
      'int32',
    ),
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
    expect(
      normed
        .embed(batch(raw))
        .arraySync()
        .flat()
        .map((v, i) => v - want.flat()[i])
        .every((d) => Math.abs(d) < 1e-3),
    ).toBe(true);
    const centre = Float32Array.from({ length: TINY.hiddenSize }, (_, d) => d / 10);
    // the centre is the mean of the fitting embeddings
    normed.fitEmbeddingCentre([centre.map((v) => v + 1), centre.map((v) => v - 1)]);
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

  it('tagBias: a zero embedding scores the tags by their bias alone; bias: false gives the uniform chance ln(V-2)', () => {
    const tower = new FusionTower({ ...SMALL, tagVocabSize: 6, tagLoss: 'fullSoftmax', tagBias: true, lossScale: 1 });
    const bias = [9, 9, 1, 2, 3, -1];
    tower.tagBiasVar!.assign(tf.tensor2d(bias, [6, 1]));
    const zero = tf.zeros([1, TINY.hiddenSize]) as tf.Tensor2D;
    const positives = tf.tensor2d([[3, 0]], undefined, 'int32');
    const lse = Math.log([1, 2, 3, -1].reduce((s, x) => s + Math.exp(x), 0));
    // one real positive (id 3, bias 2) of M = 2 slots
    expect(tower.tagLoss(zero, { positives }).dataSync()[0]).toBeCloseTo((lse - 2) / 2, 5);
    expect(tower.tagLoss(zero, { positives }, { bias: false }).dataSync()[0]).toBeCloseTo(Math.log(4) / 2, 5);
    expect(Array.from(tower.tagScores(zero).dataSync())).toEqual(bias);
    expect(tower.trainableVariables().head).toContain(tower.tagBiasVar);
    tower.dispose();
  });

  it('whiteningFromCovariance: W^T S W = I (hand 2x2 case and a random 5x5 covariance)', () => {
    // S = [[4, 2], [2, 2]]: L = [[2, 0], [1, 1]], L^-1 = [[0.5, 0], [-0.5, 1]], W = L^-T = [[0.5, -0.5], [0, 1]]
    expect(Array.from(whiteningFromCovariance(Float64Array.from([4, 2, 2, 2]), 2))).toEqual([0.5, -0.5, 0, 1]);
    const D = 5;
    const A = Array.from({ length: D * D }, (_, i) => Math.sin(i * 1.7) + (i % (D + 1) === 0 ? 2 : 0));
    const S = new Float64Array(D * D);
    for (let i = 0; i < D; i++)
      for (let j = 0; j < D; j++) for (let k = 0; k < D; k++) S[i * D + j] += A[i * D + k] * A[j * D + k];
    const W = whiteningFromCovariance(S, D);
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        let v = 0;
        for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) v += W[a * D + i] * S[a * D + b] * W[b * D + j];
        expect(v).toBeCloseTo(i === j ? 1 : 0, 4);
      }
    }
  });

  it('embeddingWhiten: the fitting embeddings come out with isotropic covariance at shrinkage 0', () => {
    const tower = new FusionTower({
      ...SMALL,
      hiddenSize: 8,
      seRatio: 8,
      embeddingCentre: true,
      embeddingWhiten: true,
      whitenShrinkage: 0,
    });
    const fit = Array.from({ length: 200 }, (_, n) =>
      Float32Array.from({ length: 8 }, (_, d) => Math.sin(n * (d + 1) * 0.37) * (d + 1) + (n % 3) * (d === 0 ? 5 : 0)),
    );
    tower.fitEmbeddingCentre(fit);
    const out = tf
      .tidy(
        () =>
          tf
            .tensor2d(fit.map((r) => Array.from(r)))
            .sub(tower.embeddingMean!)
            .matMul(tower.embeddingWhitening!) as tf.Tensor2D,
      )
      .arraySync();
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        const c = out.reduce((s, r) => s + r[i] * r[j], 0) / out.length;
        expect(c).toBeCloseTo(i === j ? 1 : 0, 3);
      }
    }
    expect(() => new FusionTower({ ...SMALL, embeddingWhiten: true })).toThrow(
      /embeddingWhiten: must be used with embeddingCentre/,
    );
    tower.dispose();
  });

  it('setters name what is wrong', () => {
    const plain = new FusionTower(SMALL);
    expect(() => plain.setFrameNorm(new Float32Array(F), new Float32Array(F))).toThrow(
      /setFrameNorm needs config.frameNorm/,
    );
    plain.dispose();
    const normed = new FusionTower({ ...SMALL, frameNorm: true });
    expect(() => normed.setFrameNorm(new Float32Array(3), new Float32Array(3))).toThrow(
      /frameDim = 1536 values, got 3 and 3/,
    );
    normed.dispose();
  });
});
