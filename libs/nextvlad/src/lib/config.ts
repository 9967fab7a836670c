import { NextVladError } from './errors';

/**
 * NeXtVLAD architecture (reference-solution.md §2.3). Letters: F feature size, E expansion, G groups,
 * K clusters, F' = E·F/G the per-group feature size, O output size.
 */
export interface NextVladConfig {
  /** F: the nominal feature size; the expand Dense maps the input to E·F units. model2: 1536 (both NeXtVLADs). */
  featureSize: number;
  /**
   * D: the last dim of the input. Defaults to `featureSize`. The merge NeXtVLAD of model2 is built with
   * feature_size=1536 but fed 768-d BERT states, so there D=768 and E·F=3072.
   */
  inputSize?: number;
  /** K: number of clusters. model2: 64. */
  clusterSize: number;
  /** G: number of groups (attention gates per frame). model2: 4; the ablation tried 8. */
  groups: number;
  /** E: expansion factor. model2: 2. */
  expansion: number;
  /** O: width of the output Dense. model2: 1024 (vlad_hidden_size and vlad_hidden_size2). */
  outputSize: number;
  /** Dropout on the flattened VLAD before the output Dense (training only). model2: 0. */
  dropout: number;
  /**
   * false (the reference): padded rows are zeroed only BEFORE the expand Dense, so they come out as its bias
   * vector and still take part in the aggregation. true: their gates are zeroed too, so they contribute nothing.
   */
  maskPaddedAfterExpand: boolean;
  /** Seed for the weight initialisers; unset = random. */
  seed?: number;
}

/** model2's vision NeXtVLAD over [B, 32, 1536] frames. */
export const VISION_NEXTVLAD: Readonly<NextVladConfig> = Object.freeze({
  featureSize: 1536,
  clusterSize: 64,
  groups: 4,
  expansion: 2,
  outputSize: 1024,
  dropout: 0,
  maskPaddedAfterExpand: false,
});

/** model2's merge NeXtVLAD: built with feature_size=1536 but fed the [B, 72, 768] BERT sequence. */
export const MERGE_NEXTVLAD: Readonly<NextVladConfig> = Object.freeze({ ...VISION_NEXTVLAD, inputSize: 768 });

/** A structure-preserving small preset for tests and the 2-core demo. */
export const TINY_NEXTVLAD: Readonly<NextVladConfig> = Object.freeze({
  featureSize: 16,
  clusterSize: 4,
  groups: 2,
  expansion: 2,
  outputSize: 16,
  dropout: 0,
  maskPaddedAfterExpand: false,
});

/** F' = E·F/G, the size of one group chunk. */
export function groupFeatureSize(c: NextVladConfig): number {
  return (c.expansion * c.featureSize) / c.groups;
}

/** Fills defaults and validates; throws NextVladError('BAD_CONFIG') naming the field. */
export function resolveNextVladConfig(
  partial: Partial<NextVladConfig> & Pick<NextVladConfig, 'featureSize'>,
): NextVladConfig {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const c = { ...VISION_NEXTVLAD, ...given } as NextVladConfig;
  for (const field of ['featureSize', 'clusterSize', 'groups', 'expansion', 'outputSize'] as const) {
    positiveInt(c[field], field);
  }
  if (c.inputSize !== undefined) positiveInt(c.inputSize, 'inputSize');
  if (!(c.dropout >= 0 && c.dropout < 1)) {
    throw new NextVladError(
      `Invalid option dropout: must be in [0, 1), got ${JSON.stringify(c.dropout)}`,
      'BAD_CONFIG',
      { field: 'dropout', actual: c.dropout },
    );
  }
  if ((c.expansion * c.featureSize) % c.groups !== 0) {
    throw new NextVladError(
      `Invalid option groups: expansion*featureSize (${c.expansion * c.featureSize}) must be divisible by groups, got ${c.groups}`,
      'BAD_CONFIG',
      { field: 'groups', actual: c.groups, expansionWidth: c.expansion * c.featureSize },
    );
  }
  return c;
}

function positiveInt(v: unknown, field: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new NextVladError(
      `Invalid option ${field}: must be a positive integer, got ${JSON.stringify(v)}`,
      'BAD_CONFIG',
      { field, actual: v },
    );
  }
}
