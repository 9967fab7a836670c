/** Small HTML builders; every value that comes from an artifact goes through `esc`. */

export function esc(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Wall time: seconds with one decimal below a minute (`42.3 s`), else m:ss (`3:07`) or h:mm:ss. */
export function fmtWall(seconds: number | undefined | null): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  const mmss = `${Math.floor((s % 3600) / 60)}:${String(s % 60).padStart(2, '0')}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss;
}

export function fmt(value: unknown, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toFixed(digits);
  }
  return String(value);
}

export type Cell = string | number | null | undefined | { html: string };

/** A table; `{ html }` cells are trusted markup, everything else is escaped (numbers formatted). */
export function table(headers: string[], rows: Cell[][], cls = ''): string {
  const cell = (c: Cell, tag: string) => {
    const num = typeof c === 'number';
    const body = c !== null && typeof c === 'object' ? c.html : esc(fmt(c));
    return `<${tag}${num ? ' class="num"' : ''}>${body}</${tag}>`;
  };
  return (
    `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('')}</tbody></table>`
  );
}

/** The "this has not happened yet" note that replaces a chart or table whose artifacts are missing. */
export function notRun(text: string): string {
  return `<p class="not-run">${esc(text)}</p>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${esc(id)}"><h2>${esc(title)}</h2>${body}</section>`;
}

export const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d232a; background: #f5f6f8; }
header { background: #22313f; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; opacity: .8; }
nav { margin-top: 8px; } nav a { color: #cfe3ff; margin-right: 14px; text-decoration: none; }
main { padding: 8px 28px 40px; max-width: 1500px; }
section { background: #fff; border-radius: 8px; padding: 14px 20px; margin: 16px 0; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
h2 { margin: 2px 0 10px; font-size: 18px; } h3 { margin: 14px 0 6px; font-size: 15px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
figure.chart { margin: 0; border: 1px solid #e3e6ea; border-radius: 6px; padding: 8px; background: #fff; }
figure.chart figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
figure.chart .caption { font-size: 12px; color: #5a6570; max-width: 520px; margin: 4px 0 0; }
figure.chart svg { display: block; }
.not-run { color: #8a5a00; background: #fff6e0; border-left: 4px solid #f0b429; padding: 6px 10px; margin: 6px 0; }
.problems { color: #8b1e1e; background: #fdecec; border-left: 4px solid #d64545; padding: 6px 10px; }
.status-done { color: #1e7a3c; font-weight: 600; } .status-partial { color: #8a5a00; font-weight: 600; } .status-missing { color: #8b96a0; }
details { margin: 4px 0; } summary { cursor: pointer; } pre { background: #f6f8fa; padding: 8px; overflow-x: auto; font-size: 12px; }
`;
