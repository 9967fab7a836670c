import { cosine, pearson, spearman } from '@vidsim/core';
import { SpearmanEvalError } from './errors';

/** One labelled pair of `label.tsv`: `query \t candidate \t relevance`. Vids are strings (64-bit ids). */
export interface LabelPair {
  query: string;
  candidate: string;
  relevance: number;
}

export type EmbeddingLookup = Map<string, ArrayLike<number>> | ((vid: string) => ArrayLike<number> | undefined);

export interface EvaluateOptions {
  /**
   * How many pairs may reference a vid with no embedding; they are skipped. Default 0: the first missing vid throws,
   * as the official evaluator does. `Infinity` skips all (as the lichee evaluator).
   */
  allowMissing?: number;
}

export interface EvaluationResult {
  /** Global Spearman over the evaluated pairs: the official metric. */
  spearman: number;
  pearson: number;
  /** Cosine of each evaluated pair, aligned with `relevances`. */
  cosines: Float64Array;
  relevances: Float64Array;
  evaluated: number;
  /** Pairs skipped because a vid had no embedding. */
  missing: number;
  firstMissingVid?: string;
}

/** Cosine per pair and one global Spearman against the relevances: the official evaluation. */
export function evaluateEmbeddings(
  embeddings: EmbeddingLookup,
  pairs: readonly LabelPair[],
  options: EvaluateOptions = {},
): EvaluationResult {
  const allowMissing = options.allowMissing ?? 0;
  if (!(allowMissing >= 0))
    throw new SpearmanEvalError(`allowMissing must be >= 0, got ${allowMissing}`, 'BAD_OPTION', {
      field: 'allowMissing',
    });
  const get = typeof embeddings === 'function' ? embeddings : (vid: string) => embeddings.get(vid);
  const cosines = new Float64Array(pairs.length);
  const relevances = new Float64Array(pairs.length);
  let n = 0;
  let missing = 0;
  let firstMissingVid: string | undefined;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    const q = get(p.query);
    const c = get(p.candidate);
    if (!q || !c) {
      const vid = !q ? p.query : p.candidate;
      firstMissingVid ??= vid;
      if (++missing > allowMissing) {
        const why = allowMissing === 0 ? '' : ` (more than allowMissing=${allowMissing} pairs have missing vids)`;
        throw new SpearmanEvalError(`vid ${vid} of pair ${i} has no embedding${why}`, 'MISSING_VID', {
          vid,
          pair: i,
          missing,
        });
      }
      continue;
    }
    if (q.length !== c.length) {
      throw new SpearmanEvalError(
        `pair ${i}: embeddings of ${p.query} and ${p.candidate} differ in size, got ${q.length} and ${c.length}`,
        'DIM_MISMATCH',
        { pair: i },
      );
    }
    cosines[n] = cosine(q, c);
    relevances[n++] = p.relevance;
  }
  const cs = cosines.slice(0, n);
  const rs = relevances.slice(0, n);
  return {
    spearman: spearman(cs, rs),
    pearson: pearson(cs, rs),
    cosines: cs,
    relevances: rs,
    evaluated: n,
    missing,
    firstMissingVid,
  };
}

export interface FoldEvaluation {
  folds: EvaluationResult[];
  /** Mean of the fold Spearmans: the reference's offline score. */
  meanSpearman: number;
}

/** Evaluates each fold's embeddings on its own validation pairs and averages the fold Spearmans. */
export function evaluateFolds(
  folds: ReadonlyArray<{ embeddings: EmbeddingLookup; pairs: readonly LabelPair[] }>,
  options: EvaluateOptions = {},
): FoldEvaluation {
  if (folds.length === 0)
    throw new SpearmanEvalError('evaluateFolds needs at least one fold, got 0', 'BAD_OPTION', { field: 'folds' });
  const results = folds.map((f) => evaluateEmbeddings(f.embeddings, f.pairs, options));
  return { folds: results, meanSpearman: mean(results.map((r) => r.spearman)) };
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/**
 * Parses `label.tsv` (`query \t candidate \t relevance`, no header), splitting on whitespace as the official
 * evaluator does. Vids stay strings.
 */
export function parseLabelTsv(text: string, file = 'label.tsv'): LabelPair[] {
  const out: LabelPair[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const f = line.split(/\s+/);
    const relevance = Number(f[2]);
    if (f.length !== 3 || !Number.isFinite(relevance)) {
      throw new SpearmanEvalError(
        `${file}:${i + 1}: expected 'query<TAB>candidate<TAB>relevance', got ${JSON.stringify(line.slice(0, 80))}`,
        'BAD_PAIRS',
        { file, line: i + 1 },
      );
    }
    out.push({ query: f[0], candidate: f[1], relevance });
  }
  return out;
}
