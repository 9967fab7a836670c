import type { Pair } from './pairs';

/** One validation fold: indices into the pair list, and how much validation leaks into training. */
export interface Fold {
  fold: number;
  train: number[];
  valid: number[];
  report: FoldReport;
}

export interface FoldReport {
  trainPairs: number;
  validPairs: number;
  validVids: number;
  /** Validation vids that also occur in a training pair (0 means vid-disjoint). */
  validVidsInTrain: number;
  /** Validation pairs with at least one vid that occurs in training. */
  validPairsTouchingTrain: number;
}

/** 64-bit FNV-1a of `query + candidate`, reduced mod `groups`. The reference uses mmh3; any fixed pair hash gives the scheme. */
export function pairHashGroup(query: string, candidate: string, groups = 20): number {
  return Number(fnv1a64(query + candidate) % BigInt(groups));
}

/** 64-bit FNV-1a over the string's UTF-16 code units (ids are ASCII digits, so this equals the byte version). */
export function fnv1a64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/**
 * The reference's strict scheme (`pairwise-label.py`): validation fold i = pairs in hash group i of `groups`;
 * training = pairs of other groups that touch no validation vid.
 */
export function strictHashFolds(pairs: Pair[], numFolds: number, groups = 20): Fold[] {
  const g = pairs.map((p) => pairHashGroup(p.query, p.candidate, groups));
  return range(numFolds).map((fold) => {
    const valid = indices(pairs, (_, i) => g[i] === fold);
    const v = vidsOf(pairs, valid);
    const train = indices(pairs, (p, i) => g[i] !== fold && !v.has(p.query) && !v.has(p.candidate));
    return makeFold(pairs, fold, train, valid);
  });
}

/** Connected components of the pair graph: vid -> component index (components numbered by first appearance). */
export function pairComponents(pairs: Pair[]): Map<string, number> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    while (parent.get(x) !== r) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  for (const p of pairs) {
    for (const v of [p.query, p.candidate]) if (!parent.has(v)) parent.set(v, v);
    const a = find(p.query);
    const b = find(p.candidate);
    if (a !== b) parent.set(a, b);
  }
  const ids = new Map<string, number>();
  const out = new Map<string, number>();
  for (const v of parent.keys()) {
    const r = find(v);
    if (!ids.has(r)) ids.set(r, ids.size);
    out.set(v, ids.get(r)!);
  }
  return out;
}

/**
 * Component folds: whole components go to folds, largest first, each to the fold with the fewest pairs so far;
 * validation fold i = its pairs, training = all other pairs. No vid is ever shared.
 */
export function componentFolds(pairs: Pair[], numFolds: number): Fold[] {
  const comp = pairComponents(pairs);
  const size = new Map<number, number>();
  for (const p of pairs) size.set(comp.get(p.query)!, (size.get(comp.get(p.query)!) ?? 0) + 1);
  const order = [...size.keys()].sort((a, b) => size.get(b)! - size.get(a)! || a - b);
  const load = new Array<number>(numFolds).fill(0);
  const foldOf = new Map<number, number>();
  for (const c of order) {
    const f = load.indexOf(Math.min(...load));
    foldOf.set(c, f);
    load[f] += size.get(c)!;
  }
  const pf = pairs.map((p) => foldOf.get(comp.get(p.query)!)!);
  return range(numFolds).map((fold) =>
    makeFold(
      pairs,
      fold,
      indices(pairs, (_, i) => pf[i] !== fold),
      indices(pairs, (_, i) => pf[i] === fold),
    ),
  );
}

/** The 1st place's rule, kept to show its leak: validation = both ids ≡ fold (mod n); training = every other pair. */
export function idModFolds(pairs: Pair[], numFolds: number): Fold[] {
  const n = BigInt(numFolds);
  const m = pairs.map((p) => [Number(BigInt(p.query) % n), Number(BigInt(p.candidate) % n)]);
  return range(numFolds).map((fold) => {
    const isValid = (i: number) => m[i][0] === fold && m[i][1] === fold;
    return makeFold(
      pairs,
      fold,
      indices(pairs, (_, i) => !isValid(i)),
      indices(pairs, (_, i) => isValid(i)),
    );
  });
}

function makeFold(pairs: Pair[], fold: number, train: number[], valid: number[]): Fold {
  const tv = vidsOf(pairs, train);
  const vv = vidsOf(pairs, valid);
  let shared = 0;
  for (const v of vv) if (tv.has(v)) shared++;
  const touching = valid.filter((i) => tv.has(pairs[i].query) || tv.has(pairs[i].candidate)).length;
  return {
    fold,
    train,
    valid,
    report: {
      trainPairs: train.length,
      validPairs: valid.length,
      validVids: vv.size,
      validVidsInTrain: shared,
      validPairsTouchingTrain: touching,
    },
  };
}

function vidsOf(pairs: Pair[], idx: number[]): Set<string> {
  const s = new Set<string>();
  for (const i of idx) {
    s.add(pairs[i].query);
    s.add(pairs[i].candidate);
  }
  return s;
}

function indices(pairs: Pair[], keep: (p: Pair, i: number) => boolean): number[] {
  const out: number[] = [];
  pairs.forEach((p, i) => keep(p, i) && out.push(i));
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
