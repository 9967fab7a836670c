import '@tensorflow/tfjs-backend-cpu';
import { tf } from './tf';
import { registerBroadcastingBatchMatMulGrad } from './kernels/batch-matmul-grad';
import { TfRuntimeError } from './errors';
import { registerFastSegmentSum } from './kernels/unsorted-segment-sum';
import { patchWasmBatchMatMul } from './kernels/wasm-batch-matmul';
import { bridgeMissingWasmKernels } from './kernels/wasm-bridge';
import { enableNativeBlas, describeNativeBlas, type BlasStatus } from './kernels/accelerator';
import { guardBatchMatMulBroadcast, guardWasmFusedMatMul } from './kernels/matmul-guards';
import { setWasmFastKernels } from './kernels/fast-kernels';

export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendChoice {
  /** vidsim's name for the backend. */
  name: BackendName;
  /** tfjs's registered backend name ('tensorflow' for both native packages). */
  tfBackend: string;
  /** Why this one: forced by VIDSIM_BACKEND/option, or the first that loaded, with what was skipped. */
  reason: string;
  /** On wasm: the native BLAS accelerator's state (see `describeNativeBlas`). */
  blas?: BlasStatus;
  /** On wasm: which of vidsim's in-heap kernels are on (`VIDSIM_WASM_KERNELS`). */
  wasmKernels?: Record<string, boolean>;
}

export interface InitTfOptions {
  /** Force one backend; default: process.env.VIDSIM_BACKEND, else the first that loads in BACKEND_NAMES order. */
  backend?: BackendName | string;
  /** Print the choice to stderr (default false). */
  verbose?: boolean;
  /** Native BLAS for the wasm matmuls: auto (default: when one loads), on (required), off; default process.env.VIDSIM_BLAS. */
  blas?: 'auto' | 'on' | 'off';
  /** vidsim's in-heap wasm kernels: `all` (default), `none`, or e.g. `-gather,-identity`; default process.env.VIDSIM_WASM_KERNELS. */
  wasmKernels?: string;
}

const NATIVE_PACKAGES: Record<'node-gpu' | 'node', string> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
};

let current: BackendChoice | undefined;

/** The backend chosen by the last `initTf`, if any. */
export function currentBackend(): BackendChoice | undefined {
  return current;
}

/**
 * Picks and activates the TensorFlow.js backend: tfjs-node-gpu, tfjs-node, wasm (SIMD, with vidsim's
 * patched kernels), then cpu. A forced backend that cannot load is an error, never a silent fallback.
 */
export async function initTf(options: InitTfOptions = {}): Promise<BackendChoice> {
  const forced = options.backend ?? (process.env.VIDSIM_BACKEND || undefined);
  if (forced !== undefined && !(BACKEND_NAMES as readonly string[]).includes(forced)) {
    throw new TfRuntimeError(
      `Unknown backend '${forced}' (from ${options.backend ? 'the backend option' : 'VIDSIM_BACKEND'}); use one of ${BACKEND_NAMES.join(', ')}.`,
      'BAD_BACKEND',
    );
  }
  if (current && (forced === undefined || forced === current.name)) {
    if (current.name === 'wasm' && options.blas !== undefined)
      current = { ...current, blas: enableNativeBlas(options.blas) };
    if (current.name === 'wasm' && options.wasmKernels !== undefined)
      current = { ...current, wasmKernels: setWasmFastKernels(options.wasmKernels) };
    return current;
  }
  const order: BackendName[] = forced ? [forced as BackendName] : [...BACKEND_NAMES];
  const skipped: string[] = [];
  for (const name of order) {
    const failure = await tryActivate(name);
    if (failure === undefined) {
      const reason = forced
        ? `forced by ${options.backend ? 'the backend option' : 'VIDSIM_BACKEND'}`
        : skipped.length
          ? `first available (skipped: ${skipped.join('; ')})`
          : 'first available';
      // on wasm: the in-heap kernels, then the native BLAS (which may refuse: VIDSIM_BLAS=on without a library)
      const extras =
        name === 'wasm'
          ? { wasmKernels: setWasmFastKernels(options.wasmKernels), blas: enableNativeBlas(options.blas) }
          : {};
      current = { name, tfBackend: tf.getBackend(), reason, ...extras };
      if (options.verbose) process.stderr.write(`[tf-runtime] ${describeBackend(current)}\n`);
      return current;
    }
    if (forced)
      throw new TfRuntimeError(`Backend '${name}' was forced but cannot load: ${failure}`, 'BACKEND_UNAVAILABLE');
    skipped.push(`${name}: ${failure}`);
  }
  throw new TfRuntimeError(`No TensorFlow.js backend could load (${skipped.join('; ')})`, 'BACKEND_UNAVAILABLE');
}

