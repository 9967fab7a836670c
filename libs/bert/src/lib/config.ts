import { BertError } from './errors';

/** Architecture of a BERT encoder. Field names are the canonical vidsim ones; see `bertConfigFromHf`. */
export interface BertConfig {
  /** Word-piece vocabulary size (21128 for every hfl Chinese BERT). */
  vocabSize: number;
  /** Hidden size H. */
  hiddenSize: number;
  /** Number of transformer layers. */
  numLayers: number;
  /** Attention heads; must divide hiddenSize. */
  numHeads: number;
  /** Inner size of the GELU feed-forward block. */
  intermediateSize: number;
  /** Longest sequence the position table covers. */
  maxPositions: number;
  /** Token-type (segment) vocabulary; the fusion model uses type 1 for frame tokens. */
  typeVocabSize: number;
  /** LayerNorm epsilon (1e-12 in every BERT checkpoint). */
  layerNormEps: number;
  /** Dropout after embeddings, attention output and FFN output (training only). */
  hiddenDropout: number;
  /** Dropout on attention probabilities (training only). */
  attentionDropout: number;
  /** Std of the truncated normal used for fresh weights (HF: initializer_range). */
  initializerRange: number;
}

/** hfl/chinese-roberta-wwm-ext, the reference's BERT (reference-solution.md §2.2). */
export const chineseRobertaWwmExt: Readonly<BertConfig> = Object.freeze({
  vocabSize: 21128,
  hiddenSize: 768,
  numLayers: 12,
  numHeads: 12,
  intermediateSize: 3072,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenDropout: 0.1,
  attentionDropout: 0.1,
  initializerRange: 0.02,
});

/** A 2-layer, 128-wide BERT with the real Chinese vocab, small enough to train on 2 cores. */
export const tiny: Readonly<BertConfig> = Object.freeze({
  ...chineseRobertaWwmExt,
  hiddenSize: 128,
  numLayers: 2,
  numHeads: 4,
  intermediateSize: 512,
  maxPositions: 128,
});

const KEYS = Object.keys(chineseRobertaWwmExt) as (keyof BertConfig)[];
const RATES: (keyof BertConfig)[] = ['hiddenDropout', 'attentionDropout'];

/**
 * Fills `overrides` from `base` (default: chineseRobertaWwmExt) and validates every field.
 * Unknown keys are errors, not silently ignored.
 */
export function resolveBertConfig(
  overrides: Partial<BertConfig> = {},
  base: Readonly<BertConfig> = chineseRobertaWwmExt,
): BertConfig {
  for (const k of Object.keys(overrides)) {
    if (!(KEYS as string[]).includes(k)) {
      throw new BertError(`Unknown BertConfig key '${k}'; known keys: ${KEYS.join(', ')}`, 'UNKNOWN_CONFIG_KEY', {
        key: k,
      });
    }
  }
  const c: BertConfig = { ...base, ...overrides };
  for (const k of KEYS) {
    const v = c[k];
    const ok = RATES.includes(k)
      ? Number.isFinite(v) && v >= 0 && v < 1
      : k === 'layerNormEps' || k === 'initializerRange'
        ? Number.isFinite(v) && v > 0
        : Number.isInteger(v) && v > 0;
    if (!ok) {
      const rule = RATES.includes(k)
        ? 'a rate in [0, 1)'
        : k === 'layerNormEps' || k === 'initializerRange'
          ? 'a positive number'
          : 'a positive integer';
      throw new BertError(`Invalid BertConfig ${k}: ${k} must be ${rule}, got ${JSON.stringify(v)}`, 'BAD_CONFIG', {
        key: k,
        value: v,
      });
    }
  }
  if (c.hiddenSize % c.numHeads !== 0) {
    throw new BertError(
      `Invalid BertConfig numHeads: hiddenSize ${c.hiddenSize} must be divisible by numHeads, got ${c.numHeads}`,
      'BAD_CONFIG',
      { key: 'numHeads', value: c.numHeads },
    );
  }
  return c;
}

/** Maps a Hugging Face BERT `config.json` (read as-is) to a BertConfig. Only erf-GELU models are accepted. */
export function bertConfigFromHf(json: Record<string, unknown>): BertConfig {
  const act = json['hidden_act'] ?? 'gelu';
  if (act !== 'gelu') {
    throw new BertError(
      `Unsupported hidden_act: only 'gelu' (erf) is implemented, got ${JSON.stringify(act)}`,
      'BAD_CONFIG',
      { key: 'hidden_act', value: act },
    );
  }
  const pick = (name: string, fallback?: number): number => {
    const v = json[name] ?? fallback;
    if (typeof v !== 'number')
      throw new BertError(`config.json ${name} must be a number, got ${JSON.stringify(v)}`, 'BAD_CONFIG', {
        key: name,
        value: v,
      });
    return v;
  };
  return resolveBertConfig({
    vocabSize: pick('vocab_size'),
    hiddenSize: pick('hidden_size'),
    numLayers: pick('num_hidden_layers'),
    numHeads: pick('num_attention_heads'),
    intermediateSize: pick('intermediate_size'),
    maxPositions: pick('max_position_embeddings'),
    typeVocabSize: pick('type_vocab_size', 2),
    layerNormEps: pick('layer_norm_eps', 1e-12),
    hiddenDropout: pick('hidden_dropout_prob', 0.1),
    attentionDropout: pick('attention_probs_dropout_prob', 0.1),
    initializerRange: pick('initializer_range', 0.02),
  });
}

/** The inverse of bertConfigFromHf, for writing a config.json next to a saved checkpoint. */
export function bertConfigToHf(c: BertConfig): Record<string, unknown> {
  return {
    architectures: ['BertForPreTraining'],
    model_type: 'bert',
    attention_probs_dropout_prob: c.attentionDropout,
    hidden_act: 'gelu',
    hidden_dropout_prob: c.hiddenDropout,
    hidden_size: c.hiddenSize,
    initializer_range: c.initializerRange,
    intermediate_size: c.intermediateSize,
    layer_norm_eps: c.layerNormEps,
    max_position_embeddings: c.maxPositions,
    num_attention_heads: c.numHeads,
    num_hidden_layers: c.numLayers,
    type_vocab_size: c.typeVocabSize,
    vocab_size: c.vocabSize,
  };
}
