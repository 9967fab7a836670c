/**
 * Fits one linear-probe variant on a run's store and saves it beside the run, for component-cosines.ts --probe:
 *
 *   tsx tools/experiments/src/probe-variant.ts --run demo --name p2000 [--max 2000] [--with-pairwise] [--set '{...}']
 *
 * --max caps the videos taken (evenly strided) from each set.
 */
import * as path from 'path';
import { fitStoreProbe, makeContext, storeDir } from '@vidsim/pipeline';
import { loadRunArg } from '@vidsim/run-config';
import { initTf } from '@vidsim/tf-runtime';

async function main(argv: string[]): Promise<void> {
  const flag = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const config = loadRunArg(flag('--run') ?? 'demo');
  const ctx = makeContext(config, await initTf({}));
  const t0 = Date.now();
  const { probe, report } = await fitStoreProbe(storeDir(ctx), {
    dims: 128,
    maxTrainVideos: Number(flag('--max') ?? 20_000),
    sets: argv.includes('--with-pairwise') ? ['pointwise', 'pairwise'] : ['pointwise'],
    ...JSON.parse(flag('--set') ?? '{}'),
  });
  const file = path.join('artifacts', config.name, 'experiments', `${flag('--name')}.json`);
  probe.save(file);
  console.log(JSON.stringify({ file, seconds: (Date.now() - t0) / 1000, ...report }));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
