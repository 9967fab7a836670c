/**
 * A one-line progress bar on stderr: step, loss, examples/s, ETA. On a terminal it redraws in place; elsewhere
 * (CI, logs) it prints a line every `intervalMs`.
 */
export class Progress {
  private readonly start = Date.now();
  private last = 0;
  private examples = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly label: string, private readonly total: number, private readonly intervalMs = 10_000, private readonly startStep = 0) {}

  update(step: number, examples: number, fields: Record<string, number | string>): void {
    this.examples += examples;
    const now = Date.now();
    const done = step >= this.total;
    if (!done && now - this.last < (this.tty ? 200 : this.intervalMs)) return;
    this.last = now;
    const elapsed = (now - this.start) / 1000;
    const perSec = this.examples / Math.max(elapsed, 1e-9);
    const stepsDone = step - this.startStep;
    const eta = stepsDone > 0 ? ((this.total - step) * elapsed) / stepsDone : NaN;
    const width = 20;
    const filled = Math.round((width * step) / this.total);
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    const extras = Object.entries(fields).map(([k, v]) => `${k} ${typeof v === 'number' ? formatValue(v) : v}`).join('  ');
    const line = `[${this.label}] ${bar} ${step}/${this.total}  ${extras}  ${perSec.toFixed(1)} ex/s  ETA ${formatDuration(eta)}`;
    if (this.tty) process.stderr.write(`\r${line}\x1b[K${done ? '\n' : ''}`);
    else process.stderr.write(line + '\n');
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function formatValue(v: number): string {
  return v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4) ? v.toExponential(2) : v.toFixed(4);
}
