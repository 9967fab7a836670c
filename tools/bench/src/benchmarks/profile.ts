import { tf } from '@vidsim/tf-runtime';
import type { Benchmark } from '../benchmark';
import { setupTower, TOWER_OPTIONS, towerStep, type TowerCtx } from '../tower-setup';

interface ProfileCtx extends TowerCtx {
  kernels: Map<string, { calls: number; ms: number }>;
  steps: number;
  stepMs: number;
  top: number;
  byShape: boolean;
}

/**
 * Per-kernel self time of the tower step (tf.profile times each kernel the engine dispatches; vidsim's kernels
 * that call other kernels directly count as one). Prints the top kernels by time per step after the runs, and
 * what is left outside kernels (JavaScript: tape, dispatch, the sampler).
 */
const bench: Benchmark<ProfileCtx> = {
  description: `top kernels by self time in the tower step: ${TOWER_OPTIONS} --top 15 --shapes (one row per kernel and input shapes)`,
  runs: 3,
  setup: async (args) => ({
    ...(await setupTower(args)),
    kernels: new Map(),
    steps: 0,
    stepMs: 0,
    top: Number(args.top ?? 15),
    byShape: args.shapes === 'true',
  }),
  run: async (ctx) => {
    const t0 = performance.now();
    let metrics: ReturnType<typeof towerStep> | undefined;
    const info = await tf.profile(() => {
      metrics = towerStep(ctx);
    });
    ctx.stepMs += performance.now() - t0;
    ctx.steps++;
    for (const k of info.kernels) {
      const ms = await k.kernelTimeMs;
      const key = ctx.byShape ? `${k.name} ${k.inputShapes.map((sh) => `[${sh}]`).join('')}` : k.name;
      const entry = ctx.kernels.get(key) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += typeof ms === 'number' ? ms : 0;
      ctx.kernels.set(key, entry);
    }
    return metrics;
  },
  teardown: (ctx) => {
    // the untimed warm-up run is in the totals too: divide by every profiled step
    const perStep = ctx.stepMs / ctx.steps;
    const rows = [...ctx.kernels.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const kernelMs = rows.reduce((s, [, e]) => s + e.ms, 0) / ctx.steps;
    const calls = rows.reduce((s, [, e]) => s + e.calls, 0) / ctx.steps;
    console.log(
      `# profile: ${perStep.toFixed(0)} ms per profiled step, ${calls.toFixed(0)} kernel calls, kernels ${kernelMs.toFixed(0)} ms, outside kernels ${(perStep - kernelMs).toFixed(0)} ms (${((100 * (perStep - kernelMs)) / perStep).toFixed(1)} %)`,
    );
    console.log(
      `# ${'kernel'.padEnd(ctx.byShape ? 60 : 28)} ${'ms/step'.padStart(8)} ${'%'.padStart(6)} ${'calls'.padStart(6)} ${'us/call'.padStart(8)}`,
    );
    for (const [name, e] of rows.slice(0, ctx.top)) {
      const ms = e.ms / ctx.steps;
      console.log(
        `# ${name.padEnd(ctx.byShape ? 60 : 28)} ${ms.toFixed(1).padStart(8)} ${((100 * ms) / perStep).toFixed(1).padStart(6)} ${(e.calls / ctx.steps).toFixed(0).padStart(6)} ${((1000 * e.ms) / e.calls).toFixed(0).padStart(8)}`,
      );
    }
    ctx.tower.dispose();
  },
};
export default bench;
