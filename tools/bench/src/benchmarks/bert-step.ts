import { BertMlmHead, BertModel, maskedLmLoss, tiny, type BertConfig } from '@vidsim/bert';
import { initTf, tf } from '@vidsim/tf-runtime';
import type { Benchmark } from '../benchmark';

interface Ctx {
  bert: BertModel;
  head: BertMlmHead;
  opt: tf.AdamOptimizer;
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
  labels: tf.Tensor2D;
  batch: number;
  forwardOnly: boolean;
}

/**
 * One MLM training step (forward, masked-LM loss over ~15% of the tokens, backward, Adam) of the tiny
 * BERT: 2 layers, hidden 128, 4 heads, FFN 512, vocab 21128, seq 32, batch 32 by default.
 * Options: --backend wasm|cpu (default wasm), --batch, --seq, --layers, --hidden, --forward (forward only).
 */
const bertStep: Benchmark<Ctx> = {
  description: 'tiny BERT (2x128, vocab 21128) MLM train step, seq 32 x batch 32; --backend cpu|wasm, --forward',
  runs: 5,
  async setup(args) {
    const backend = args.backend ?? 'wasm';
    await initTf({ backend });
    const batch = Number(args.batch ?? 32);
    const seq = Number(args.seq ?? 32);
    const hidden = Number(args.hidden ?? tiny.hiddenSize);
    const config: Partial<BertConfig> = {
      ...tiny,
      numLayers: Number(args.layers ?? tiny.numLayers),
      hiddenSize: hidden,
      maxPositions: Math.max(seq, tiny.maxPositions),
    };
    const bert = new BertModel({ config, seed: 1 });
    const head = new BertMlmHead(bert, 2);
    // Deterministic ids/labels: ~15% of positions labelled (the reference's masking rate), 2 padded tail tokens.
    const ids: number[][] = [];
    const mask: number[][] = [];
    const labels: number[][] = [];
    for (let b = 0; b < batch; b++) {
      ids.push(Array.from({ length: seq }, (_, t) => (t === 0 ? 101 : 672 + ((b * 131 + t * 17) % 20000))));
      mask.push(Array.from({ length: seq }, (_, t) => (t < seq - 2 ? 1 : 0)));
      labels.push(
        Array.from({ length: seq }, (_, t) => (t > 0 && t < seq - 2 && (b + t) % 7 === 0 ? ids[b][t] : -100)),
      );
    }
    return {
      bert,
      head,
      batch,
      opt: tf.train.adam(5e-5, 0.9, 0.999, 1e-6),
      inputIds: tf.tensor2d(ids, undefined, 'int32'),
      attentionMask: tf.tensor2d(mask, undefined, 'int32'),
      labels: tf.tensor2d(labels, undefined, 'int32'),
      forwardOnly: args.forward === 'true',
    };
  },
  run(ctx) {
    const t0 = performance.now();
    const loss = () =>
      maskedLmLoss(
        ctx.head,
        ctx.bert.apply({ inputIds: ctx.inputIds, attentionMask: ctx.attentionMask }, { training: true }).sequence,
        ctx.labels,
      );
    const value = ctx.forwardOnly
      ? tf.tidy(loss)
      : ctx.opt.minimize(loss, true, [...ctx.bert.trainableVariables, ...ctx.head.trainableVariables])!;
    const l = value.dataSync()[0];
    value.dispose();
    const ms = performance.now() - t0;
    return {
      backend: tf.getBackend(),
      ms_per_step: ms,
      seq_per_s: (ctx.batch * 1000) / ms,
      loss: l,
      tensors: tf.memory().numTensors,
    };
  },
  teardown(ctx) {
    ctx.opt.dispose();
    tf.dispose([ctx.inputIds, ctx.attentionMask, ctx.labels]);
    ctx.head.dispose();
    ctx.bert.dispose();
  },
};
export default bertStep;
