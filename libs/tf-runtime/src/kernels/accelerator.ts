import { TfRuntimeError } from '../errors';
import { registerBlasMatMul } from './blas-matmul';
import { loadNativeBlas, parseBlasMode, type BlasMode, type NativeBlas } from './native-blas';

/** What the native BLAS accelerator is doing, for the backend line and `vidsim doctor`. */
export interface BlasStatus {
  /** BatchMatMul and _FusedMatMul on wasm run in the native BLAS. */
  active: boolean;
  /** From `VIDSIM_BLAS` or the option: auto (default), on, off. */
  mode: BlasMode;
  library?: string;
  config?: string;
  threads?: number;
  /** One line: why it is active or not. */
  reason: string;
}

let loaded: { blas?: NativeBlas; reason: string } | undefined;
let restore: (() => void) | undefined;
let status: BlasStatus = { active: false, mode: 'auto', reason: 'not initialised (the wasm backend was not set up)' };

/**
 * Puts BatchMatMul and _FusedMatMul of the wasm backend on the native BLAS (OpenBLAS, Accelerate) when the mode
 * allows and one loads; otherwise leaves the wasm kernels and records why. `on` with no BLAS is an error.
 * Call after the wasm backend and its other patches are registered; `load` replaces the library search (tests).
 * Returns the status.
 */
export function enableNativeBlas(
  option?: BlasMode | string,
  load?: () => { blas?: NativeBlas; reason: string },
): BlasStatus {
  const source = option !== undefined ? 'the blas option' : 'VIDSIM_BLAS';
  const m = parseBlasMode(option ?? process.env.VIDSIM_BLAS, source);
  if (m === 'off') {
    disableNativeBlas();
    status = { active: false, mode: m, reason: `off by ${source}; wasm kernels` };
    return status;
  }
  const found = load ? load() : (loaded ??= loadNativeBlas());
  const { blas } = found;
  if (!blas) {
    if (m === 'on') throw new TfRuntimeError(`${source}=on but ${found.reason}`, 'BACKEND_UNAVAILABLE');
    disableNativeBlas();
    status = { active: false, mode: m, reason: `${found.reason}; wasm kernels` };
    return status;
  }
  restore ??= registerBlasMatMul(blas);
  status = {
    active: true,
    mode: m,
    library: blas.library,
    config: blas.config,
    threads: blas.threads,
    reason: `${blas.config} (${blas.library}, ${blas.threads} thread${blas.threads === 1 ? '' : 's'}) for BatchMatMul and _FusedMatMul`,
  };
  return status;
}

/** Puts the wasm matmul kernels back (the bench's off switch); `enableNativeBlas` turns it on again. */
export function disableNativeBlas(): void {
  restore?.();
  restore = undefined;
  if (status.active) status = { ...status, active: false, reason: 'switched off; wasm kernels' };
}

export function blasStatus(): BlasStatus {
  return status;
}

/** One line for the backend report and `vidsim doctor`, e.g. `native BLAS: OpenBLAS 0.3.21 ... (libopenblas.so.0, 2 threads)`. */
export function describeNativeBlas(s: BlasStatus = status): string {
  return s.active ? `native BLAS: ${s.reason}` : `native BLAS: none (${s.reason})`;
}

/**
 * What `initTf` would do about the native BLAS, without initialising any backend (for `vidsim doctor`): the mode
 * from `VIDSIM_BLAS`, whether a library loads, and the one-line reason.
 */
export function probeNativeBlas(env: NodeJS.ProcessEnv = process.env): BlasStatus {
  let mode: BlasMode;
  try {
    mode = parseBlasMode(env.VIDSIM_BLAS);
  } catch (e) {
    return { active: false, mode: 'auto', reason: (e as Error).message };
  }
  if (mode === 'off') return { active: false, mode, reason: 'off by VIDSIM_BLAS; wasm kernels' };
  const { blas, reason } = loadNativeBlas(env);
  if (!blas)
    return {
      active: false,
      mode,
      reason: mode === 'on' ? `VIDSIM_BLAS=on but ${reason} (initTf will fail)` : `${reason}; wasm kernels`,
    };
  return {
    active: true,
    mode,
    library: blas.library,
    config: blas.config,
    threads: blas.threads,
    reason: `${blas.config} (${blas.library}, ${blas.threads} thread${blas.threads === 1 ? '' : 's'}) for BatchMatMul and _FusedMatMul on wasm`,
  };
}
