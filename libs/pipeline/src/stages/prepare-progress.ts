import { formatDuration } from '@vidsim/trainer';

/**
 * prepare's progress line on stderr: records/s, MB/s and ETA. On a terminal it redraws in place (at most every
 * 200 ms); elsewhere it prints one line per quarter of the input. The ETA waits for 2 s and 1% of the input: the
 * first records carry the start-up (worker threads, first reads), which would make it absurdly high.
 */
export class ProgressBar {
  private readonly start: number;
  private last = 0;
  private lastMark = -1;
  private printedAll = false;

  constructor(
    private readonly label: string,
    private readonly stream: { isTTY?: boolean; write(s: string): unknown } = process.stderr,
    private readonly clock: () => number = Date.now,
  ) {
    this.start = clock();
  }

  update(records: number, bytes: number, totalBytes: number, set: string, force = false): void {
    const now = this.clock();
    const frac = totalBytes > 0 ? Math.min(bytes / totalBytes, 1) : 1;
    const mark = Math.floor(frac * 4);
    if (force ? this.printedAll : this.stream.isTTY ? now - this.last < 200 : mark === this.lastMark) return;
    this.last = now;
    this.lastMark = mark;
    this.printedAll ||= frac >= 1;
    const s = Math.max((now - this.start) / 1000, 1e-3);
    const eta = s >= 2 && frac >= 0.01 ? (s / frac) * (1 - frac) : NaN;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const line =
      `[${this.label}] ${bar} ${(frac * 100).toFixed(1)}% ${set} ${records} rec ${(records / s).toFixed(0)} rec/s ` +
      `${(bytes / 1e6 / s).toFixed(1)} MB/s ${frac >= 1 ? `in ${formatDuration(s)}` : `ETA ${formatDuration(eta)}`}`;
    this.stream.write(this.stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
