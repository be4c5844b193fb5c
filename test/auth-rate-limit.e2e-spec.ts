import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { RedisThrottlerStorage } from '@app/auth';
import { redisReachable, TEST_REDIS_URL } from './support/redis';
import { startTestApp, TestApp } from './support/test-app';
import { aClientIp, postFrom } from './support/client-address';
import { bearer, registerUser, registrationBody } from './support/factories';

const REDIS_URL = TEST_REDIS_URL;

// A new unknown name each time: the per-username backoff must not be what answers here.
const badLogin = () => ({ username: `nobody_${randomUUID()}`, password: 'wrong-password-1' });

describe('auth rate limit', () => {
  describe('in memory (AUTH_RATE_LIMIT=3)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { AUTH_RATE_LIMIT: '3' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers the 4th request of a minute with 429 problem+json and the real Retry-After', async () => {
      const ip = aClientIp();
      for (let i = 0; i < 3; i++) {
        expect((await postFrom(ip, t.url, '/api/token/', badLogin())).status).toBe(401);
      }
      const limited = await postFrom(ip, t.url, '/api/token/', badLogin());
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({
        status: 429,
        code: 'RATE_LIMITED',
        title: 'Too Many Requests',
      });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(50);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('shares one budget across register, token and refresh', async () => {
      const ip = aClientIp();
      const before = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM accounts`);
      expect((await postFrom(ip, t.url, '/api/token/', badLogin())).status).toBe(401);
      expect((await postFrom(ip, t.url, '/api/token/refresh/', { refresh: 'x.y.z' })).status).toBe(
        401,
      );
      expect((await postFrom(ip, t.url, '/api/v1/register/', { username: 'x' })).status).toBe(400);
      const limited = await postFrom(ip, t.url, '/api/v1/register/', registrationBody());
      expect(limited.status).toBe(429);
      const after = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM accounts`);
      expect(after.rows[0].n).toBe(before.rows[0].n);
      expect((await postFrom(ip, t.url, '/api/token/refresh/', { refresh: 'x.y.z' })).status).toBe(
        429,
      );
    });

    it('counts per client address', async () => {
      const ip = aClientIp();
      for (let i = 0; i < 4; i++) await postFrom(ip, t.url, '/api/token/', badLogin());
      expect((await postFrom(ip, t.url, '/api/token/', badLogin())).status).toBe(429);
      expect((await postFrom(aClientIp(), t.url, '/api/token/', badLogin())).status).toBe(401);
    });

    it('leaves other endpoints alone', async () => {
      const user = await registerUser(t);
      for (let i = 0; i < 6; i++) {
        await request(t.url).get('/api/v1/rooms/').set(bearer(user.access)).expect(200);
      }
      await request(t.url).get('/health').expect(200);
    });
  });

  describe('turned off (AUTH_RATE_LIMIT=0, the test default)', () => {
    it('never answers 429', async () => {
      const t = await startTestApp();
      try {
        const ip = aClientIp();
        const statuses = new Set<number>();
        for (let i = 0; i < 30; i++) {
          statuses.add((await postFrom(ip, t.url, '/api/token/', badLogin())).status);
        }
        expect([...statuses]).toEqual([401]);
      } finally {
        await t.close();
      }
    });
  });

  describe('in Redis (REDIS_URL)', () => {
    let redisUp = false;
    beforeAll(async () => {
      redisUp = await redisReachable(REDIS_URL, 'Redis rate-limit tests');
    });

    it('two API instances on one Redis share the limit', async () => {
      if (!redisUp) return;
      const env = { AUTH_RATE_LIMIT: '3', REDIS_URL };
      const first = await startTestApp({ env });
      const second = await startTestApp({ database: first.database, env });
      try {
        const ip = aClientIp();
        expect((await postFrom(ip, first.url, '/api/token/', badLogin())).status).toBe(401);
        expect((await postFrom(ip, second.url, '/api/token/', badLogin())).status).toBe(401);
        expect((await postFrom(ip, first.url, '/api/token/', badLogin())).status).toBe(401);
        const limited = await postFrom(ip, second.url, '/api/token/', badLogin());
        expect(limited.status).toBe(429);
        expect(limited.body.code).toBe('RATE_LIMITED');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(50);
        expect((await postFrom(ip, first.url, '/api/token/', badLogin())).status).toBe(429);
        // Another client is not affected.
        expect((await postFrom(aClientIp(), second.url, '/api/token/', badLogin())).status).toBe(
          401,
        );
      } finally {
        await second.close();
        await first.close();
      }
    });

    it('lets requests through (no 429, no 500) when Redis is unreachable', async () => {
      const t = await startTestApp({
        env: { AUTH_RATE_LIMIT: '1', REDIS_URL: 'redis://127.0.0.1:1' },
      });
      try {
        const ip = aClientIp();
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          statuses.push((await postFrom(ip, t.url, '/api/token/', badLogin())).status);
        }
        expect(statuses).toEqual([401, 401, 401]);
      } finally {
        await t.close();
      }
    });

    it('the storage counts atomically under concurrency and unblocks after the block', async () => {
      if (!redisUp) return;
      const redis = new Redis(REDIS_URL);
      try {
        const storage = new RedisThrottlerStorage(redis, `test:${randomUUID()}:`);
        const records = await Promise.all(
          Array.from({ length: 20 }, () => storage.increment('k', 60_000, 5, 300, 'auth')),
        );
        const hits = records.map((r) => r.totalHits).sort((a, b) => a - b);
        // INCR is atomic: 20 distinct counts until the block, nothing lost or doubled.
        expect(records.filter((r) => !r.isBlocked)).toHaveLength(5);
        expect(new Set(hits.slice(0, 6)).size).toBe(6);
        expect(records.filter((r) => r.isBlocked).every((r) => r.timeToBlockExpire === 1)).toBe(
          true,
        );
        await new Promise((resolve) => setTimeout(resolve, 400));
        // The block is over; the window (60 s) still counts, so the next hit blocks again.
        const next = await storage.increment('k', 60_000, 5, 300, 'auth');
        expect(next.isBlocked).toBe(true);
        // A fresh window after it expires starts from one.
        const short = await storage.increment('w', 200, 1, 200, 'auth');
        expect(short).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 1 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await storage.increment('w', 200, 1, 200, 'auth')).toMatchObject({
          totalHits: 1,
          isBlocked: false,
        });
      } finally {
        redis.disconnect();
      }
    });
  });
});
