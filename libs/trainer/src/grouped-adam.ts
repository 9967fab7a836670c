import { createAdam, tf } from '@vidsim/tf-runtime';
import { clipByGlobalNorm } from './clip';
import type { Schedule } from './schedule';
import { TrainerError } from './errors';

/** One optimiser group: its own Adam, learning-rate schedule and global-norm clipping (reference §3.2). */
export interface ParamGroup {
  name: string;
  variables: tf.Variable[];
  schedule: Schedule;
  /** Clip this group's gradients to this global norm; 0 disables. Default 1.0. */
  clipNorm?: number;
}

export interface AdamConfig {
  beta1: number;
  beta2: number;
  /** 1e-6 in the reference (`opt_epsilon`), not Keras' 1e-7. */
  epsilon: number;
}

/** tfjs AdamOptimizer's private running products beta1^t, beta2^t. */
type AdamBetaPowers = { accBeta1: tf.Variable; accBeta2: tf.Variable };

export const REFERENCE_ADAM: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-6 };

export interface StepResult {
  loss: number;
  lr: Record<string, number>;
  gradNorm: Record<string, number>;
}

/**
 * `tfa.optimizers.MultiOptimizer` over Adam groups: one backward pass, then per group clip and apply with that
 * group's learning rate at this step. Gradients are passed in a fixed order, since tfjs Adam keys its moment
 * slots by position.
 */
export class GroupedAdam {
  private readonly optimizers: tf.AdamOptimizer[];

  constructor(
    readonly groups: ParamGroup[],
    readonly config: AdamConfig = REFERENCE_ADAM,
  ) {
    const seen = new Set<string>();
    for (const g of groups) {
      // a negative norm used to switch clipping off without a word
      if (g.clipNorm !== undefined && !(g.clipNorm >= 0 && Number.isFinite(g.clipNorm))) {
        throw new TrainerError(
          `group '${g.name}': clipNorm must be a finite number >= 0 (0 turns clipping off), got ${g.clipNorm}`,
          'BAD_OPTION',
          { field: 'clipNorm' },
        );
      }
      for (const v of g.variables) {
        if (seen.has(v.name))
          throw new TrainerError(`variable '${v.name}' is in more than one optimiser group`, 'BAD_OPTION', {
            field: v.name,
          });
        seen.add(v.name);
      }
    }
    this.optimizers = groups.map((g) => createAdam(g.schedule(0), config.beta1, config.beta2, config.epsilon));
  }

  /** Runs loss(), backpropagates into every group's variables, clips per group and applies. */
  step(loss: () => tf.Scalar, step: number): StepResult {
    const all = this.groups.flatMap((g) => g.variables);
    const { value, grads } = tf.variableGrads(loss, all);
    const result: StepResult = { loss: value.dataSync()[0], lr: {}, gradNorm: {} };
    value.dispose();
    this.groups.forEach((g, i) => {
      // variables the loss does not reach (the tag head during pairwise training) get no gradient and no update
      const used = g.variables.filter((v) => grads[v.name] !== undefined);
      const raw = used.map((v) => grads[v.name]);
      const clipNorm = g.clipNorm ?? 1.0;
      const { clipped, norm } = clipNorm > 0 ? clipByGlobalNorm(raw, clipNorm) : { clipped: raw, norm: NaN };
      const lr = g.schedule(step);
      // tfjs reads the protected learningRate field at every apply, so a schedule can set it per step
      (this.optimizers[i] as unknown as { learningRate: number }).learningRate = lr;
      if (used.length) this.optimizers[i].applyGradients(used.map((v, j) => ({ name: v.name, tensor: clipped[j] })));
      if (clipped !== raw) tf.dispose(clipped);
      result.lr[g.name] = lr;
      result.gradNorm[g.name] = norm;
    });
    tf.dispose(Object.values(grads));
    return result;
  }

  /**
   * Moments and iteration counts, named `<group>/<slot>/<name>` for a checkpoint. The moments are the live
   * variables; the iteration counts are new scalars: dispose what is not a tf.Variable after use.
   */
  async getWeights(): Promise<Record<string, tf.Tensor>> {
    const out: Record<string, tf.Tensor> = {};
    for (let i = 0; i < this.groups.length; i++) {
      const weights = await this.optimizers[i].getWeights();
      weights.forEach((w, j) => (out[`${this.groups[i].name}/${String(j).padStart(5, '0')}/${w.name}`] = w.tensor));
      // tfjs rebuilds beta^t with pow() on restore, which differs in the last bit from the running product it keeps:
      // save the products themselves so a resumed run repeats exactly
      const betas = this.optimizers[i] as unknown as AdamBetaPowers;
      out[`${this.groups[i].name}.accBeta1`] = tf.clone(betas.accBeta1);
      out[`${this.groups[i].name}.accBeta2`] = tf.clone(betas.accBeta2);
    }
    return out;
  }

  async setWeights(saved: Record<string, tf.Tensor>): Promise<void> {
    for (let i = 0; i < this.groups.length; i++) {
      const prefix = `${this.groups[i].name}/`;
      const names = Object.keys(saved)
        .filter((n) => n.startsWith(prefix))
        .sort();
      const weights = names.map((n) => ({
        name: n.slice(prefix.length).replace(/^\d{5}\//, ''),
        tensor: tf.clone(saved[n]),
      }));
      await this.optimizers[i].setWeights(weights); // wraps each moment in a new variable sharing the clone's data
      tf.dispose(weights.map((w) => w.tensor));
      const betas = this.optimizers[i] as unknown as AdamBetaPowers;
      const b1 = saved[`${this.groups[i].name}.accBeta1`],
        b2 = saved[`${this.groups[i].name}.accBeta2`];
      if (b1 && b2) {
        betas.accBeta1.assign(b1);
        betas.accBeta2.assign(b2);
      }
    }
  }

  dispose(): void {
    this.optimizers.forEach((o) => o.dispose());
  }
}
