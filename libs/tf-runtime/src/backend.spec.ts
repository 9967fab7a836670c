import { initTf, currentBackend, tf } from './index';

describe('initTf', () => {
  const env = process.env.VIDSIM_BACKEND;
  afterEach(() => {
    if (env === undefined) delete process.env.VIDSIM_BACKEND;
    else process.env.VIDSIM_BACKEND = env;
  });

  it('activates a forced pure-npm backend and says why', async () => {
    const choice = await initTf({ backend: 'cpu' });
    expect(choice).toMatchObject({ name: 'cpu', tfBackend: 'cpu', reason: 'forced by the backend option' });
    expect(tf.getBackend()).toBe('cpu');
    expect(currentBackend()?.name).toBe('cpu');
  });

  it('reads VIDSIM_BACKEND', async () => {
    process.env.VIDSIM_BACKEND = 'wasm';
    const choice = await initTf();
    expect(choice).toMatchObject({ name: 'wasm', reason: 'forced by VIDSIM_BACKEND' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('names the missing package when a native backend is forced but absent', async () => {
    let installed = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      installed = false;
    }
    if (installed) return console.warn('@tensorflow/tfjs-node is installed here; skipping the absent-package check');
    await expect(initTf({ backend: 'node' })).rejects.toThrow(
      /Backend 'node' was forced but cannot load: package @tensorflow\/tfjs-node is not installed/,
    );
  });

  it('rejects an unknown backend name, listing the valid ones', async () => {
    process.env.VIDSIM_BACKEND = 'webgpu';
    await expect(initTf()).rejects.toThrow(
      "Unknown backend 'webgpu' (from VIDSIM_BACKEND); use one of node-gpu, node, wasm, cpu.",
    );
  });

  it('falls back past absent native packages to wasm, reporting what it skipped', async () => {
    delete process.env.VIDSIM_BACKEND;
    let native = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      native = false;
    }
    if (native) return console.warn('a native backend is installed here; skipping the fallback check');
    let fresh: typeof import('./backend') | undefined;
    jest.isolateModules(() => {
      fresh = require('./backend');
    }); // no cached choice, as in a new process
    const choice = await fresh!.initTf();
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toMatch(
      /^first available \(skipped: node-gpu: package @tensorflow\/tfjs-node-gpu is not installed .*; node: package @tensorflow\/tfjs-node is not installed/,
    );
  });
});
