import { TfRuntimeError } from '../errors';
import { tf } from '../tf';
import { overrideKernel } from './wasm-heap';
import { gatherRows, identityShared, segmentSumInHeap, sumLeadingAxes, transposeNoOp } from './wasm-heap-kernels';
import { FUSED_ADAM_KERNEL, fusedAdamKernel } from './fused-adam';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, layerNormGradKernel, layerNormKernel } from './layer-norm';

type FastKernel = (args: Parameters<tf.KernelFunc>[0], fallback: tf.KernelFunc) => ReturnType<tf.KernelFunc>;

interface FastKernelEntry {
  kernelName: string;
  kernel: FastKernel;
  what: string;
  /** Kernels of vidsim's own that the same switch registers with it (no stock kernel under them). */
  companions?: Array<{ kernelName: string; kernel: FastKernel }>;
}

/** vidsim's in-heap wasm kernels, each switchable (`VIDSIM_WASM_KERNELS`, `setWasmFastKernels`). */
export const WASM_FAST_KERNELS: Record<string, FastKernelEntry> = {
  identity: { kernelName: 'Identity', kernel: identityShared, what: 'Identity shares memory instead of copying' },
  transpose: { kernelName: 'Transpose', kernel: transposeNoOp, what: 'a Transpose that moves nothing shares memory' },
  gather: { kernelName: 'GatherV2', kernel: gatherRows, what: 'GatherV2 by block copies' },
  'column-sum': { kernelName: 'Sum', kernel: sumLeadingAxes, what: 'Sum over leading axes without a transpose' },
  'segment-sum': { kernelName: 'UnsortedSegmentSum', kernel: segmentSumInHeap, what: 'UnsortedSegmentSum in the heap' },
  adam: { kernelName: FUSED_ADAM_KERNEL, kernel: fusedAdamKernel, what: 'one Adam update per variable (createAdam)' },
  layernorm: {
    kernelName: LAYER_NORM_KERNEL,
    kernel: layerNormKernel,
    what: 'LayerNorm in one kernel forward and one backward (layerNorm)',
    companions: [{ kernelName: LAYER_NORM_GRAD_KERNEL, kernel: layerNormGradKernel }],
  },
};
export type WasmFastKernelName = keyof typeof WASM_FAST_KERNELS;

const installed = new Map<string, { restore: () => void; kernelFunc: tf.KernelFunc }>();

// re-activating a backend re-registers some stock kernels: what counts is the kernel registered now
const isActive = (name: string) => {
  const entry = installed.get(name);
  return (
    entry !== undefined && tf.getKernel(WASM_FAST_KERNELS[name].kernelName, 'wasm')?.kernelFunc === entry.kernelFunc
  );
};

/**
 * `all` (default), `none`, or a comma list applied to all-on: `-gather,-identity` turns those off, `none,gather`
 * only that one on. Unknown names are errors that list the known ones.
 */
export function parseKernelSwitches(spec: string | undefined, source = 'VIDSIM_WASM_KERNELS'): Record<string, boolean> {
  const names = Object.keys(WASM_FAST_KERNELS);
  const on: Record<string, boolean> = Object.fromEntries(names.map((n) => [n, true]));
  for (const raw of (spec ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (raw === 'all' || raw === 'none') {
      for (const n of names) on[n] = raw === 'all';
      continue;
    }
    const name = raw.replace(/^[-+]/, '');
    if (!names.includes(name))
      throw new TfRuntimeError(
        `${source}: unknown kernel '${name}' (known: ${names.join(', ')}; or all, none)`,
        'BAD_BACKEND',
      );
    on[name] = !raw.startsWith('-');
  }
  return on;
}

/**
 * Registers (or removes) each in-heap kernel on wasm over the kernel registered now, which stays the fallback.
 * Call after the wasm backend is set and its other patches are in. Returns the switches as applied.
 */
export function setWasmFastKernels(
  spec: string | Record<string, boolean> | undefined = process.env.VIDSIM_WASM_KERNELS,
): Record<string, boolean> {
  const wanted = typeof spec === 'object' ? { ...parseKernelSwitches(undefined), ...spec } : parseKernelSwitches(spec);
  for (const [name, { kernelName, kernel, companions = [] }] of Object.entries(WASM_FAST_KERNELS)) {
    const active = isActive(name);
    if (!active) installed.delete(name);
    if (wanted[name] && !active) {
      const restores = [...companions, { kernelName, kernel }].map((k) => install(k.kernelName, k.kernel));
      const kernelFunc = tf.getKernel(kernelName, 'wasm')!.kernelFunc;
      installed.set(name, { restore: () => restores.reverse().forEach((r) => r()), kernelFunc });
    } else if (!wanted[name] && active) {
      installed.get(name)!.restore();
      installed.delete(name);
    }
  }
  return wasmFastKernels();
}

function install(kernelName: string, kernel: FastKernel): () => void {
  // a kernel of vidsim's own (the fused Adam, LayerNorm) has no stock one under it
  const fallback: tf.KernelConfig = tf.getKernel(kernelName, 'wasm') ?? {
    kernelName,
    backendName: 'wasm',
    kernelFunc: () => {
      throw new Error(`${kernelName}: no fallback kernel on wasm`);
    },
  };
  return overrideKernel({ ...fallback, kernelFunc: (args) => kernel(args, fallback.kernelFunc) });
}

/** Which in-heap kernels are registered now. */
export function wasmFastKernels(): Record<string, boolean> {
  return Object.fromEntries(Object.keys(WASM_FAST_KERNELS).map((n) => [n, isActive(n)]));
}
