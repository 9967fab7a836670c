import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkSubmission, streamSubmission, writeSubmission } from '@vidsim/spearman-eval';
import type { Benchmark } from '../benchmark';

interface Ctx {
  dir: string;
  n: number;
  dim: number;
}

/** Deterministic unit vectors generated on the fly, so the writer's input never sits in memory as a whole. */
function* vectors(n: number, dim: number): Generator<[string, Float32Array]> {
  let s = 42;
  const v = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    let n2 = 0;
    for (let j = 0; j < dim; j++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      v[j] = s / 2 ** 32 - 0.5;
      n2 += v[j] * v[j];
    }
    const f = 1 / Math.sqrt(n2);
    for (let j = 0; j < dim; j++) v[j] *= f;
    yield [String(1000000000000000000n + BigInt(i) * 7919n), v];
  }
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Peak RSS of this process in MB (the kernel's high-water mark). */
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 102.4) / 10;

const bench: Benchmark<Ctx> = {
  description: 'write + stream-read + check a test_b-sized result.zip (43,027 x 256 float16); --n, --dim, --level',
  runs: 3,
  setup: (args) => ({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-submission-')),
    n: Number(args.n ?? 43027),
    dim: Number(args.dim ?? 256),
  }),
  run: async (ctx, args) => {
    const zipPath = path.join(ctx.dir, 'result.zip');
    const rssStart = process.memoryUsage().rss;
    const t0 = performance.now();
    const w = await writeSubmission(zipPath, vectors(ctx.n, ctx.dim), {
      level: args.level ? (Number(args.level) as 6) : undefined,
    });
    const t1 = performance.now();
    let sum = 0;
    const r = await streamSubmission(zipPath, (_vid, values) => (sum += values[0]));
    const t2 = performance.now();
    const expected = (function* () {
      for (const [vid] of vectors(ctx.n, 1)) yield vid;
    })();
    const c = await checkSubmission(zipPath, expected);
    const t3 = performance.now();
    if (r.vids !== ctx.n || !c.ok)
      throw new Error(`round trip failed: ${r.vids} vids read, check ${c.errors.join('; ')}`);
    return {
      vids: w.vids,
      json_mb: mb(w.jsonBytes),
      zip_mb: mb(w.zipBytes),
      write_s: (t1 - t0) / 1000,
      read_s: (t2 - t1) / 1000,
      check_s: (t3 - t2) / 1000,
      rss_start_mb: mb(rssStart),
      peak_rss_mb: peakRssMb(),
      checksum: sum,
    };
  },
  teardown: (ctx) => fs.rmSync(ctx.dir, { recursive: true, force: true }),
};
export default bench;
