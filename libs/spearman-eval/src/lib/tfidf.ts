import { SpearmanEvalError } from './errors';

/** A sparse row: sorted feature indices and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface CharTfidfOptions {
  /** Character n-gram lengths, inclusive (default [1, 2]). */
  ngrams?: [number, number];
  /** Keep n-grams seen in at least this many fitted documents (default 1). */
  minDf?: number;
  /** Keep at most this many n-grams, the most frequent by document frequency (default: all). */
  maxFeatures?: number;
}

/** A fitted CharTfidf as plain values (see `CharTfidf.toState`). */
export interface CharTfidfState {
  ngrams: [number, number];
  grams: string[];
  idf: number[];
}

function ngramsOf(doc: string, lo: number, hi: number): string[] {
  const chars = [...doc]; // code points: a CJK character or an emoji is one character
  const out: string[] = [];
  for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/**
 * Character n-gram TF-IDF, as scikit-learn's `TfidfVectorizer(analyzer='char', ngram_range=(lo, hi),
 * smooth_idf=True, sublinear_tf=False, norm='l2', lowercase=False)`: tf = raw count in the document,
 * idf = ln((1 + n) / (1 + df)) + 1 over the n fitted documents, each vector scaled to unit length. N-grams unseen
 * at fit time are dropped. (sklearn's char analyzer also collapses runs of whitespace; titles rarely have any.)
 */
export class CharTfidf {
  private constructor(
    readonly vocabulary: Map<string, number>,
    readonly idf: Float64Array,
    private readonly lo: number,
    private readonly hi: number,
  ) {}

  static fit(docs: Iterable<string>, opts: CharTfidfOptions = {}): CharTfidf {
    const [lo, hi] = opts.ngrams ?? [1, 2];
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && hi >= lo))
      throw new SpearmanEvalError(
        `CharTfidf: ngrams must be [lo, hi] with 1 <= lo <= hi, got [${lo}, ${hi}]`,
        'BAD_OPTION',
        { field: 'ngrams' },
      );
    const df = new Map<string, number>();
    let n = 0;
    for (const doc of docs) {
      n++;
      for (const g of new Set(ngramsOf(doc, lo, hi))) df.set(g, (df.get(g) ?? 0) + 1);
    }
    const minDf = opts.minDf ?? 1;
    let kept = [...df.entries()].filter(([, c]) => c >= minDf);
    if (opts.maxFeatures !== undefined && kept.length > opts.maxFeatures)
      kept = kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, opts.maxFeatures);
    kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); // sklearn orders features alphabetically
    const vocabulary = new Map<string, number>();
    const idf = new Float64Array(kept.length);
    kept.forEach(([g, c], i) => {
      vocabulary.set(g, i);
      idf[i] = Math.log((1 + n) / (1 + c)) + 1;
    });
    return new CharTfidf(vocabulary, idf, lo, hi);
  }

  get size(): number {
    return this.idf.length;
  }

  /** Everything `transform` needs, as plain JSON-able values (n-grams in feature order). */
  toState(): CharTfidfState {
    const grams = new Array<string>(this.idf.length);
    for (const [g, j] of this.vocabulary) grams[j] = g;
    return { ngrams: [this.lo, this.hi], grams, idf: [...this.idf] };
  }

  /** The fitted vectorizer `toState` described; throws BAD_STATE naming the field that does not fit. */
  static fromState(state: CharTfidfState): CharTfidf {
    const [lo, hi] = state?.ngrams ?? [];
    const bad = (field: string, why: string) =>
      new SpearmanEvalError(`CharTfidf state: ${field} ${why}`, 'BAD_STATE', { field });
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && hi >= lo))
      throw bad('ngrams', `must be [lo, hi] with 1 <= lo <= hi, got ${JSON.stringify(state?.ngrams)}`);
    if (!Array.isArray(state.grams) || !Array.isArray(state.idf) || state.grams.length !== state.idf.length)
      throw bad('grams', `and idf must be arrays of one length`);
    const vocabulary = new Map<string, number>();
    state.grams.forEach((g, j) => {
      if (typeof g !== 'string' || vocabulary.has(g)) throw bad(`grams[${j}]`, `must be a distinct string`);
      vocabulary.set(g, j);
    });
    const idf = Float64Array.from(state.idf);
    idf.forEach((v, j) => {
      if (!(Number.isFinite(v) && v > 0)) throw bad(`idf[${j}]`, `must be a positive number, got ${v}`);
    });
    return new CharTfidf(vocabulary, idf, lo, hi);
  }

  /** The unit-length TF-IDF vector of `doc` (all zeros, no entries, when it has no known n-gram). */
  transform(doc: string): SparseVector {
    const counts = new Map<number, number>();
    for (const g of ngramsOf(doc, this.lo, this.hi)) {
      const j = this.vocabulary.get(g);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const values = new Float64Array(indices.length);
    let norm = 0;
    indices.forEach((j, k) => {
      values[k] = (counts.get(j) as number) * this.idf[j];
      norm += values[k] * values[k];
    });
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  }
}

/** Dot product of two sparse vectors with sorted indices (the cosine when both have unit length). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i];
    const y = b.indices[j];
    if (x === y) s += a.values[i++] * b.values[j++];
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Cosine of two sparse vectors (0 when either is empty). */
export function sparseCosine(a: SparseVector, b: SparseVector): number {
  const na = Math.sqrt(sparseDot(a, a));
  const nb = Math.sqrt(sparseDot(b, b));
  return na > 0 && nb > 0 ? sparseDot(a, b) / (na * nb) : 0;
}

/** Jaccard similarity of two id sets (0 when both are empty). */
export function jaccard(a: Iterable<unknown>, b: Iterable<unknown>): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  const union = sa.size + sb.size - inter;
  return union > 0 ? inter / union : 0;
}
