// Usage: npx tsx libs/synthetic-corpus/src/cli.ts --preset tiny|demo|full --out <dir> [--seed N] [--debug]
import { presetConfig } from './config';
import { SyntheticCorpusError } from './errors';
import { generateCorpus } from './generate';
import { formatReport } from './report';

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--debug') continue;
    if (!a.startsWith('--') || i + 1 >= argv.length) {
      throw new SyntheticCorpusError(
        `expected --preset <name> --out <dir> [--seed N], got ${JSON.stringify(a)}`,
        'BAD_ARGUMENT',
        { argument: a },
      );
    }
    out[a.slice(2)] = argv[++i];
  }
  for (const k of Object.keys(out)) {
    if (!['preset', 'out', 'seed'].includes(k))
      throw new SyntheticCorpusError(`unknown flag --${k}`, 'BAD_ARGUMENT', { argument: k });
  }
  if (!out.out) throw new SyntheticCorpusError('--out <dir> is required', 'BAD_ARGUMENT', { argument: 'out' });
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seed = args.seed === undefined ? undefined : Number(args.seed);
  const config = presetConfig(args.preset ?? 'demo', seed === undefined ? {} : { seed });
  const report = await generateCorpus(config, args.out, {
    onProgress: (e) => {
      if (e.status === 'done') console.log(`wrote ${e.set}: ${e.written} videos (${e.file})`);
      else if (e.status === 'progress') console.log(`${e.set}: ${e.written}/${e.videos}`);
    },
    progressEvery: 50_000,
  });
  console.log(formatReport(report));
}

main().catch((e: unknown) => {
  if (e instanceof SyntheticCorpusError && !process.argv.includes('--debug'))
    console.error(`synthetic-corpus: ${e.code}: ${e.message}`);
  else console.error(e);
  if (e instanceof SyntheticCorpusError && process.argv.includes('--debug')) console.error(e.context.cause);
  process.exit(1);
});
