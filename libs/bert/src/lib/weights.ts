import { tf } from '@vidsim/tf-runtime';
import { BertError } from './errors';

let instances = 0;

/** How a fresh weight is initialised (HF BERT `_init_weights`). */
export type WeightInit = 'normal' | 'zeros' | 'ones';

/**
 * Named tf.Variables of one model instance. Keys are the Hugging Face names without the `bert.` prefix
 * (e.g. `encoder.layer.0.attention.self.query.weight`), so checkpoint I/O is a plain lookup.
 * Kernels are stored [in, out] (x·W is a plain matmul, the fast case on wasm); the loader transposes.
 * tfjs registers variables globally by name, so each store prefixes its own unique scope.
 */
export class WeightStore {
  readonly scope: string;
  private readonly vars = new Map<string, tf.Variable>();
  private seed: number | undefined;

  constructor(
    scope: string,
    private readonly initializerRange: number,
    seed?: number,
  ) {
    this.scope = `${scope}_${++instances}`;
    this.seed = seed;
  }

  add(name: string, shape: number[], init: WeightInit): tf.Variable {
    if (this.vars.has(name))
      throw new BertError(`Duplicate weight name '${name}' in ${this.scope}`, 'BAD_CONFIG', { name });
    const value = tf.tidy(() => {
      if (init === 'zeros') return tf.zeros(shape);
      if (init === 'ones') return tf.ones(shape);
      const seed = this.seed === undefined ? undefined : this.seed++;
      return tf.truncatedNormal(shape, 0, this.initializerRange, 'float32', seed);
    });
    const v = tf.variable(value, true, `${this.scope}/${name}`);
    value.dispose();
    this.vars.set(name, v);
    return v;
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new BertError(`No weight named '${name}' in ${this.scope}`, 'MISSING_WEIGHTS', { name });
    return v;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  /** Weights in creation order, keyed by their HF-style name. */
  entries(): [string, tf.Variable][] {
    return [...this.vars.entries()];
  }

  /** Replaces a weight's value after checking the shape exactly (never broadcasts). */
  assign(name: string, value: tf.Tensor): void {
    const v = this.get(name);
    if (!tf.util.arraysEqual(v.shape, value.shape)) {
      throw new BertError(
        `Weight ${name} expects shape ${JSON.stringify(v.shape)}, got ${JSON.stringify(value.shape)}`,
        'WEIGHT_SHAPE_MISMATCH',
        { name, expected: v.shape, actual: value.shape },
      );
    }
    v.assign(value);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
