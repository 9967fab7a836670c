import * as fs from 'fs';
import * as path from 'path';
import { describeFsError, TrainerError } from './errors';

/** One JSON object per line: what the run report and humans read back. */
export class MetricsLog {
  private readonly fd: number;

  constructor(
    readonly file: string,
    truncate = false,
  ) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      this.fd = fs.openSync(file, truncate ? 'w' : 'a');
    } catch (e) {
      throw new TrainerError(describeFsError(e, 'open the metrics log', file), 'WRITE_FAILED', { file });
    }
  }

  write(record: Record<string, unknown>): void {
    try {
      fs.writeSync(this.fd, JSON.stringify({ time: new Date().toISOString(), ...record }) + '\n');
    } catch (e) {
      throw new TrainerError(describeFsError(e, 'write the metrics log', this.file), 'WRITE_FAILED', {
        file: this.file,
      });
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** The records; a last line cut short (a process killed while writing it) is dropped. */
  static read(file: string): Array<Record<string, unknown>> {
    if (!fs.existsSync(file)) return [];
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    return lines.flatMap((l, i) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch (e) {
        if (i === lines.length - 1) return [];
        throw new TrainerError(`${file}: line ${i + 1} is not JSON (${(e as Error).message})`, 'BAD_CHECKPOINT', {
          file,
        });
      }
    });
  }

  /** Drops records past `step` (a resumed run rewrites the steps after its checkpoint). */
  static truncateAfter(file: string, step: number): void {
    if (!fs.existsSync(file)) return;
    const kept = MetricsLog.read(file).filter((r) => typeof r.step !== 'number' || (r.step as number) <= step);
    fs.writeFileSync(file, kept.map((r) => JSON.stringify(r) + '\n').join(''));
  }
}
