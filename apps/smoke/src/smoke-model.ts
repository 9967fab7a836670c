import { performance } from 'perf_hooks';
import { globalRng, nextTfSeed, tf } from '@vidsim/tf-runtime';

const VOCAB = 21128; // the Chinese BERT vocab: exercises the embedding gradient at full size
const DIM = 64;
const SEQ = 16;
const CLASSES = 8;
const BATCH = 32;

/**
 * A bag-of-tokens classifier whose label is a function of the tokens, so the loss must fall if gradients flow
 * through the embedding lookup and both dense layers. Returns the loss of every step.
 */
export async function trainSmokeModel(
  steps: number,
  onStep?: (step: number, loss: number, ms: number) => void,
): Promise<number[]> {
  const rng = globalRng().fork('smoke');
  // tf.variable keeps its initial tensor alive unless created inside tidy (variables survive the tidy)
  const init = (name: string, shape: number[], std: number) =>
    tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', nextTfSeed()), true, `smoke/${name}`));
  const emb = init('emb', [VOCAB, DIM], 0.05);
  const w1 = init('w1', [DIM, DIM], 1 / Math.sqrt(DIM));
  const w2 = init('w2', [DIM, CLASSES], 1 / Math.sqrt(DIM));
  const optimizer = tf.train.adam(1e-2);
  const losses: number[] = [];
  try {
    for (let step = 1; step <= steps; step++) {
      const ids = new Int32Array(BATCH * SEQ);
      const labels = new Int32Array(BATCH);
      for (let b = 0; b < BATCH; b++) {
        // the first token decides the class; the rest is noise drawn from a small pool
        labels[b] = rng.int(CLASSES);
        ids[b * SEQ] = 1000 + labels[b];
        for (let s = 1; s < SEQ; s++) ids[b * SEQ + s] = 2000 + rng.int(200);
      }
      const t0 = performance.now();
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const x = tf.gather(emb, tf.tensor2d(ids, [BATCH, SEQ], 'int32')).mean(1); // [B, DIM]
            const logits = tf.relu(x.matMul(w1)).matMul(w2); // [B, CLASSES]
            return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES), logits) as tf.Scalar;
          }),
        true,
      )!;
      const value = (await loss.data())[0];
      loss.dispose();
      losses.push(value);
      onStep?.(step, value, performance.now() - t0);
    }
  } finally {
    optimizer.dispose();
    tf.dispose([emb, w1, w2]);
  }
  return losses;
}
