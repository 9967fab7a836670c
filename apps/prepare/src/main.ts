import { DataPrepError } from '@vidsim/data-prep';
import { parseArgs, USAGE, UsageError } from './args';
import { prepare } from './prepare';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`prepare: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const r = await prepare(args);
    process.stdout.write(`${r.summaryText}\n`);
    return 0;
  } catch (e) {
    if (e instanceof DataPrepError && !args.debug) {
      process.stderr.write(`\nprepare: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
