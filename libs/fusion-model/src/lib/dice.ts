import { tf, tfl } from '@vidsim/tf-runtime';
import { FusionModelError } from './errors';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Shape = (number | null)[];

export interface DiceArgs extends LayerArgs {
  /** BN epsilon. Reference: 1e-7 (layers.py:55-80). */
  epsilon?: number;
  /** BN moving-average momentum. Keras default: 0.99. */
  momentum?: number;
}

/** The Dice math: p = sigmoid((x - mean)/sqrt(var + eps)), y = alpha·(1 - p)·x + p·x. x [B, D], mean/var/alpha [D] -> [B, D]. */
export function diceForward(
  x: tf.Tensor2D,
  mean: tf.Tensor,
  variance: tf.Tensor,
  alpha: tf.Tensor,
  epsilon: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const p = tf.sigmoid(x.sub(mean).mul(tf.rsqrt(variance.add(epsilon)))); // [B, D]
    return alpha.mul(tf.sub(1, p)).mul(x).add(p.mul(x)) as tf.Tensor2D;
  });
}

/**
 * Dice (Zhou et al. 2018, DIN) as in the reference: a BatchNormalization without centre and scale (eps 1e-7) whose
 * sigmoid gates x, and a learnt alpha [D] initialised to 0. Training uses the batch's (biased) moments and
 * updates the moving statistics on every call, so one instance shared by 5 experts updates them 5 times a step.
 *
 * Input shape: [B, D]. Output shape: [B, D]. Weights: alpha [D] (trainable), moving_mean, moving_variance [D].
 */
export class Dice extends tfl.layers.Layer {
  static className = 'Dice';
  readonly epsilon: number;
  readonly momentum: number;
  private alpha?: tfl.LayerVariable;
  private movingMean?: tfl.LayerVariable;
  private movingVariance?: tfl.LayerVariable;

  constructor(args: DiceArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-7;
    this.momentum = args.momentum ?? 0.99;
    if (!(this.epsilon > 0))
      throw new FusionModelError(
        `Invalid option epsilon: must be > 0, got ${JSON.stringify(args.epsilon)}`,
        'BAD_CONFIG',
        { field: 'epsilon', actual: args.epsilon },
      );
    if (!(this.momentum >= 0 && this.momentum < 1))
      throw new FusionModelError(
        `Invalid option momentum: must be in [0, 1), got ${JSON.stringify(args.momentum)}`,
        'BAD_CONFIG',
        { field: 'momentum', actual: args.momentum },
      );
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = inputShape as Shape;
    const D = s[s.length - 1];
    if (s.length !== 2 || D === null)
      throw new FusionModelError(`Dice input must be [B, D] with D known, got ${JSON.stringify(s)}`, 'BAD_INPUT', {
        layer: this.name,
        actual: s,
      });
    this.alpha = this.addWeight('alpha', [D], 'float32', tfl.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [D], 'float32', tfl.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [D], 'float32', tfl.initializers.ones(), undefined, false);
    this.inputSpec = [{ ndim: 2, axes: { [-1]: D } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
    const alpha = this.alpha!.read();
    if (kwargs['training'] !== true) {
      return diceForward(x, this.movingMean!.read(), this.movingVariance!.read(), alpha, this.epsilon);
    }
    const { mean, variance } = tf.moments(x, 0); // [D], biased: Keras' non-fused BN on 2-D input
    tf.tidy(() => {
      // Assignments are not recorded for gradients; the moving statistics only serve inference.
      const m = this.momentum;
      const mm = this.movingMean!.read(),
        mv = this.movingVariance!.read();
      (mm as tf.Variable).assign(mm.mul(m).add(mean.mul(1 - m)));
      (mv as tf.Variable).assign(mv.mul(m).add(variance.mul(1 - m)));
    });
    const y = diceForward(x, mean, variance, alpha, this.epsilon);
    mean.dispose();
    variance.dispose();
    return y;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, momentum: this.momentum };
  }
}
tf.serialization.registerClass(Dice);
