import type { DirectIo } from '@vidsim/data-prep';

export interface PrepareArgs {
  input: string;
  out: string;
  skipBad: boolean;
  subsample: boolean;
  shardRows: number;
  workers: number | 'auto';
  directIo: DirectIo;
  numFolds: number;
  force: boolean;
  debug: boolean;
}

export const USAGE = `Usage: npx tsx apps/prepare/src/main.ts --input <official dir> --out <store dir> [options]

Reads the official challenge files (or the synthetic corpus, same layout) and writes the Arrow store,
vocabs, pairs and folds.

  --input <dir>      official data root: every sub-folder holding *.tfrecords becomes a set
                     (pointwise/, pairwise/, test_a/, test_b/); pairwise/label.tsv (or label.tsv) gives the pairs
  --out <dir>        output folder: store.json + <set>/part-PPPPP-NNNNN.arrow, vocab/*.tsv, pairs.tsv, folds/*.json,
                     summary.json, manifest.json
  --skip-bad         count and skip bad records and label lines instead of stopping at the first
  --subsample        uniform frame sub-sampling of videos longer than 32 frames (official baseline);
                     default keeps the first 32 (reference solution)
  --shard-rows <n>   videos per Arrow file (default 8192)
  --workers <n|auto> ingest threads (default auto: one per core, at most 8, at most one per GiB of input)
  --direct-io <auto|on|off>
                     read the TFRecords around the page cache (default auto: for files of 64 MiB or more;
                     falls back to ordinary reads where the filesystem refuses)
  --folds <n>        folds per scheme (default 5)
  --force            rebuild from scratch: by default a run whose manifest.json matches the inputs is a no-op, and
                     a run after an interrupted one keeps the file pieces it finished
  --debug            print stack traces
  -h, --help         this text

Exit codes: 0 done or up to date, 1 bad input (message names file, offset or line, and field), 2 bad flags.`;

export class UsageError extends Error {}

export function parseArgs(argv: string[]): PrepareArgs | 'help' {
  const a: Partial<PrepareArgs> = { skipBad: false, subsample: false, shardRows: 8192, workers: 'auto', directIo: 'auto', numFolds: 5, force: false, debug: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(v)}`);
      return n;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--input': a.input = value(); break;
      case '--out': a.out = value(); break;
      case '--skip-bad': a.skipBad = true; break;
      case '--subsample': a.subsample = true; break;
      case '--shard-rows': a.shardRows = int(); break;
      case '--workers': a.workers = argv[i + 1] === 'auto' ? (i++, 'auto') : int(); break;
      case '--direct-io': {
        const v = value();
        const modes: Record<string, DirectIo> = { auto: 'auto', on: true, off: false };
        if (!(v in modes)) throw new UsageError(`--direct-io must be auto, on or off, got ${JSON.stringify(v)}`);
        a.directIo = modes[v];
        break;
      }
      case '--folds': a.numFolds = int(); break;
      case '--force': a.force = true; break;
      case '--debug': a.debug = true; break;
      default: throw new UsageError(`unknown flag ${JSON.stringify(flag)}`);
    }
  }
  if (!a.input) throw new UsageError('--input is required');
  if (!a.out) throw new UsageError('--out is required');
  return a as PrepareArgs;
}
