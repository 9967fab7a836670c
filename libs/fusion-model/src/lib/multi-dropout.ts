import { nextTfSeed, tf, tfl } from '@vidsim/tf-runtime';
import { Dice } from './dice';

type Dense = ReturnType<typeof tfl.layers.dense>;

/**
 * melt's MultiDropout(dims=[H], num_experts=E, activate_last=True) (layers.py:890-927): the mean of E experts,
 * each Dropout(rate) -> Dense(H) -> activation. With Dice, ONE instance is shared by all experts (the reference
 * quirk: `mt.activation('dice')` returns a single layer), so they share alpha and the BN statistics.
 * E = 1 is the `--mdrop=0` ablation (a single Dense + activation).
 *
 * Input shape: [B, C]. Output shape: [B, H].
 */
export class MultiDropout {
  readonly experts: Dense[];
  readonly dice?: Dice;

  constructor(
    inputSize: number,
    readonly units: number,
    numExperts: number,
    readonly rate: number,
    activation: 'dice' | 'relu',
    dice: { epsilon: number; momentum: number; seed?: number },
  ) {
    this.experts = Array.from({ length: numExperts }, (_, e) => {
      const d = tfl.layers.dense({
        units,
        kernelInitializer: tfl.initializers.glorotUniform({
          seed: dice.seed === undefined ? undefined : dice.seed + e,
        }),
      });
      d.build([null, inputSize]);
      return d;
    });
    if (activation === 'dice') {
      this.dice = new Dice({ epsilon: dice.epsilon, momentum: dice.momentum });
      this.dice.build([null, units]);
    }
  }

  apply(x: tf.Tensor2D, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      const outs = this.experts.map((dense) => {
        const xin = training && this.rate > 0 ? tf.dropout(x, this.rate, undefined, nextTfSeed()) : x;
        const h = dense.apply(xin) as tf.Tensor2D; // [B, H]
        return this.dice ? (this.dice.apply(h, { training }) as tf.Tensor2D) : tf.relu(h);
      });
      return (outs.length === 1 ? outs[0] : tf.addN(outs).div(outs.length)) as tf.Tensor2D;
    });
  }

  get trainableVariables(): tf.Variable[] {
    const layers: tfl.layers.Layer[] = [...this.experts, ...(this.dice ? [this.dice] : [])];
    return layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  }

  dispose(): void {
    for (const l of [...this.experts, ...(this.dice ? [this.dice] : [])]) l.weights.forEach((w) => w.dispose());
  }
}
