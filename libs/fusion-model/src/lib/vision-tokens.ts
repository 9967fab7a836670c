import type { BertInputs, BertModel } from '@vidsim/bert';
import { tf, tfl } from '@vidsim/tf-runtime';

/**
 * BERT's input with the frames as vision tokens (reference-solution.md §4 and §5): the title's word embeddings,
 * then `visionDense(frames)` (F -> H) per frame; token type 0 on the title, 1 on the frames; the attention mask is
 * the title mask followed by `frameMask`. Pretraining attends to every frame row (the reference's padded frame
 * copies: `frameMask` all ones); the tower masks padded frames (`sequenceMask(numFrames, T)`). One builder, so the
 * BERT that pretraining adapts sees exactly the input layout the tower feeds it.
 *
 * Shapes: titleIds, titleMask [B, L]; frames [B, T, F]; frameMask [B, T]; out inputsEmbeds [B, L+T, H],
 * attentionMask [B, L+T] float32, tokenTypeIds [B, L+T] int32. Call inside `tf.tidy`.
 */
export function visionTokenInputs(
  bert: BertModel,
  visionDense: tfl.layers.Layer,
  titleIds: tf.Tensor2D,
  titleMask: tf.Tensor2D,
  frames: tf.Tensor3D,
  frameMask: tf.Tensor2D,
): Required<Pick<BertInputs, 'inputsEmbeds' | 'attentionMask' | 'tokenTypeIds'>> {
  const [B, T, F] = frames.shape;
  const L = titleIds.shape[1];
  const H = bert.config.hiddenSize;
  const titleEmb = tf.gather(bert.wordEmbeddings as tf.Tensor, titleIds) as tf.Tensor3D; // [B, L, H]
  const frameEmb = (visionDense.apply(frames.reshape([B * T, F])) as tf.Tensor2D).reshape([B, T, H]); // [B, T, H]
  return {
    inputsEmbeds: tf.concat([titleEmb, frameEmb], 1) as tf.Tensor3D,
    attentionMask: tf.concat([tf.cast(titleMask, 'float32'), tf.cast(frameMask, 'float32')], 1) as tf.Tensor2D,
    tokenTypeIds: tf.concat([tf.zeros([B, L], 'int32'), tf.ones([B, T], 'int32')], 1) as tf.Tensor2D,
  };
}
