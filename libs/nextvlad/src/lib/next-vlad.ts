import { tf, tfl } from '@vidsim/tf-runtime';
import { groupFeatureSize, resolveNextVladConfig, type NextVladConfig } from './config';
import { NextVladError } from './errors';
import { nextVladForward, type NextVladWeights } from './next-vlad-math';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Shape = (number | null)[];
type LayerVariable = tfl.LayerVariable;

export type NeXtVLADArgs = LayerArgs & Partial<NextVladConfig> & Pick<NextVladConfig, 'featureSize'>;

/**
 * NeXtVLAD (Lin et al. 2018, "NeXtVLAD: An Efficient Neural Network to Aggregate Frame-level Features"),
 * ported from the 3rd-place model2.py:19-101 (identical to the official TF baseline), masking quirk included.
 *
 * Input: `frames` [B, T, D] or `[frames, lengths]` with lengths [B] (valid rows per item).
 * Output: [B, O].
 * Weights: expand/kernel [D, E·F], expand/bias [E·F], gate/kernel [E·F, G], gate/bias [G],
 * cluster/kernel [E·F, G·K], cluster_weights2 [1, F', K], out/kernel [F'·K, O], out/bias [O].
 *
 * ```ts
 * const vlad = new NeXtVLAD({ ...TINY_NEXTVLAD, seed: 1 });
 * const y = vlad.apply([frames, numFrames]) as tf.Tensor2D; // [B, 16]
 * ```
 */
export class NeXtVLAD extends tfl.layers.Layer {
  static className = 'NeXtVLAD';
  readonly config: NextVladConfig;
  private w?: Record<keyof NextVladWeights, LayerVariable>;

  constructor(args: NeXtVLADArgs) {
    super(args);
    const { featureSize, inputSize, clusterSize, groups, expansion, outputSize, dropout, maskPaddedAfterExpand, seed } =
      args;
    const picked = {
      featureSize,
      inputSize,
      clusterSize,
      groups,
      expansion,
      outputSize,
      dropout,
      maskPaddedAfterExpand,
      seed,
    };
    this.config = resolveNextVladConfig(picked);
    this.supportsMasking = false;
  }

  override build(inputShape: Shape | Shape[]): void {
    const frames = framesShape(inputShape);
    const D = frames[2];
    if (frames.length !== 3 || D === null) {
      throw new NextVladError(
        `frames must have shape [B, T, D] with D known, got ${JSON.stringify(frames)}`,
        'BAD_INPUT_SHAPE',
        { layer: this.name, actual: frames },
      );
    }
    const c = this.config;
    if (c.inputSize !== undefined && c.inputSize !== D) {
      throw new NextVladError(`frames last dim must be inputSize=${c.inputSize}, got ${D}`, 'BAD_INPUT_SHAPE', {
        layer: this.name,
        expected: c.inputSize,
        actual: D,
      });
    }
    const EF = c.expansion * c.featureSize,
      G = c.groups,
      K = c.clusterSize,
      Fp = groupFeatureSize(c),
      O = c.outputSize;
    const seed = (i: number) => (c.seed === undefined ? undefined : c.seed + i);
    // Keras defaults: glorot_uniform kernels, zero biases; cluster_weights2 is glorot_normal (model2.py).
    const glorot = (i: number) => tfl.initializers.glorotUniform({ seed: seed(i) });
    const zeros = tfl.initializers.zeros();
    this.w = {
      expandKernel: this.addWeight('expand/kernel', [D, EF], 'float32', glorot(0)),
      expandBias: this.addWeight('expand/bias', [EF], 'float32', zeros),
      gateKernel: this.addWeight('gate/kernel', [EF, G], 'float32', glorot(1)),
      gateBias: this.addWeight('gate/bias', [G], 'float32', zeros),
      clusterKernel: this.addWeight('cluster/kernel', [EF, G * K], 'float32', glorot(2)),
      clusterCentres: this.addWeight(
        'cluster_weights2',
        [1, Fp, K],
        'float32',
        tfl.initializers.glorotNormal({ seed: seed(3) }),
      ),
      outKernel: this.addWeight('out/kernel', [Fp * K, O], 'float32', glorot(4)),
      outBias: this.addWeight('out/bias', [O], 'float32', zeros),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [framesShape(inputShape)[0], this.config.outputSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const [frames, lengths] = Array.isArray(inputs) ? inputs : [inputs, undefined];
      if (frames.rank !== 3) {
        throw new NextVladError(
          `frames must have rank 3 [B, T, D], got shape ${JSON.stringify(frames.shape)}`,
          'BAD_INPUT_SHAPE',
          { layer: this.name, actual: frames.shape },
        );
      }
      if (lengths && (lengths.rank !== 1 || lengths.shape[0] !== frames.shape[0])) {
        throw new NextVladError(
          `lengths must have shape [${frames.shape[0]}], got ${JSON.stringify(lengths.shape)}`,
          'BAD_INPUT_SHAPE',
          { layer: this.name, actual: lengths.shape },
        );
      }
      const w = this.w!;
      const read = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.read()])) as unknown as NextVladWeights;
      return nextVladForward(
        frames as tf.Tensor3D,
        (lengths as tf.Tensor1D) ?? null,
        read,
        this.config,
        kwargs['training'] === true,
      );
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { seed: _seed, ...rest } = this.config;
    return { ...super.getConfig(), ...rest } as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(NeXtVLAD);

function framesShape(inputShape: Shape | Shape[]): Shape {
  return Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : (inputShape as Shape);
}
