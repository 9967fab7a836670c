import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { encodeOfficialExample, TfRecordWriter } from '@vidsim/data-prep';
import { buildWorld, pointwiseVideos, presetConfig, type World } from '@vidsim/synthetic-corpus';
import type { Benchmark } from '../benchmark';

interface Ctx {
  world: World;
  dir: string;
}

/**
 * Streams `--videos N` (default 20000) pointwise videos of the `full` preset (62,880-tag world) through
 * encodeOfficialExample + TfRecordWriter to a temp file, sampling RSS every 500 videos: flat memory means
 * the RSS at the end is close to the RSS after the first quarter. Use `--warmup 0` to skip the warm-up run.
 */
const bench: Benchmark<Ctx> = {
  description: 'stream N full-preset pointwise videos to a TFRecord (videos/s, MB/s, peak RSS)',
  runs: 1,
  setup: () => {
    const c = presetConfig('full');
    return {
      world: buildWorld(c.seed, c.tagVocab),
      dir: fs.mkdtempSync(path.join(os.tmpdir(), 'vidsim-synth-bench-')),
    };
  },
  run: async ({ world, dir }, args) => {
    const n = Number(args.videos ?? 20000);
    const file = path.join(dir, 'pretrain_0.tfrecords');
    const mb = (b: number) => b / 2 ** 20;
    const rssStart = process.memoryUsage().rss;
    let peak = rssStart;
    let rssQuarter = 0;
    const t0 = process.hrtime.bigint();
    const writer = await TfRecordWriter.open(file);
    let i = 0;
    for (const v of pointwiseVideos(world, 0, n)) {
      await writer.write(encodeOfficialExample(v));
      if (++i % 500 === 0) {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (i === Math.floor(n / 4 / 500) * 500) rssQuarter = process.memoryUsage().rss;
      }
    }
    await writer.close();
    const sec = Number(process.hrtime.bigint() - t0) / 1e9;
    const bytes = fs.statSync(file).size;
    fs.rmSync(file);
    return {
      videos: n,
      'videos/s': n / sec,
      'MB/s': mb(bytes) / sec,
      'rss start MB': mb(rssStart),
      'rss at 1/4 MB': mb(rssQuarter || peak),
      'peak rss MB': mb(peak),
    };
  },
  teardown: ({ dir }) => fs.rmSync(dir, { recursive: true, force: true }),
};
export default bench;
