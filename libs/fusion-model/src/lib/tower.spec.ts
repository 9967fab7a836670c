import { LogUniformSampler } from '@vidsim/tag-sampler';
import { initTf, tf } from '@vidsim/tf-runtime';
import { MODEL2, resolveFusionConfig, TINY } from './config';
import { FusionTower, type TowerBatch } from './tower';

const B = 2,
  T = 4,
  L = 6,
  W = 5;
// TINY with a 1000-token BERT vocab: initialising and updating the 21128-row table dominates on the cpu backend.
const SMALL = { ...TINY, bert: { ...TINY.bert, vocabSize: 1000 } };

function makeBatch(): TowerBatch {
  return {
    frames: tf.randomNormal([B, T, 1536], 0, 1, 'float32', 1) as tf.Tensor3D,
    numFrames: tf.tensor1d([4, 2], 'int32'),
    titleIds: tf.tensor2d(
      [
        [101, 700, 800, 102, 0, 0],
        [101, 900, 901, 902, 903, 102],
      ],
      undefined,
      'int32',
    ),
    titleMask: tf.tensor2d(
      [
        [1, 1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 1],
      ],
      undefined,
      'int32',
    ),
    wordIds: tf.tensor2d(
      [
        [101, 300, 102, 0, 0],
        [101, 250, 260, 270, 102],
      ],
      undefined,
      'int32',
    ),
  };
}

describe.each(['cpu', 'wasm'])('FusionTower, tiny preset, backend %s', (backend) => {
  beforeAll(async () => {
    await initTf({ backend });
  });

  it(`B=${B}, T=${T}, L=${L}, W=${W}: embed [2, 32]; LayerNorm output has row mean 0 and variance 1`, () => {
    const tower = new FusionTower({ ...(backend === 'cpu' ? SMALL : TINY), seed: 1 });
    const e = tower.embed(makeBatch());
    expect(e.shape).toEqual([B, TINY.hiddenSize]);
    const rows = e.arraySync();
    for (const r of rows) {
      const m = r.reduce((s, v) => s + v, 0) / r.length;
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(r.reduce((s, v) => s + (v - m) ** 2, 0) / r.length).toBeCloseTo(1, 3);
    }
    tower.dispose();
  });

  it('one training step with two Adam groups (head 5e-4, bert 3e-5) changes both groups; loss finite; no tensor leak', () => {
    const tower = new FusionTower({ ...(backend === 'cpu' ? SMALL : TINY), seed: 2 });
    const batch = makeBatch();
    const sampler = new LogUniformSampler({ rangeMax: TINY.tagVocabSize - 2, seed: 1024 });
    const positives = tf.tensor2d(
      [
        [2, 5, 0],
        [3, 1, 0],
      ],
      undefined,
      'int32',
    );
    const step = (opts: { head: tf.Optimizer; bert: tf.Optimizer }) => {
      const negatives = tf.tensor2d(sampler.sampleBatch(B, TINY.numNegatives), [B, TINY.numNegatives], 'int32');
      const groups = tower.trainableVariables();
      const { value, grads } = tf.variableGrads(
        () => tower.loss(batch, { positives, negatives }),
        [...groups.head, ...groups.bert],
      );
      opts.head.applyGradients(groups.head.map((v) => ({ name: v.name, tensor: grads[v.name] })));
      opts.bert.applyGradients(groups.bert.map((v) => ({ name: v.name, tensor: grads[v.name] })));
      const loss = value.dataSync()[0];
      tf.dispose([value, negatives, ...Object.values(grads)]);
      return loss;
    };
    const opts = { head: tf.train.adam(5e-4, 0.9, 0.999, 1e-6), bert: tf.train.adam(3e-5, 0.9, 0.999, 1e-6) };
    const g = tower.trainableVariables();
    const before = { head: g.head.at(-1)!.clone(), bert: g.bert[5].clone() };
    const l1 = step(opts);
    const n1 = tf.memory().numTensors;
    const l2 = step(opts);
    expect(tf.memory().numTensors).toBe(n1);
    expect(Number.isFinite(l1) && l1 > 0 && Number.isFinite(l2)).toBe(true);
    expect(tf.sub(g.head.at(-1)!, before.head).abs().max().dataSync()[0]).toBeGreaterThan(0);
    expect(tf.sub(g.bert[5], before.bert).abs().max().dataSync()[0]).toBeGreaterThan(0);
    tower.dispose();
  });
});

