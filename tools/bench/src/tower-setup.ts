import { FusionModelError, FusionTower, MODEL2, TINY, type FusionConfig, type TowerBatch } from '@vidsim/fusion-model';
import { LogUniformSampler } from '@vidsim/tag-sampler';
import { createAdam, describeBackend, initTf, tf } from '@vidsim/tf-runtime';
import type { BenchArgs, BenchMetrics } from './benchmark';

export interface TowerCtx {
  tower: FusionTower;
  batch: TowerBatch;
  positives: tf.Tensor2D;
  sampler: LogUniformSampler;
  opt: { head: tf.Optimizer; bert: tf.Optimizer };
  B: number;
  params: number;
  trainBert: boolean;
}

// wasm32 caps the heap at 4 GB in theory; with this tfjs-backend-wasm build a step aborted ("Aborted()") once about
// 2 GB were live (measured: the reference tower's 1.06 GB of weights plus its gradients), so guard at 2 GB.
const WASM_HEAP_BYTES = 2 * 1024 ** 3;

/**
 * tiny: vidsim's TINY (3,586,057 parameters; PyTorch twin `torch_tower.py --preset vidsim-tiny`).
 * small: BERT 2x128 (512 positions), NeXtVLAD K16 G4 on 1536-d frames, words 20k x 64, 10k tags, 1000 negatives
 * (19,963,401 parameters; PyTorch twin `--preset tiny`).
 * reference: the model2 tower with a 20k-word vocab (the real jieba vocab is data-dependent and larger).
 */
const VLAD_SMALL = { featureSize: 1536, clusterSize: 16, expansion: 2, outputSize: 256, dropout: 0 };
const SIZES: Record<string, Partial<FusionConfig>> = {
  tiny: { ...TINY },
  small: {
    ...MODEL2,
    bert: { ...TINY.bert, maxPositions: 512 },
    visionVlad: VLAD_SMALL,
    mergeVlad: VLAD_SMALL,
    wordVocabSize: 20_000,
    wordDim: 64,
    tagVocabSize: 10_000,
  },
  reference: { ...MODEL2, wordVocabSize: 20_000 },
};

export const TOWER_OPTIONS =
  '--size tiny|small|reference --batch N (32|4) --opt sgd|adam --train all|head --frames 32 --title 40 --words 26 --blas auto|on|off --kernels all|none|-gather,-identity,-column-sum,-segment-sum';

/** Builds the tower, a random batch and the optimisers on the chosen backend (wasm by default). */
export async function setupTower(args: BenchArgs): Promise<TowerCtx> {
  const size = args.size ?? 'tiny';
  if (!SIZES[size]) throw new Error(`--size must be ${Object.keys(SIZES).join(', ')}, got ${size}`);
  const choice = await initTf({
    backend: (args.backend as 'wasm' | 'cpu') ?? 'wasm',
    blas: args.blas as 'auto' | 'on' | 'off' | undefined,
    wasmKernels: args.kernels,
  });
  console.log(`# ${describeBackend(choice)}`);
  const cfg = { ...SIZES[size], seed: 1 } as FusionConfig;
  const B = Number(args.batch ?? (size === 'reference' ? 4 : 32));
  const T = Number(args.frames ?? 32),
    L = Number(args.title ?? 40),
    W = Number(args.words ?? 26);
  const optName = args.opt ?? (size === 'reference' ? 'sgd' : 'adam');
  const tower = new FusionTower(cfg);
  const trainBert = (args.train ?? 'all') === 'all';
  const counts = tower.countParams();
  const params = counts.head + (trainBert ? counts.bert : 0);
  const weights = counts.head + counts.bert;
  console.log(
    `# size ${size}: ${weights.toLocaleString('en-US')} parameters (${params.toLocaleString('en-US')} trained), batch ${B}, ${optName}`,
  );
  // weights + gradients (+ Adam m and v) + a rough activation allowance: refuse before wasm dies mid-step.
  // activations: about 60 MB per video for the 12-layer, 768-wide BERT over 72 tokens (my estimate), scaled by size
  const actPerVideo = 60e6 * ((cfg.bert.hiddenSize * cfg.bert.numLayers) / (768 * 12)) * ((L + T) / 72);
  const need = weights * 4 + params * 4 * (optName === 'adam' ? 3 : 1) + actPerVideo * B;
  if (tf.getBackend() === 'wasm' && need > WASM_HEAP_BYTES * 0.9) {
    tower.dispose();
    throw new FusionModelError(
      `size=${size} opt=${optName} batch=${B} needs about ${(need / 1e9).toFixed(2)} GB (${(params / 1e6).toFixed(0)}M params) of the ~2 GB of wasm heap usable here (weights + gradients + optimiser state + activations); use --opt sgd, --train head or a smaller --batch`,
      'WASM_HEAP',
      { params, bytes: need },
    );
  }
  const ids = (rows: number, cols: number, max: number) =>
    tf.tensor2d(
      Int32Array.from({ length: rows * cols }, (_, i) => 2 + ((i * 7919) % (max - 2))),
      [rows, cols],
      'int32',
    );
  const batch: TowerBatch = {
    frames: tf.randomNormal([B, T, cfg.frameDim], 0, 1, 'float32', 1) as tf.Tensor3D,
    numFrames: tf.tensor1d(
      Array.from({ length: B }, (_, i) => 1 + ((i * 13) % T)),
      'int32',
    ),
    titleIds: ids(B, L, cfg.bert.vocabSize),
    titleMask: tf.ones([B, L], 'int32') as tf.Tensor2D,
    wordIds: ids(B, W, cfg.wordVocabSize),
  };
  const make = (lr: number) => (optName === 'adam' ? createAdam(lr, 0.9, 0.999, 1e-6) : tf.train.sgd(lr));
  return {
    tower,
    batch,
    B,
    params,
    trainBert,
    positives: ids(B, 29, Math.min(cfg.tagVocabSize, 200)),
    sampler: new LogUniformSampler({ rangeMax: cfg.tagVocabSize - 2, seed: 1024 }),
    opt: { head: make(5e-4), bert: make(3e-5) },
  };
}

/** One training step: forward, backward, both optimisers, the loss read back. */
export function towerStep(ctx: TowerCtx): BenchMetrics {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const N = ctx.tower.config.numNegatives;
  const negatives = tf.tensor2d(ctx.sampler.sampleBatch(ctx.B, N), [ctx.B, N], 'int32');
  const g = ctx.tower.trainableVariables();
  try {
    const { value, grads } = tf.variableGrads(
      () => ctx.tower.loss(ctx.batch, { positives: ctx.positives, negatives }),
      [...g.head, ...(ctx.trainBert ? g.bert : [])],
    );
    ctx.opt.head.applyGradients(g.head.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    if (ctx.trainBert) ctx.opt.bert.applyGradients(g.bert.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0); // every thread of the process (OpenBLAS's too): less noisy than wall time on a shared machine
    return {
      'videos/s': (ctx.B * 1000) / ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loss,
      Mtrained: ctx.params / 1e6,
      heapMB: tf.memory().numBytes / 1e6,
    };
  } catch (e) {
    if (/memory access out of bounds|Aborted\(\)/.test(String(e))) {
      throw new FusionModelError(
        `the wasm32 heap (4 GB) ran out during a step of ${(ctx.params / 1e6).toFixed(0)}M params at batch ${ctx.B}: lower --batch or use --opt sgd`,
        'WASM_HEAP',
      );
    }
    throw e;
  } finally {
    negatives.dispose();
  }
}
