import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkCudaLibraries, parseLdconfig, TFJS_GPU_LIBRARIES } from './cuda-libs';

describe('the CUDA libraries tfjs-node-gpu needs', () => {
  const ldconfig = [
    "812 libs found in cache `/etc/ld.so.cache'",
    '\tlibcudnn.so.8 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.8',
    '\tlibcudart.so.12 (libc6,x86-64) => /usr/local/cuda-12/lib64/libcudart.so.12',
    '\tlibcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1',
    '\tlibc.so.6 (libc6,x86-64, OS ABI: Linux 3.2.0) => /lib/x86_64-linux-gnu/libc.so.6',
  ].join('\n');

  it('reads ldconfig -p', () => {
    const m = parseLdconfig(ldconfig);
    expect(m.get('libcudnn.so.8')).toBe('/usr/lib/x86_64-linux-gnu/libcudnn.so.8');
    expect(m.get('libc.so.6')).toBe('/lib/x86_64-linux-gnu/libc.so.6');
    expect(m.size).toBe(4);
  });

  it('finds each soname in the cache or LD_LIBRARY_PATH; CUDA 12 does not stand in for 11', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuda-'));
    fs.writeFileSync(path.join(dir, 'libcublas.so.11'), '');
    try {
      const r = checkCudaLibraries({ ldconfigOutput: ldconfig, ldLibraryPath: `/nonexistent:${dir}` });
      expect(r.map((l) => l.name)).toEqual([...TFJS_GPU_LIBRARIES]);
      const at = Object.fromEntries(r.map((l) => [l.name, l.foundAt]));
      expect(at['libcudnn.so.8']).toBe('/usr/lib/x86_64-linux-gnu/libcudnn.so.8');
      expect(at['libcublas.so.11']).toBe(path.join(dir, 'libcublas.so.11'));
      expect(at['libcudart.so.11.0']).toBeUndefined(); // only libcudart.so.12 is installed
      expect(r.filter((l) => !l.foundAt)).toHaveLength(6);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