/** The backend line: `backend wasm: first available (...); native BLAS: OpenBLAS 0.3.21 ... (libopenblas.so.0, 2 threads) ...`. */
export function describeBackend(choice: BackendChoice | undefined = current): string {
  if (!choice) return 'backend: not initialised (call initTf)';
  const parts = [`backend ${choice.name}: ${choice.reason}`];
  if (choice.wasmKernels) {
    const on = Object.keys(choice.wasmKernels).filter((k) => choice.wasmKernels![k]);
    parts.push(`in-heap kernels: ${on.length ? on.join(', ') : 'none'}`);
  }
  if (choice.blas) parts.push(describeNativeBlas(choice.blas));
  return parts.join('; ');
}

/** Returns undefined on success, else a one-line reason. */
async function tryActivate(name: BackendName): Promise<string | undefined> {
  if (name === 'node' || name === 'node-gpu') {
    const pkg = NATIVE_PACKAGES[name];
    try {
      // A plain require: the package is optional and may be absent, which is a normal outcome here.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(pkg);
    } catch (e) {
      const code = (e as { code?: string }).code;
      return code === 'MODULE_NOT_FOUND'
        ? `package ${pkg} is not installed (npm install ${pkg}@4.22.0; it downloads libtensorflow at install time)`
        : `package ${pkg} failed to load: ${(e as Error).message.split('\n')[0]}`;
    }
    return (await tf.setBackend('tensorflow'))
      ? undefined
      : `${pkg} loaded but the 'tensorflow' backend did not initialise`;
  }
  registerFastSegmentSum();
  registerBroadcastingBatchMatMulGrad();
  guardBatchMatMulBroadcast('cpu');
  if (name === 'wasm') {
    const before = processHandlers();
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) return 'the wasm backend did not initialise';
    } catch (e) {
      return `@tensorflow/tfjs-backend-wasm failed to load: ${(e as Error).message.split('\n')[0]}`;
    } finally {
      removeHandlersAddedSince(before);
    }
    patchWasmBatchMatMul();
    guardBatchMatMulBroadcast('wasm');
    guardWasmFusedMatMul();
    bridgeMissingWasmKernels();
    return undefined;
  }
  return (await tf.setBackend('cpu')) ? undefined : 'the cpu backend did not initialise';
}

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const PROCESS_EVENTS: ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];

type Listener = (...args: unknown[]) => void;
const listenersOf = (event: ProcessEvent): Listener[] => (process.listeners as (e: string) => Listener[])(event);

function processHandlers(): Map<ProcessEvent, Listener[]> {
  return new Map(PROCESS_EVENTS.map((e) => [e, listenersOf(e)]));
}

/**
 * The emscripten glue of tfjs-backend-wasm installs process-wide handlers that rethrow every uncaught
 * error from inside its minified bundle, so Node prints 40 kB of wasm glue instead of the real stack.
 */
function removeHandlersAddedSince(before: Map<ProcessEvent, Listener[]>): void {
  for (const event of PROCESS_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
}

export interface BackendProbe {
  name: BackendName;
  loads: boolean;
  /** Why not, when it does not load. */
  reason?: string;
}

/**
 * Tries every backend in turn (for `vidsim doctor`): which load here and why the others do not. Leaves the last
 * one that loaded active; a process that trains should call initTf instead.
 */
export async function probeBackends(): Promise<BackendProbe[]> {
  const out: BackendProbe[] = [];
  for (const name of BACKEND_NAMES) {
    const failure = await tryActivate(name);
    out.push(failure === undefined ? { name, loads: true } : { name, loads: false, reason: failure });
  }
  current = undefined;
  return out;
}