describe('FusionTower config and groups (cpu)', () => {
  beforeAll(async () => {
    await initTf({ backend: 'cpu' });
  });

  it('MODEL2 defaults reproduce run/40/model2.sh (§2.1)', () => {
    expect(MODEL2).toEqual(
      expect.objectContaining({
        frameDim: 1536,
        vladGroups: 4,
        wordDim: 400,
        hiddenSize: 256,
        mdrop: true,
        mdropExperts: 5,
        mdropRate: 0,
        activation: 'dice',
        diceEpsilon: 1e-7,
        layerNorm: true,
        layerNormEps: 1e-6,
        useSe: false,
        useWords: true,
        useMerge: true,
        tagLoss: 'softmax',
        numNegatives: 1000,
        lossScale: 1000,
        tagInit: 0.05,
        maskPaddedAfterExpand: false,
      }),
    );
    expect(MODEL2.visionVlad).toEqual({
      featureSize: 1536,
      clusterSize: 64,
      expansion: 2,
      outputSize: 1024,
      dropout: 0,
    });
    expect(MODEL2.bert).toEqual(expect.objectContaining({ hiddenSize: 768, numLayers: 12, numHeads: 12 }));
    // fusion input 1024 + 400 + 768 + 1024 = 3216 (§2.2 step 5)
    expect(MODEL2.visionVlad.outputSize + MODEL2.wordDim + MODEL2.bert.hiddenSize + MODEL2.mergeVlad.outputSize).toBe(
      3216,
    );
  });

  it('ablation flags change exactly the parts they name (parameter counts by hand)', () => {
    const count = (o: object) => {
      const t = new FusionTower({ ...SMALL, seed: 3, ...o });
      const n = t.countParams();
      t.dispose();
      return n;
    };
    const base = count({});
    const H = 32,
      fin = 64 + 32 + 128 + 64; // fusion input of TINY
    // one expert instead of 5: 4 fewer Dense(fin -> 32)
    expect(base.head - count({ mdrop: false }).head).toBe(4 * (fin * H + H));
    // relu: no Dice alpha [32]
    expect(base.head - count({ activation: 'relu' }).head).toBe(H);
    // no LayerNorm: gamma, beta
    expect(base.head - count({ layerNorm: false }).head).toBe(2 * H);
    // SE: Dense(32 -> 4) + Dense(4 -> 32), no biases
    expect(count({ useSe: true }).head - base.head).toBe(32 * 4 + 4 * 32);
    // no words: the [2000, 32] table, the pooling (32x32 + 32 + 32 + 1) and 32 fusion inputs x 5 experts
    expect(base.head - count({ useWords: false }).head).toBe(2000 * 32 + (32 * 32 + 32 + 32 + 1) + 5 * 32 * H);
    // no merge: the merge NeXtVLAD (128->64 expand, gates, clusters, centres, out) and 64 fusion inputs x 5 experts
    const G = 4,
      K = 8,
      Fp = 64 / G;
    const merge = 128 * 64 + 64 + 64 * G + G + 64 * G * K + Fp * K + Fp * K * 64 + 64;
    expect(base.head - count({ useMerge: false }).head).toBe(merge + 5 * 64 * H);
    // groups 8: F' halves -> centres and out kernel shrink, gates and cluster kernel grow, for both NeXtVLADs
    const vlad = (g: number) => 64 * g + g + 64 * g * K + (64 / g) * K + (64 / g) * K * 64;
    expect(count({ vladGroups: 8 }).head - base.head).toBe(2 * (vlad(8) - vlad(4)));
    expect(base.bert).toBe(count({ useWords: false }).bert);
  });

  it('sigmoid tag loss needs no negatives; softmax without negatives is a BAD_INPUT', () => {
    const tower = new FusionTower({ ...SMALL, seed: 4, tagLoss: 'sigmoid' });
    const l = tower.loss(makeBatch(), {
      positives: tf.tensor2d(
        [
          [2, 3],
          [4, 0],
        ],
        undefined,
        'int32',
      ),
    });
    expect(Number.isFinite(l.dataSync()[0])).toBe(true);
    tower.dispose();
    const soft = new FusionTower({ ...SMALL, seed: 4 });
    expect(() => soft.loss(makeBatch(), { positives: tf.tensor2d([[2], [3]], undefined, 'int32') })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
    soft.dispose();
  });

  it('rejects unknown keys and bad values with FusionModelError BAD_CONFIG', () => {
    expect(() => resolveFusionConfig({ layernorm: false } as never)).toThrow(/Unknown key layernorm/i);
    expect(() => resolveFusionConfig({ vladGroups: 5 })).toThrow(
      expect.objectContaining({ code: 'BAD_CONFIG', context: expect.objectContaining({ field: 'vladGroups' }) }),
    );
    expect(() => resolveFusionConfig({ activation: 'gelu' as never })).toThrow(/activation/);
  });
});
