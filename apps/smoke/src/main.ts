// vidsim smoke check: pick the backend, train a tiny embedding + MLP classifier for a few steps, print the loss.
// Usage: npx tsx apps/smoke/src/main.ts [--steps N]   (VIDSIM_BACKEND=cpu|wasm|node|node-gpu forces a backend)
import { initTf, setGlobalSeed, TfRuntimeError } from '@vidsim/tf-runtime';
import { trainSmokeModel } from './smoke-model';

async function main(): Promise<void> {
  const stepsArg = process.argv.indexOf('--steps');
  const steps = stepsArg > 0 ? Number(process.argv[stepsArg + 1]) : 30;
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`--steps must be an integer >= 2, got '${process.argv[stepsArg + 1]}'`);
  const backend = await initTf();
  console.log(`backend: ${backend.name} (${backend.reason})`);
  setGlobalSeed(1024);
  const losses = await trainSmokeModel(steps, (step, loss, ms) => {
    if (step === 1 || step % 5 === 0 || step === steps) console.log(`step ${String(step).padStart(3)}  loss ${loss.toFixed(4)}  ${ms.toFixed(0)} ms`);
  });
  const first = losses[0], last = losses[losses.length - 1];
  console.log(`loss ${first.toFixed(4)} -> ${last.toFixed(4)} (${last < first ? 'falling' : 'NOT falling'})`);
  if (!(last < first)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e instanceof TfRuntimeError ? `smoke: ${e.message}` : e);
  process.exit(1);
});
