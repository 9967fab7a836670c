import { promises as fsp } from 'fs';
import { DataPrepError } from './errors';

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
  /** Count and skip bad lines instead of throwing at the first. */
  skipBad?: boolean;
}

export interface ParsedPairs {
  pairs: Pair[];
  /** Distinct vids in first-seen order. */
  vids: string[];
  bad: DataPrepError[];
}

const ID_RE = /^[0-9]{1,20}$/;

/** Parses `query<TAB>candidate<TAB>relevance` lines (no header); errors name the file, line and field. */
export function parsePairs(text: string, opts: ParsePairsOptions = {}): ParsedPairs {
  const file = opts.file ?? '<string>';
  const pairs: Pair[] = [];
  const bad: DataPrepError[] = [];
  const vids = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') continue;
    try {
      const cols = line.split('\t');
      const at = (field: string) => ({ file, line: i + 1, field });
      if (cols.length !== 3) throw new DataPrepError('BAD_LINE', `expected 3 tab-separated fields, got ${cols.length}`, at('line'));
      const [query, candidate, rel] = cols;
      for (const [name, id] of [['query', query], ['candidate', candidate]] as const) {
        if (!ID_RE.test(id)) throw new DataPrepError('BAD_ID', `${name} id ${JSON.stringify(id.slice(0, 40))} is not a decimal integer`, at(name));
        if (opts.knownVids && !opts.knownVids.has(id)) throw new DataPrepError('UNKNOWN_VID', `${name} ${id} is not in the video store`, at(name));
      }
      const relevance = Number(rel);
      if (rel.trim() === '' || !Number.isFinite(relevance) || relevance < 0 || relevance > 1) {
        throw new DataPrepError('BAD_RELEVANCE', `relevance ${JSON.stringify(rel)} is not a number in [0, 1]`, at('relevance'));
      }
      pairs.push({ query, candidate, relevance });
      vids.add(query);
      vids.add(candidate);
    } catch (e) {
      if (!(e instanceof DataPrepError) || !opts.skipBad) throw e;
      bad.push(e);
    }
  }
  return { pairs, vids: [...vids], bad };
}

export async function readPairs(file: string, opts: Omit<ParsePairsOptions, 'file'> = {}): Promise<ParsedPairs> {
  return parsePairs(await fsp.readFile(file, 'utf8'), { ...opts, file });
}
