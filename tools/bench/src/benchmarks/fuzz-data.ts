import { spawnSync } from 'child_process';
import { join } from 'path';
import type { Benchmark } from '../benchmark';

// The data-prep fuzz properties live beside the lib (libs/data-prep/src/testing, dev-only: fast-check); this entry
// runs them in a child process for `--seconds` (default 60) and fails on any finding.
const MAIN = join(__dirname, '../../../../libs/data-prep/src/testing/fuzz-main.ts');

const bench: Benchmark = {
  description: 'property-based fuzzing of TFRecord framing, Example decoders and label.tsv: --seconds N [--seed S]',
  runs: 1,
  warmup: false,
  run: (_ctx, args) => {
    const seconds = args.seconds ?? '60';
    const extra = args.seed ? ['--seed', args.seed] : [];
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--seconds', seconds, ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    process.stdout.write(r.stdout);
    if (r.status !== 0) throw new Error(`fuzz-data found a failure (exit ${r.status ?? r.signal})`);
    const cases = [...r.stdout.matchAll(/: (\d+) cases/g)].reduce((a, m) => a + Number(m[1]), 0);
    return { cases, casesPerS: Math.round(cases / Number(seconds)) };
  },
};

export default bench;
