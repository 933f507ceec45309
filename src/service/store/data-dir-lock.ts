/**
 * One service per data directory: a lock file holding the owner's pid. A lock left behind by a
 * process that no longer runs (kill -9) is taken over; one held by a live process is refused.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the lock file inside a data directory. */
export const LOCK_FILE = 'serve.lock';

/** A held lock. */
export interface DataDirLock {
  release(): void;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the data directory's lock or throws naming the process that holds it.
 *
 * @example
 * const lock = acquireDataDirLock('.durable-lambda/serve');
 * try { ... } finally { lock.release(); }
 */
export const acquireDataDirLock = (dataDir: string): DataDirLock => {
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      let held = true;
      return {
        release: () => {
          if (!held) return;
          held = false;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || alive(owner))) {
        throw new Error(`data directory ${dataDir} is in use by ${owner === process.pid ? 'this process' : `process ${owner}`}; stop that service or pass another --data-dir`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock data directory ${dataDir}`);
};
