import { tf } from '../tf';
import { HeapView, type WasmBackend } from './wasm-heap';

export const LAYER_NORM_KERNEL = 'VidsimLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'VidsimLayerNormGrad';

type Args = Parameters<tf.KernelFunc>[0];

/**
 * LayerNorm over the last axis in one pass per row on the wasm heap (float64 row statistics): y, and each row's
 * mean and 1/sqrt(var + eps) for the gradient. The composite form is about 9 kernels forward and 20 backward.
 */
export function layerNormKernel(args: Args): tf.TensorInfo[] {
  const { x, gamma, beta } = args.inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  const { epsilon } = args.attrs as { epsilon: number };
  const backend = args.backend as unknown as WasmBackend;
  const h = x.shape[x.shape.length - 1];
  const rows = tf.util.sizeFromShape(x.shape) / h;
  const y = backend.makeOutput(x.shape, 'float32');
  const mean = backend.makeOutput([rows], 'float32');
  const rstd = backend.makeOutput([rows], 'float32');
  const heap = new HeapView(backend);
  const xs = heap.floats(x),
    g = heap.floats(gamma),
    b = heap.floats(beta),
    ys = heap.floats(y);
  const ms = heap.floats(mean),
    rs = heap.floats(rstd);
  for (let r = 0, o = 0; r < rows; r++, o += h) {
    let sum = 0;
    for (let j = 0; j < h; j++) sum += xs[o + j];
    const mu = sum / h;
    let sq = 0;
    for (let j = 0; j < h; j++) {
      const d = xs[o + j] - mu;
      sq += d * d;
    }
    const inv = 1 / Math.sqrt(sq / h + epsilon);
    ms[r] = mu;
    rs[r] = inv;
    for (let j = 0; j < h; j++) ys[o + j] = (xs[o + j] - mu) * inv * g[j] + b[j];
  }
  return [y, mean, rstd];
}

/** dx, dgamma, dbeta of LayerNorm from dy and the saved row statistics. */
export function layerNormGradKernel(args: Args): tf.TensorInfo[] {
  const { dy, x, gamma, mean, rstd } = args.inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'rstd', tf.TensorInfo>;
  const backend = args.backend as unknown as WasmBackend;
  const h = x.shape[x.shape.length - 1];
  const rows = tf.util.sizeFromShape(x.shape) / h;
  const dx = backend.makeOutput(x.shape, 'float32');
  const dgamma = backend.makeOutput([h], 'float32');
  const dbeta = backend.makeOutput([h], 'float32');
  const heap = new HeapView(backend);
  const dys = heap.floats(dy),
    xs = heap.floats(x),
    g = heap.floats(gamma),
    ms = heap.floats(mean),
    rs = heap.floats(rstd);
  const dxs = heap.floats(dx);
  const dg = new Float64Array(h),
    db = new Float64Array(h);
  for (let r = 0, o = 0; r < rows; r++, o += h) {
    const mu = ms[r],
      inv = rs[r];
    // dxhat = dy * gamma; dx = inv * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
    let sumD = 0,
      sumDX = 0;
    for (let j = 0; j < h; j++) {
      const xhat = (xs[o + j] - mu) * inv;
      const d = dys[o + j] * g[j];
      sumD += d;
      sumDX += d * xhat;
      dg[j] += dys[o + j] * xhat;
      db[j] += dys[o + j];
    }
    const meanD = sumD / h,
      meanDX = sumDX / h;
    for (let j = 0; j < h; j++) {
      const xhat = (xs[o + j] - mu) * inv;
      dxs[o + j] = inv * (dys[o + j] * g[j] - meanD - xhat * meanDX);
    }
  }
  heap.floats(dgamma).set(dg);
  heap.floats(dbeta).set(db);
  return [dx, dgamma, dbeta];
}

/** The composite LayerNorm (tfjs ops), used where the fused kernels are not registered. */
function layerNormComposite(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, x.rank - 1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

/**
 * LayerNorm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta. On wasm with the `layernorm` in-heap
 * kernel on, one kernel forward and one backward; elsewhere the composite of tfjs ops.
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const backend = tf.getBackend();
  if (
    !tf.getKernel(LAYER_NORM_KERNEL, backend) ||
    !tf.getKernel(LAYER_NORM_GRAD_KERNEL, backend) ||
    x.dtype !== 'float32'
  ) {
    return layerNormComposite(x, gamma, beta, eps);
  }
  const h = x.shape[x.rank - 1];
  if (gamma.size !== h || beta.size !== h) {
    throw new Error(
      `layerNorm: gamma [${gamma.shape}] and beta [${beta.shape}] must have ${h} values (the last axis of x [${x.shape}])`,
    );
  }
  const fused = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xi, gi, bi, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, mean, rstd] = tf
      .engine()
      .runKernel(LAYER_NORM_KERNEL, { x: xi, gamma: gi, beta: bi }, { epsilon: eps }) as tf.Tensor[];
    save([xi, gi, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sm, sr] = saved;
        const [dx, dgamma, dbeta] = tf
          .engine()
          .runKernel(LAYER_NORM_GRAD_KERNEL, { dy, x: sx, gamma: sg, mean: sm, rstd: sr }, {}) as tf.Tensor[];
        return [dx, tf.reshape(dgamma, gamma.shape), tf.reshape(dbeta, beta.shape)];
      },
    };
  });
  return fused(x, gamma, beta);
}
