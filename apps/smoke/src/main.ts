// vidsim smoke check: pick the backend, train a tiny embedding + MLP classifier for a few steps, print the loss.
// Usage: npx vidsim smoke [--steps N]   (VIDSIM_BACKEND=cpu|wasm|node|node-gpu forces a backend)
import { initTf, setGlobalSeed, TfRuntimeError } from '@vidsim/tf-runtime';
import { trainSmokeModel } from './smoke-model';

const USAGE = `usage: vidsim smoke [options]
trains a tiny embedding + MLP classifier for a few steps on the chosen backend and prints a falling loss
  --steps N    training steps (default 30, at least 2)
  -h, --help   this text
VIDSIM_BACKEND=cpu|wasm|node|node-gpu forces a backend.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let steps = 30;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--steps') throw new UsageError(`unknown argument '${argv[i]}' (see --help)`);
    steps = Number(argv[++i]);
    if (!Number.isInteger(steps) || steps < 2)
      throw new UsageError(`--steps must be an integer >= 2, got '${argv[i] ?? ''}'`);
  }
  const backend = await initTf();
  console.log(`backend: ${backend.name} (${backend.reason})`);
  setGlobalSeed(1024);
  const losses = await trainSmokeModel(steps, (step, loss, ms) => {
    if (step === 1 || step % 5 === 0 || step === steps)
      console.log(`step ${String(step).padStart(3)}  loss ${loss.toFixed(4)}  ${ms.toFixed(0)} ms`);
  });
  const first = losses[0],
    last = losses[losses.length - 1];
  console.log(`loss ${first.toFixed(4)} -> ${last.toFixed(4)} (${last < first ? 'falling' : 'NOT falling'})`);
  if (!(last < first)) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof TfRuntimeError || e instanceof UsageError ? `smoke: ${e.message}` : e);
  process.exit(e instanceof UsageError ? 2 : 1);
});
