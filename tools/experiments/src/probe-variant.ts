/**
 * Fits one linear-probe variant on a run's store and saves it beside the run, for component-cosines.ts --probe:
 *
 *   tsx tools/experiments/src/probe-variant.ts --run demo --name p2000 [--max 2000] [--with-pairwise] [--set '{...}']
 */
import * as path from 'path';
import { VideoSet } from '@vidsim/data-prep';
import { fitLinearProbe, type ProbeTrainingVideo } from '@vidsim/linear-probe';
import { makeContext, meanFrames, storeDir, strideRows } from '@vidsim/pipeline';
import { loadRunArg } from '@vidsim/run-config';
import { initTf } from '@vidsim/tf-runtime';

async function videosOf(store: string, setName: string, max: number): Promise<ProbeTrainingVideo[]> {
  const set = await VideoSet.open(store, setName);
  const rows = strideRows(set.size, max);
  const frames = await meanFrames(set, rows);
  const out = rows.map((r, i) => ({
    meanFrame: frames[i],
    title: set.titles[r],
    asr: set.asrTexts[r],
    tags: [...(set.tagIds[r] ?? [])],
    categoryId: set.categoryIds[r],
  }));
  await set.close();
  return out;
}

async function main(argv: string[]): Promise<void> {
  const flag = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const config = loadRunArg(flag('--run') ?? 'demo');
  const ctx = makeContext(config, await initTf({}));
  const store = storeDir(ctx);
  const max = Number(flag('--max') ?? 20_000);
  const videos = await videosOf(store, 'pointwise', max);
  if (argv.includes('--with-pairwise')) videos.push(...(await videosOf(store, 'pairwise', 1e9)));
  const t0 = Date.now();
  const { probe, report } = fitLinearProbe(videos, { dims: 128, ...JSON.parse(flag('--set') ?? '{}') });
  const file = path.join('artifacts', config.name, 'experiments', `${flag('--name')}.json`);
  probe.save(file);
  console.log(JSON.stringify({ file, seconds: (Date.now() - t0) / 1000, ...report }));
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
