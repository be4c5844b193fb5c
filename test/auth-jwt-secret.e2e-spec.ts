import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer, createAdmin, registerUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** The development default the repository used to publish: anyone could sign with it. */
const FORMERLY_PUBLISHED_SECRET = 'dev-only-insecure-jwt-secret-change-me-0123456789';

function signAccess(secret: string, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat: now, exp: now + 600, ...claims })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * `npm start` without JWT_SECRET: the key is random, made once per data directory and kept
 * beside the embedded database's data, never a value anyone can read in the repository.
 */
describe('development JWT secret (JWT_SECRET unset)', () => {
  let dataDir: string;
  let first: TestApp;
  const devEnv = () => ({
    NODE_ENV: 'development',
    JWT_SECRET: '', // unset, as far as the config loader is concerned
    EMBEDDED_PG_DIR: join(dataDir, 'pg'),
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'booking-jwt-'));
    first = await startTestApp({ env: devEnv() });
  });
  afterAll(async () => {
    await first.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an admin token signed with the formerly published development secret', async () => {
    const admin = await createAdmin(first);
    const forged = signAccess(FORMERLY_PUBLISHED_SECRET, {
      sub: String(admin.id),
      typ: 'access',
      username: admin.username,
      role: 'admin',
    });
    const res = await request(first.url).get('/api/v1/users/').set(bearer(forged));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await request(first.url).get('/api/v1/users/').set(bearer(admin.access)).expect(200);
  });

  it('signs with a random secret kept in <EMBEDDED_PG_DIR>/../jwt-secret, mode 0600', async () => {
    const file = join(dataDir, 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    const user = await registerUser(first);
    const own = signAccess(secret, {
      sub: String(user.id),
      typ: 'access',
      username: user.username,
      role: 'user',
    });
    await request(first.url).get('/api/v1/rooms/').set(bearer(own)).expect(200);
  });

  it('keeps the secret across restarts, so tokens stay valid', async () => {
    const user = await registerUser(first);
    const restarted = await startTestApp({ database: first.database, env: devEnv() });
    try {
      await request(restarted.url).get('/api/v1/rooms/').set(bearer(user.access)).expect(200);
      await request(restarted.url)
        .post('/api/token/refresh/')
        .send({ refresh: user.refresh })
        .expect(200);
    } finally {
      await restarted.close();
    }
  });
});
