import type { BertModel } from '../bert-model';
import type { BertMlmHead } from '../mlm-head';
import type { WeightStore } from '../weights';

/** What one Hugging Face tensor name is to vidsim. */
export type HfRole =
  /** A variable of the encoder or the MLM head; `transpose` for torch [out, in] linear kernels. */
  | { kind: 'variable'; store: WeightStore; key: string; transpose: boolean }
  /** A copy of another variable in tied checkpoints (`cls.predictions.decoder.*`). */
  | { kind: 'tied'; store: WeightStore; key: string }
  /** Known BERT weights vidsim does not model (pooler, NSP head, or the MLM head when none is given): kept as bytes. */
  | { kind: 'passthrough' }
  | { kind: 'unexpected' };

const PASSTHROUGH = [/^pooler\.dense\.(weight|bias)$/, /^cls\.seq_relationship\.(weight|bias)$/];
const MLM =
  /^cls\.predictions\.(transform\.dense\.(weight|bias)|transform\.LayerNorm\.(weight|bias)|bias|decoder\.(weight|bias))$/;

/**
 * The `bert.` prefix of BertForPreTraining / BertForMaskedLM checkpoints, or '' for a bare BertModel.
 * Decided on the word embeddings, which every BERT checkpoint has.
 */
export function detectPrefix(names: Iterable<string>): string {
  for (const n of names) if (n === 'bert.embeddings.word_embeddings.weight') return 'bert.';
  return '';
}

/** Maps one checkpoint name to its role. */
export function hfRole(name: string, prefix: string, bert: BertModel, head?: BertMlmHead): HfRole {
  if (name.startsWith('cls.')) {
    if (PASSTHROUGH.some((r) => r.test(name))) return { kind: 'passthrough' };
    if (!MLM.test(name)) return { kind: 'unexpected' };
    if (!head) return { kind: 'passthrough' };
    if (name === 'cls.predictions.decoder.weight')
      return { kind: 'tied', store: bert.weights, key: 'embeddings.word_embeddings.weight' };
    if (name === 'cls.predictions.decoder.bias')
      return { kind: 'tied', store: head.weights, key: 'cls.predictions.bias' };
    return {
      kind: 'variable',
      store: head.weights,
      key: name,
      transpose: name === 'cls.predictions.transform.dense.weight',
    };
  }
  if (!name.startsWith(prefix)) return { kind: 'unexpected' };
  const key = name.slice(prefix.length);
  if (PASSTHROUGH.some((r) => r.test(key))) return { kind: 'passthrough' };
  if (!bert.weights.has(key)) return { kind: 'unexpected' };
  // Every rank-2 weight outside the embedding tables is a torch nn.Linear kernel.
  const transpose = !key.startsWith('embeddings.') && bert.weights.get(key).rank === 2;
  return { kind: 'variable', store: bert.weights, key, transpose };
}

/** Every HF name a model (and optional head) needs, in the order of their creation. */
export function requiredHfNames(
  prefix: string,
  bert: BertModel,
  head?: BertMlmHead,
): { name: string; store: WeightStore; key: string; transpose: boolean }[] {
  const out = bert.weights.entries().map(([key, v]) => ({
    name: prefix + key,
    store: bert.weights,
    key,
    transpose: !key.startsWith('embeddings.') && v.rank === 2,
  }));
  if (head) {
    for (const [key] of head.weights.entries()) {
      out.push({ name: key, store: head.weights, key, transpose: key === 'cls.predictions.transform.dense.weight' });
    }
  }
  return out;
}
