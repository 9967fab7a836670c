/** Lines per run off a terminal: one per fifth. */
const MARKS = 5;

/** Where progress goes: stderr by default; tests pass their own. */
export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A one-line progress bar: step, loss, examples/s, ETA. On a terminal it redraws in place (at most every 200 ms);
 * elsewhere (Nx, CI, log files) it prints one line per fifth of the run, so a log stays short.
 *
 * Rates and the ETA start after the first step: it carries the warm-up (kernel compilation, first reads), which
 * would otherwise inflate the first ETAs several times over. Until three steps have followed it the ETA shows `?`.
 */
export class Progress {
  private last = 0;
  private lastTenth = -1;
  private firstAt?: number;
  private firstStep = 0;
  private examplesSinceFirst = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly intervalMs = 200,
    private readonly startStep = 0,
    private readonly sink: ProgressSink = process.stderr,
    private readonly clock: () => number = Date.now,
  ) {}

  update(step: number, examples: number, fields: Record<string, number | string>): void {
    const now = this.clock();
    if (this.firstAt === undefined) {
      this.firstAt = now;
      this.firstStep = step;
      this.lastTenth = Math.floor((MARKS * this.startStep) / this.total);
    } else {
      this.examplesSinceFirst += examples;
    }
    const done = step >= this.total;
    const tty = Boolean(this.sink.isTTY);
    const tenth = Math.floor((MARKS * step) / this.total);
    if (!done && (tty ? now - this.last < this.intervalMs : tenth === this.lastTenth)) return;
    this.last = now;
    this.lastTenth = tenth;
    const seconds = (now - this.firstAt) / 1000;
    const steps = step - this.firstStep;
    const eta = steps >= 3 && seconds > 0 ? ((this.total - step) * seconds) / steps : NaN;
    const rate = steps >= 1 && seconds > 0 ? `${(this.examplesSinceFirst / seconds).toFixed(1)} ex/s` : '- ex/s';
    const width = 20;
    const filled = Math.round((width * step) / this.total);
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    const extras = Object.entries(fields)
      .map(([k, v]) => `${k} ${typeof v === 'number' ? formatValue(v) : v}`)
      .join('  ');
    const line = `[${this.label}] ${bar} ${step}/${this.total}  ${extras}  ${rate}  ${done ? `in ${formatDuration(seconds)}` : `ETA ${formatDuration(eta)}`}`;
    this.sink.write(tty ? `\r${line}\x1b[K${done ? '\n' : ''}` : line + '\n');
  }
}

/** Seconds as `42s`, `3m07s` or `1h05m`; `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

function formatValue(v: number): string {
  return v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4) ? v.toExponential(2) : v.toFixed(4);
}
