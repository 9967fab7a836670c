import { LogUniformSampler } from '@vidsim/tag-sampler';
import type { Benchmark } from '../benchmark';

/** The reference's per-step sampling: 1000 unique log-uniform negatives for each of 512 examples over 62,880 tags. */
const bench: Benchmark<LogUniformSampler> = {
  description: 'log-uniform sampler: --batch 512 x --num 1000 unique draws over --range 62880 tags',
  runs: 10,
  setup: (args) => new LogUniformSampler({ rangeMax: Number(args.range ?? 62880), seed: 1024 }),
  run: (sampler, args) => {
    const batch = Number(args.batch ?? 512),
      num = Number(args.num ?? 1000);
    const t = performance.now();
    sampler.sampleBatch(batch, num);
    const ms = performance.now() - t;
    return { 'Mdraws/s': (batch * num) / ms / 1000 };
  },
};
export default bench;
