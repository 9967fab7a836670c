import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VidsimError } from '@vidsim/core';

/** Who holds a stage lock: written into the lock file when it is taken. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  stage: string;
}

export interface StageLock {
  file: string;
  holder: LockHolder;
  /** Set when a lock left by a dead process was taken over: its old holder. */
  tookOverFrom?: LockHolder;
  release(): void;
}

/** STAGE_LOCKED: another live process holds the stage; LOCK_IO: the lock file could not be created. */
export class StageLockError extends VidsimError<'STAGE_LOCKED' | 'LOCK_IO'> {
  constructor(
    message: string,
    code: 'STAGE_LOCKED' | 'LOCK_IO',
    readonly file: string,
    readonly holder?: LockHolder,
  ) {
    super(message, code, { file, ...(holder ? { holder } : {}) });
  }
}

/**
 * Takes the lock of one stage of one run, so two processes never write the same stage folder at once. The lock
 * file is created atomically (written under a temp name, then hard-linked into place: the link fails if a lock is
 * already there), and holds the holder's pid, host and start time. A second process fails at once naming the
 * holder. A lock whose holder was on this host and whose pid is gone (killed, crashed) is stale and is taken over;
 * the caller reports `tookOverFrom`. The lock is released by `release()` and, failing that, when the process exits.
 */
export function acquireStageLock(file: string, stage: string, isAlive: (pid: number) => boolean = pidAlive): StageLock {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), stage };
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(holder) + '\n');
  let tookOverFrom: LockHolder | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(tmp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(e, file);
      }
      const current = readHolder(file);
      if (current && current.host === holder.host && current.pid === process.pid) {
        throw new StageLockError(
          `stage ${stage} is already locked by this process (${file})`,
          'STAGE_LOCKED',
          file,
          current,
        );
      }
      // attempt 1: another process took the stale lock over between our look and our link
      if ((current && (current.host !== holder.host || isAlive(current.pid))) || attempt > 0) {
        const who = current ? `pid ${current.pid} on ${current.host} since ${current.startedAt}` : 'another process';
        throw new StageLockError(
          `stage ${stage} is already running: ${who} holds ${file}` +
            (current && current.host !== holder.host ? ' (another host: remove the file if that process is gone)' : ''),
          'STAGE_LOCKED',
          file,
          current,
        );
      }
      // the holder is gone (or the file is unreadable, which only a crash between create and write leaves): stale
      tookOverFrom = current ?? { pid: -1, host: '?', startedAt: '?', stage };
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // remove only our own lock: a stale-lock takeover by another process must not be undone
    const current = readHolder(file);
    if (current && current.pid === holder.pid && current.host === holder.host && current.startedAt === holder.startedAt)
      fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { file, holder, tookOverFrom, release };
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

function lockError(e: unknown, file: string): Error {
  const err = e as NodeJS.ErrnoException;
  return new StageLockError(`cannot create the stage lock ${file}: ${err.code ?? ''} ${err.message}`, 'LOCK_IO', file);
}

/** Whether a process with this pid exists on this host (EPERM: it exists but belongs to another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
