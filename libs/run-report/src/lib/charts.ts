import { esc } from './html';
import { renderSvg, VlSpec } from './vega-render';

/** One chart of the page: `id` names it in the HTML (`data-chart`), `spec` is plain Vega-Lite. */
export interface ChartDef {
  id: string;
  title: string;
  caption?: string;
  spec: VlSpec;
}

const CONFIG = {
  aria: false, // per-mark aria labels would double the SVG size and the page has no interactivity
  background: 'white',
  font: 'sans-serif',
  axis: { labelFontSize: 10, titleFontSize: 11, grid: true, gridColor: '#eceff2' },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 180 },
  view: { stroke: '#dde1e5' },
};

export const WIDTH = 380;
export const HEIGHT = 200;

/** Renders a chart to a `<figure>`; a chart that fails to render becomes a visible error there, not a crash. */
export async function renderFigure(chart: ChartDef, problems: string[]): Promise<string> {
  const head = `<figure class="chart" data-chart="${esc(chart.id)}"><figcaption>${esc(chart.title)}</figcaption>`;
  const caption = chart.caption ? `<p class="caption">${esc(chart.caption)}</p>` : '';
  try {
    // a faceted spec sizes its panels itself
    const size = 'facet' in chart.spec ? {} : { width: WIDTH, height: HEIGHT };
    const svg = await renderSvg({ ...size, ...chart.spec, config: CONFIG });
    return `${head}${svg}${caption}</figure>`;
  } catch (e) {
    problems.push(`chart ${chart.id}: ${(e as Error).message}`);
    return `${head}<p class="problems chart-error">chart failed: ${esc((e as Error).message)}</p></figure>`;
  }
}

/**
 * One small line chart per `panel` value, `columns` to a row, sharing the y scale: several folds' losses stay
 * readable where one chart of six overlapping noisy lines does not.
 */
export function smallMultiplesSpec(
  rows: Record<string, unknown>[],
  x: string,
  y: string,
  opts: {
    panel: string;
    xTitle: string;
    yTitle: string;
    columns?: number;
    panelWidth?: number;
    panelHeight?: number;
  },
): VlSpec {
  return {
    data: { values: rows },
    facet: { field: opts.panel, type: 'nominal', title: null },
    columns: opts.columns ?? 3,
    spec: {
      width: opts.panelWidth ?? 150,
      height: opts.panelHeight ?? 90,
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: {
        x: { field: x, type: 'quantitative', title: opts.xTitle },
        y: { field: y, type: 'quantitative', title: opts.yTitle, scale: { zero: false } },
      },
    },
  };
}

/** Lines over a quantitative x, one per `series` value (legend only when there are several). */
export function lineSpec(
  rows: Record<string, unknown>[],
  x: string,
  y: string,
  opts: {
    xTitle: string;
    yTitle: string;
    series?: string;
    seriesTitle?: string;
    points?: boolean;
    yZero?: boolean;
    integerX?: boolean;
  },
): VlSpec {
  const multi = opts.series !== undefined && new Set(rows.map((r) => r[opts.series!])).size > 1;
  return {
    data: { values: rows },
    mark: { type: 'line', point: opts.points ?? false, strokeWidth: 1.5 },
    encoding: {
      x: {
        field: x,
        type: 'quantitative',
        title: opts.xTitle,
        ...(opts.integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
      },
      y: { field: y, type: 'quantitative', title: opts.yTitle, scale: { zero: opts.yZero ?? false } },
      ...(opts.series
        ? {
            color: {
              field: opts.series,
              type: 'nominal',
              title: opts.seriesTitle ?? opts.series,
              legend: multi ? {} : null,
            },
          }
        : {}),
    },
  };
}
