import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFile } from './env-file';

describe('loadEnvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills in what the environment lacks, and the environment wins', () => {
    const path = join(dir, '.env');
    writeFileSync(
      path,
      [
        '# a comment',
        'PORT=4000',
        'LOG_LEVEL=debug',
        'DATABASE_URL="postgres://app@db:5432/booking"',
        'EMPTY_IN_ENV=from-file',
        '',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { PORT: '3001', EMPTY_IN_ENV: '' };
    expect(loadEnvFile(path, env).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL']);
    expect(env).toEqual({
      PORT: '3001',
      EMPTY_IN_ENV: '',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://app@db:5432/booking',
    });
  });

  it('does nothing without a file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(join(dir, 'missing.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
