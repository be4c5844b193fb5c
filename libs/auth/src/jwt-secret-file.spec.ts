import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrCreateSecretFile } from './jwt-secret-file';

describe('readOrCreateSecretFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-secret-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a 0600 file of 32 random bytes (base64url), in a directory it creates', async () => {
    const file = join(dir, 'data', 'jwt-secret');
    const { secret, created } = await readOrCreateSecretFile(file);
    expect(created).toBe(true);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
  });

  it('reuses the file on later calls', async () => {
    const file = join(dir, 'jwt-secret');
    const first = await readOrCreateSecretFile(file);
    const second = await readOrCreateSecretFile(file);
    expect(second).toEqual({ secret: first.secret, created: false });
  });

  it('gives every concurrent caller the same secret, made by exactly one of them', async () => {
    const file = join(dir, 'jwt-secret');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => readOrCreateSecretFile(file)),
    );
    expect(new Set(results.map((r) => r.secret)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['jwt-secret']); // no drafts left behind
  });

  it.each([
    ['readable by the group', 0o640, 'x'.repeat(43), /mode 0640.*chmod 600.*JWT_SECRET/],
    ['readable by anyone', 0o644, 'x'.repeat(43), /mode 0644/],
    ['too short', 0o600, 'short-secret\n', /fewer than 32 bytes.*JWT_SECRET/],
    ['empty', 0o600, '', /fewer than 32 bytes/],
  ])('refuses a file %s, naming the file', async (_label, mode, content, message) => {
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, content);
    chmodSync(file, mode);
    await expect(readOrCreateSecretFile(file)).rejects.toThrow(message);
    await expect(readOrCreateSecretFile(file)).rejects.toThrow(file);
  });

  it('accepts a secret written there by hand with mode 0600', async () => {
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, `${'k'.repeat(40)}\n`, { mode: 0o600 });
    expect(await readOrCreateSecretFile(file)).toEqual({ secret: 'k'.repeat(40), created: false });
  });
});
