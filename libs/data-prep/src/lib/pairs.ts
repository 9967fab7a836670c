import { promises as fsp } from 'fs';
import { DataPrepError, ioError } from './errors';

/** One labelled pair of `label.tsv`: relevance in {0, 0.05, ..., 1}. */
export interface Pair {
  query: string;
  candidate: string;
  relevance: number;
}

export interface ParsePairsOptions {
  file?: string;
  /** When given, a pair naming a vid outside this set is an UNKNOWN_VID error. */
  knownVids?: ReadonlySet<string>;
  /** What `knownVids` is, for messages (default 'video store'; prepare passes 'pairwise'). */
  knownVidsName?: string;
  /** Every set's vids, so an UNKNOWN_VID error can say where the vid is instead (e.g. only in test_a). */
  vidSets?: Record<string, ReadonlySet<string>>;
  /** Count and skip bad lines instead of throwing at the first. */
  skipBad?: boolean;
}

/** How many pairs of a kind, and the 1-based lines of the first MAX_LISTED_LINES. */
export interface PairCount {
  count: number;
  lines: number[];
}

/**
 * What the labels hold besides plain pairs. Such pairs are kept as they are (the labels are the data); these counts
 * go into prepare's summary so a reader can judge them. Reversed: (b, a) after (a, b). Conflicting: a duplicate or
 * reversed pair whose relevance differs from the first one's.
 */
export interface PairStats {
  selfPairs: PairCount;
  duplicatePairs: PairCount;
  reversedPairs: PairCount;
  conflictingPairs: PairCount;
}

export interface ParsedPairs {
  pairs: Pair[];
  /** Distinct vids in first-seen order. */
  vids: string[];
  bad: DataPrepError[];
  stats: PairStats;
}

export const MAX_LISTED_LINES = 20;
const ID_RE = /^[0-9]{1,20}$/;
const RELEVANCE_RE = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
// Bytes no label line may hold: C0 controls but tab, DEL, and a BOM past the file's start.
const JUNK_RE = /[\x00-\x08\x0a-\x1f\x7f\ufeff]/;
const FIELDS = ['query', 'candidate', 'relevance'];

/**
 * Parses `query<TAB>candidate<TAB>relevance` lines (no header; CRLF and a leading BOM accepted); errors name the
 * file, line, column and field. An input without a single pair is an EMPTY_INPUT error.
 */
export function parsePairs(text: string, opts: ParsePairsOptions = {}): ParsedPairs {
  const file = opts.file ?? '<string>';
  const pairs: Pair[] = [];
  const bad: DataPrepError[] = [];
  const vids = new Set<string>();
  const stats: PairStats = {
    selfPairs: newCount(),
    duplicatePairs: newCount(),
    reversedPairs: newCount(),
    conflictingPairs: newCount(),
  };
  const firstRelevance = new Map<string, number>();
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line === '') continue;
    try {
      const at = (field: string) => ({ file, line: i + 1, field });
      const junk = JUNK_RE.exec(line);
      if (junk) {
        const field = FIELDS[Math.min(2, line.slice(0, junk.index).split('\t').length - 1)];
        const code = junk[0].charCodeAt(0).toString(16).padStart(2, '0');
        throw new DataPrepError('BAD_LINE', `control character 0x${code} at column ${junk.index + 1}`, at(field));
      }
      const cols = line.split('\t');
      if (cols.length !== 3)
        throw new DataPrepError('BAD_LINE', `expected 3 tab-separated fields, got ${cols.length}`, at('line'));
      const [query, candidate, rel] = cols;
      for (const [name, id] of [
        ['query', query],
        ['candidate', candidate],
      ] as const) {
        if (!ID_RE.test(id))
          throw new DataPrepError(
            'BAD_ID',
            `${name} id ${JSON.stringify(id.slice(0, 40))} is not a decimal integer`,
            at(name),
          );
        if (opts.knownVids && !opts.knownVids.has(id)) {
          throw new DataPrepError(
            'UNKNOWN_VID',
            `${name} ${id} is not in the ${setLabel(opts.knownVidsName)}${whereElse(id, opts)}`,
            at(name),
          );
        }
      }
      const relevance = Number(rel);
      if (!RELEVANCE_RE.test(rel) || !(relevance >= 0 && relevance <= 1)) {
        throw new DataPrepError(
          'BAD_RELEVANCE',
          `relevance ${JSON.stringify(rel.slice(0, 40))} is not a decimal number in [0, 1]`,
          at('relevance'),
        );
      }
      pairs.push({ query, candidate, relevance });
      vids.add(query);
      vids.add(candidate);
      notePair(stats, firstRelevance, query, candidate, relevance, i + 1);
    } catch (e) {
      if (!(e instanceof DataPrepError) || !opts.skipBad) throw e;
      bad.push(e);
    }
  }
  if (pairs.length === 0) {
    throw new DataPrepError(
      'EMPTY_INPUT',
      bad.length > 0
        ? `no valid pair (${bad.length} bad lines skipped; first: ${bad[0].message})`
        : 'no pairs: the label file is empty',
      { file },
    );
  }
  return { pairs, vids: [...vids], bad, stats };
}

export async function readPairs(file: string, opts: Omit<ParsePairsOptions, 'file'> = {}): Promise<ParsedPairs> {
  const text = await fsp.readFile(file, 'utf8').catch((e) => {
    throw ioError(e, file, 'cannot read the label file');
  });
  return parsePairs(text, { ...opts, file });
}

function newCount(): PairCount {
  return { count: 0, lines: [] };
}

function bump(c: PairCount, line: number): void {
  c.count++;
  if (c.lines.length < MAX_LISTED_LINES) c.lines.push(line);
}

function notePair(stats: PairStats, first: Map<string, number>, q: string, c: string, rel: number, line: number): void {
  if (q === c) bump(stats.selfPairs, line);
  const key = `${q}\t${c}`;
  const same = first.get(key);
  const reversed = same === undefined ? first.get(`${c}\t${q}`) : undefined;
  if (same !== undefined) bump(stats.duplicatePairs, line);
  else if (reversed !== undefined && q !== c) bump(stats.reversedPairs, line);
  const earlier = same ?? reversed;
  if (earlier !== undefined && earlier !== rel) bump(stats.conflictingPairs, line);
  if (same === undefined) first.set(key, rel);
}

function setLabel(name: string | undefined): string {
  return name === undefined ? 'video store' : `${name} set`;
}

function whereElse(id: string, opts: ParsePairsOptions): string {
  if (!opts.vidSets) return '';
  const sets = Object.entries(opts.vidSets)
    .filter(([, s]) => s.has(id))
    .map(([n]) => n);
  return sets.length === 0 ? ' (it is in no set)' : ` (it is only in ${sets.join(', ')})`;
}
