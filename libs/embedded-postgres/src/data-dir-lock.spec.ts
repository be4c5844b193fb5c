import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'data-dir-lock-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes its PID beside the directory and removes it on release', () => {
    const lock = lockDataDir(join(dir, 'pg'));
    expect(lock.path).toBe(join(dir, 'pg.lock'));
    expect(readFileSync(lock.path, 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it.each([
    ['a process that is gone', '999999999\n1\n'],
    ['a live PID with another start time (reused by the system)', '1\n-1\n'],
    ['garbage', 'not a pid'],
  ])('takes over a lock left by %s', (_case, content) => {
    writeFileSync(join(dir, 'pg.lock'), content);
    const lock = lockDataDir(join(dir, 'pg'));
    expect(readFileSync(lock.path, 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
  });

  it('leaves a lock it no longer holds on release', () => {
    const lock = lockDataDir(join(dir, 'pg'));
    writeFileSync(lock.path, 'someone else');
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe('someone else');
  });
});
