import { initTf, tf } from '@vidsim/tf-runtime';
import { performance } from 'perf_hooks';
import type { Benchmark } from '../benchmark';

// GFLOP/s of tf.matMul per backend, for the shapes that dominate training: a square product, the transposed
// gradient X^T·DY of a dense layer, and a rank-3 activation times a weight matrix.
// Options: --backends cpu,wasm (default both) --repeat N (products per timing, default 3).
const CASES: Array<{ name: string; a: number[]; b: number[]; ta: boolean; tb: boolean }> = [
  { name: '1024x1024x1024', a: [1024, 1024], b: [1024, 1024], ta: false, tb: false },
  { name: 'grad XtDY 768x2048x768', a: [2048, 768], b: [2048, 768], ta: true, tb: false },
  { name: 'broadcast [32,128,768]x[768,768]', a: [32, 128, 768], b: [768, 768], ta: false, tb: false },
];

function flops(c: (typeof CASES)[number]): number {
  const batch = c.a.length > 2 ? c.a[0] : 1;
  const [m, k] = c.ta ? [c.a[c.a.length - 1], c.a[c.a.length - 2]] : [c.a[c.a.length - 2], c.a[c.a.length - 1]];
  const n = c.tb ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
  return 2 * batch * m * k * n;
}

const matmul: Benchmark<{ backends: string[]; repeat: number }> = {
  description: 'tf.matMul GFLOP/s on cpu and wasm (square, transposed gradient, rank-3 broadcast)',
  runs: 1,
  setup: (args) => ({ backends: (args.backends ?? 'cpu,wasm').split(','), repeat: Number(args.repeat ?? 3) }),
  run: async ({ backends, repeat }) => {
    const metrics: Record<string, number> = {};
    for (const backend of backends) {
      await initTf({ backend });
      for (const c of CASES) {
        const a = tf.randomNormal(c.a, 0, 1, 'float32', 1);
        const b = tf.randomNormal(c.b, 0, 1, 'float32', 2);
        await tf.matMul(a, b, c.ta, c.tb).data(); // warm-up (weights packing, kernel setup)
        const reps = backend === 'cpu' ? 1 : repeat;
        const t0 = performance.now();
        for (let i = 0; i < reps; i++) {
          const out = tf.matMul(a, b, c.ta, c.tb);
          await out.data();
          out.dispose();
        }
        const seconds = (performance.now() - t0) / 1000 / reps;
        metrics[`${backend} ${c.name} GFLOP/s`] = flops(c) / seconds / 1e9;
        tf.dispose([a, b]);
      }
    }
    for (const [k, v] of Object.entries(metrics)) console.log(`  ${k.padEnd(48)} ${v.toFixed(2)}`);
    return metrics;
  },
};
export default matmul;
