import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isProcessAlive } from './postgres-binaries';

/**
 * One API process per embedded data directory. A second one would reuse the first one's
 * server and lose its database when the first stops, so it is refused instead. The lock is a
 * file beside the directory (`<dir>.lock`: initdb wants the directory itself empty) holding the
 * owner's PID and its start time, so a file left by a killed process, or naming a PID the
 * system has since given to another process, is stale and taken over. The CLI reuses a
 * running server and takes no lock.
 */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`${dataDir} is in use by process ${pid}`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  path: string;
  release(): void;
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot; '' if gone. */
function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function holderOf(content: string): number | null {
  const [pidLine, startLine] = content.split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return null;
  return startTimeOf(pid) === startLine ? pid : null;
}

/** Links `candidate` to `path`, breaking a stale lock; false if that kept failing. */
function takeLock(candidate: string, path: string, dataDir: string): boolean {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      linkSync(candidate, path); // atomic: fails if a lock exists
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let seen: string;
    try {
      seen = readFileSync(path, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const holder = holderOf(seen);
    if (holder !== null && holder !== process.pid) throw new DataDirInUseError(dataDir, holder);
    // Stale: move it aside and drop it, unless another process took over meanwhile.
    const aside = `${path}.stale.${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    if (readFileSync(aside, 'utf8') !== seen) {
      try {
        linkSync(aside, path); // someone else's fresh lock: put it back
      } catch {
        /* yet another process holds it now; the next round reads it */
      }
    }
    unlinkSync(aside);
  }
  return false;
}

export function lockDataDir(dataDirInput: string): DataDirLock {
  const dataDir = resolve(dataDirInput);
  const path = `${dataDir}.lock`;
  const mine = `${process.pid}\n${startTimeOf(process.pid)}\n`;
  mkdirSync(dirname(path), { recursive: true });
  const candidate = `${path}.${process.pid}`;
  writeFileSync(candidate, mine);
  try {
    if (!takeLock(candidate, path, dataDir)) throw new Error(`could not take the lock ${path}`);
  } finally {
    unlinkSync(candidate);
  }
  const release = () => {
    try {
      if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return {
    path,
    release: () => {
      process.off('exit', release);
      release();
    },
  };
}
