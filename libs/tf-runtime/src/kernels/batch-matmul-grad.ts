import { tf } from '../tf';

/**
 * tfjs-core's BatchMatMul gradient ignores broadcasting: for a[B,M,K]·b[K,N] it returns a b-gradient of
 * shape [B,K,N] and the tape throws. This registers the same gradient with broadcast axes summed away,
 * so `tf.matMul(rank3, rank2)` is differentiable on every backend.
 */
export function registerBroadcastingBatchMatMulGrad(): void {
  const config = tf.getGradient('BatchMatMul');
  if (!config || (config as { vidsimPatched?: boolean }).vidsimPatched) return;
  const stock = config.gradFunc;
  const patched: tf.GradConfig & { vidsimPatched: boolean } = {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    vidsimPatched: true,
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved;
      const grads = stock(dy, saved, attrs);
      return {
        a: () => reduceToShape(grads.a(), a.shape),
        b: () => reduceToShape(grads.b(), b.shape),
      };
    },
  };
  const warn = console.warn;
  console.warn = () => undefined; // registerGradient warns when overriding, which is the point here
  try {
    tf.registerGradient(patched);
  } finally {
    console.warn = warn;
  }
}

function reduceToShape(grad: tf.Tensor, shape: number[]): tf.Tensor {
  if (tf.util.arraysEqual(grad.shape, shape)) return grad;
  const extra = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    const target = i < extra ? 1 : shape[i - extra];
    if (i < extra || (target === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  return tf.reshape(tf.sum(grad, axes), shape);
}
