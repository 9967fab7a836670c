import * as fs from 'fs';
import { TfRuntimeError } from '../errors';

/** `VIDSIM_BLAS`: `auto` (default) uses a native BLAS when one loads, `on` requires one, `off` never loads one. */
export type BlasMode = 'auto' | 'on' | 'off';
export const BLAS_MODES: readonly BlasMode[] = ['auto', 'on', 'off'];

/** Row-major single-precision GEMM, C = alpha * op(A) * op(B) + beta * C, on typed-array views (no copies). */
export type Sgemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  lda: number,
  b: Float32Array,
  ldb: number,
  beta: number,
  c: Float32Array,
  ldc: number,
) => void;

export interface NativeBlas {
  sgemm: Sgemm;
  /** The shared library that was opened, e.g. `libopenblas.so.0`. */
  library: string;
  /** Worker threads the library uses for one GEMM (1 when it cannot say). */
  threads: number;
  /** e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH Haswell`. */
  config: string;
}

// CBLAS enums, the same in OpenBLAS and Accelerate
const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

const ACCELERATE = '/System/Library/Frameworks/Accelerate.framework/Accelerate';

/** Library names tried in order: `VIDSIM_BLAS_LIBRARY` first when set, then the platform's usual ones. */
export function blasCandidates(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const list: string[] = [];
  if (env.VIDSIM_BLAS_LIBRARY) list.push(env.VIDSIM_BLAS_LIBRARY);
  if (platform === 'darwin')
    list.push(
      ACCELERATE,
      '/opt/homebrew/opt/openblas/lib/libopenblas.dylib',
      '/usr/local/opt/openblas/lib/libopenblas.dylib',
    );
  else if (platform === 'win32') list.push('libopenblas.dll');
  else list.push('libopenblas.so.0', 'libopenblas.so');
  return list;
}

interface KoffiLib {
  func(signature: string): (...args: unknown[]) => unknown;
}
interface Koffi {
  load(path: string): KoffiLib;
}

/**
 * Opens a native BLAS through koffi (an optional dependency with prebuilt binaries). Returns the library, or a
 * one-line reason why none loaded; never throws.
 */
export function loadNativeBlas(
  env: NodeJS.ProcessEnv = process.env,
  candidates = blasCandidates(env),
): { blas?: NativeBlas; reason: string } {
  let koffi: Koffi;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    koffi = require('koffi') as Koffi;
  } catch (e) {
    return { reason: `the optional package koffi is not installed (${(e as Error).message.split('\n')[0]})` };
  }
  const failures: string[] = [];
  for (const library of candidates) {
    if (library.startsWith('/') && !fs.existsSync(library)) {
      failures.push(`${library}: no such file`);
      continue;
    }
    let lib: KoffiLib;
    try {
      lib = koffi.load(library);
    } catch (e) {
      failures.push(`${library}: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    try {
      return { blas: bind(lib, library, env), reason: `${library} loaded` };
    } catch (e) {
      failures.push(`${library}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const hint = process.platform === 'linux' ? ' (apt-get install libopenblas0-pthread)' : '';
  return { reason: `no native BLAS found${hint}: ${failures.join('; ')}` };
}

function bind(lib: KoffiLib, library: string, env: NodeJS.ProcessEnv): NativeBlas {
  const raw = lib.func(
    'void cblas_sgemm(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int)',
  ) as (...args: unknown[]) => void;
  const optional = <T>(signature: string): T | undefined => {
    try {
      return lib.func(signature) as T;
    } catch {
      return undefined; // Accelerate has no openblas_* functions
    }
  };
  const setThreads = optional<(n: number) => void>('void openblas_set_num_threads(int)');
  const getThreads = optional<() => number>('int openblas_get_num_threads()');
  const getConfig = optional<() => string>('const char *openblas_get_config()');
  const wanted = Number(env.VIDSIM_BLAS_THREADS);
  if (setThreads && Number.isInteger(wanted) && wanted > 0) setThreads(wanted);
  const sgemm: Sgemm = (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
    raw(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return {
    sgemm,
    library,
    threads: getThreads ? getThreads() : 1,
    config: getConfig ? getConfig() : library === ACCELERATE ? 'Apple Accelerate' : library,
  };
}

/** Reads `VIDSIM_BLAS` (or the option), rejecting anything but auto|on|off with a message naming the variable. */
export function parseBlasMode(value: string | undefined, source = 'VIDSIM_BLAS'): BlasMode {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return 'auto';
  if ((BLAS_MODES as readonly string[]).includes(v)) return v as BlasMode;
  throw new TfRuntimeError(`${source}='${value}' is not one of ${BLAS_MODES.join(', ')}`, 'BAD_BACKEND');
}
