import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The shared libraries @tensorflow/tfjs-node-gpu 4.22 loads: its libtensorflow 2.9 is built against CUDA 11.2 and
 * cuDNN 8.1, and looks them up by these sonames (libcuda.so.1 comes with the NVIDIA driver).
 */
export const TFJS_GPU_LIBRARIES = [
  'libcuda.so.1',
  'libcudart.so.11.0',
  'libcublas.so.11',
  'libcublasLt.so.11',
  'libcufft.so.10',
  'libcurand.so.10',
  'libcusolver.so.11',
  'libcusparse.so.11',
  'libcudnn.so.8',
] as const;

export interface LibraryCheck {
  name: string;
  /** Where it was found (ldconfig's cache, or a folder of LD_LIBRARY_PATH); undefined when missing. */
  foundAt?: string;
}

/** Sonames -> paths from `ldconfig -p` output (lines like `\tlibcudnn.so.8 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.8`). */
export function parseLdconfig(output: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)/.exec(line);
    if (m && !found.has(m[1])) found.set(m[1], m[3]);
  }
  return found;
}

/**
 * Which of tfjs-node-gpu's libraries the dynamic loader would find: ldconfig's cache first, then the folders of
 * LD_LIBRARY_PATH (the loader searches those first, but ldconfig -p is cheaper to read). Inputs can be given for
 * tests; by default `ldconfig -p` is run (an absent ldconfig counts as an empty cache).
 */
export function checkCudaLibraries(options: { ldconfigOutput?: string; ldLibraryPath?: string } = {}): LibraryCheck[] {
  const ldconfig = parseLdconfig(options.ldconfigOutput ?? runLdconfig());
  const dirs = (options.ldLibraryPath ?? process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  return TFJS_GPU_LIBRARIES.map((name) => {
    const inPath = dirs.map((d) => path.join(d, name)).find((p) => fs.existsSync(p));
    return { name, foundAt: inPath ?? ldconfig.get(name) };
  });
}

function runLdconfig(): string {
  for (const bin of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    try {
      return execFileSync(bin, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      // try the next location
    }
  }
  return '';
}
