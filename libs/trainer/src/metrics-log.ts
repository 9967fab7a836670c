import * as fs from 'fs';
import * as path from 'path';

/** One JSON object per line: what the run report and humans read back. */
export class MetricsLog {
  private readonly fd: number;

  constructor(readonly file: string, truncate = false) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, truncate ? 'w' : 'a');
  }

  write(record: Record<string, unknown>): void {
    fs.writeSync(this.fd, JSON.stringify({ time: new Date().toISOString(), ...record }) + '\n');
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  static read(file: string): Array<Record<string, unknown>> {
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }

  /** Drops records past `step` (a resumed run rewrites the steps after its checkpoint). */
  static truncateAfter(file: string, step: number): void {
    if (!fs.existsSync(file)) return;
    const kept = MetricsLog.read(file).filter((r) => typeof r.step !== 'number' || (r.step as number) <= step);
    fs.writeFileSync(file, kept.map((r) => JSON.stringify(r) + '\n').join(''));
  }
}
