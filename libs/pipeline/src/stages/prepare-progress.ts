/** A one-line stderr progress bar: records/s, MB/s and ETA, redrawn at most every 200 ms (every 5 s when not a terminal). */
export class ProgressBar {
  private readonly start = Date.now();
  private last = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(records: number, bytes: number, totalBytes: number, label: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < (this.stream.isTTY ? 200 : 5000)) return;
    this.last = now;
    const s = Math.max((now - this.start) / 1000, 1e-3);
    const frac = totalBytes > 0 ? Math.min(bytes / totalBytes, 1) : 1;
    const eta = frac > 0 ? (s / frac) * (1 - frac) : 0;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const line = `[${bar}] ${(frac * 100).toFixed(1)}% ${label} ${records} rec ${(records / s).toFixed(0)} rec/s ` +
      `${(bytes / 1e6 / s).toFixed(1)} MB/s ETA ${fmt(eta)}`;
    this.stream.write(this.stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

export function fmt(seconds: number): string {
  const t = Math.round(seconds);
  return t >= 3600 ? `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m` : t >= 60 ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s` : `${t}s`;
}
