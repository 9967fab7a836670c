import { tf } from '../tf';
import { HeapView, type WasmBackend } from './wasm-heap';

export const FUSED_ADAM_KERNEL = 'VidsimFusedAdam';

/**
 * One Adam update of a variable in one pass over the wasm heap: new value, first and second moment as three new
 * tensors, the same formula as tfjs's AdamOptimizer (11 kernels). Attrs: beta1, beta2, epsilon, learningRate, oneMinusAccBeta1, oneMinusAccBeta2
 * (the last two already float32 values, as tfjs computes them on tensors).
 */
export function fusedAdamKernel(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const { x, g, m, v } = args.inputs as Record<'x' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const a = args.attrs as Record<
    'beta1' | 'beta2' | 'epsilon' | 'learningRate' | 'oneMinusAccBeta1' | 'oneMinusAccBeta2',
    number
  >;
  const backend = args.backend as unknown as WasmBackend;
  const size = tf.util.sizeFromShape(x.shape);
  for (const [name, t] of [
    ['gradient', g],
    ['first moment', m],
    ['second moment', v],
  ] as const) {
    if (tf.util.sizeFromShape(t.shape) !== size || t.dtype !== 'float32') {
      throw new Error(
        `${FUSED_ADAM_KERNEL}: ${name} [${t.shape}] ${t.dtype} does not match the variable [${x.shape}] ${x.dtype}`,
      );
    }
  }
  const outX = backend.makeOutput(x.shape, 'float32');
  const outM = backend.makeOutput(x.shape, 'float32');
  const outV = backend.makeOutput(x.shape, 'float32');
  const heap = new HeapView(backend);
  const xs = heap.floats(x),
    gs = heap.floats(g),
    ms = heap.floats(m),
    vs = heap.floats(v);
  const nx = heap.floats(outX),
    nm = heap.floats(outM),
    nv = heap.floats(outV);
  // in float64, rounded once to float32 at the stores: within float32 rounding of tfjs's 11-kernel update and
  // twice as fast as rounding every step (which made this slower than those wasm SIMD kernels on a big table)
  const b1 = a.beta1,
    c1 = 1 - a.beta1,
    b2 = a.beta2,
    c2 = 1 - a.beta2,
    eps = a.epsilon,
    negLr = -a.learningRate;
  const r1 = 1 / a.oneMinusAccBeta1,
    r2 = 1 / a.oneMinusAccBeta2;
  for (let i = 0; i < size; i++) {
    const gi = gs[i];
    const mi = ms[i] * b1 + gi * c1;
    const vi = vs[i] * b2 + gi * gi * c2;
    nm[i] = mi;
    nv[i] = vi;
    nx[i] = xs[i] + (negLr * (mi * r1)) / (Math.sqrt(vi * r2) + eps);
  }
  return [outX, outM, outV];
}

type AdamInternals = {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
};

/**
 * tfjs's AdamOptimizer (same slots, weights and checkpoints) whose update is one kernel per variable where the
 * backend has it (wasm, with the `adam` in-heap kernel on), instead of 11. Elsewhere it is the stock update.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamInternals;
    const list: Array<{ name: string; tensor: tf.Tensor | undefined }> = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    tf.tidy(() => {
      // as tfjs: 1 - beta^t on float32 tensors
      const oneMinusAccBeta1 = tf.sub(1, self.accBeta1).dataSync()[0];
      const oneMinusAccBeta2 = tf.sub(1, self.accBeta2).dataSync()[0];
      list.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        self.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        self.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        if (gradient == null) return;
        const first = self.accumulatedFirstMoment[i]!.variable;
        const second = self.accumulatedSecondMoment[i]!.variable;
        const [x, m, v] = tf.engine().runKernel(
          FUSED_ADAM_KERNEL,
          { x: value, g: gradient, m: first, v: second },
          {
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            learningRate: self.learningRate,
            oneMinusAccBeta1,
            oneMinusAccBeta2,
          },
        ) as tf.Tensor[];
        first.assign(m);
        second.assign(v);
        value.assign(x);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    (this as unknown as { incrementIterations(): void }).incrementIterations();
  }
}

/** `tf.train.adam` with the fused update where available: a drop-in for it. */
export function createAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): tf.AdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
