import { pathToFileURL } from 'url';
import { RunReportError } from './errors';

/** A Vega-Lite spec (typed loosely: vega-lite's own types only resolve under `moduleResolution: node16`). */
export type VlSpec = Record<string, unknown>;

interface VegaView {
  toSVG(): Promise<string>;
  finalize(): void;
}
interface VegaModules {
  vega: { parse(spec: unknown): unknown; View: new (runtime: unknown, options: { renderer: 'none' }) => VegaView };
  vegaLite: { compile(spec: VlSpec): { spec: unknown } };
}

// vega 6 is ESM-only with a top-level await (vega-canvas probing for `canvas`), so `require` fails
// (ERR_REQUIRE_ASYNC_MODULE) and tsc's CommonJS output would turn `import()` into `require`; a Function-built
// `import()` stays a real one.
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

let loaded: Promise<VegaModules> | undefined;

/** Loads vega and vega-lite once. Under jest (no ESM loader) it falls back to `require`, mapped to the UMD builds. */
export function loadVega(): Promise<VegaModules> {
  loaded ??= (async () => {
    try {
      const vega = await nativeImport(pathToFileURL(require.resolve('vega')).href);
      const vegaLite = await nativeImport(pathToFileURL(require.resolve('vega-lite')).href);
      return { vega, vegaLite } as VegaModules;
    } catch (e) {
      if (!String((e as { code?: string }).code).startsWith('ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING')) {
        throw new RunReportError(`cannot load vega/vega-lite: ${(e as Error).message}`, 'VEGA_LOAD_FAILED');
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { vega: require('vega'), vegaLite: require('vega-lite') } as VegaModules;
    }
  })();
  return loaded;
}

/** Compiles a Vega-Lite spec and renders it headless to an SVG string (no canvas, no DOM). */
export async function renderSvg(spec: VlSpec): Promise<string> {
  const { vega, vegaLite } = await loadVega();
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
