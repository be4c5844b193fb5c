import { randomUUID } from 'node:crypto';
import type { Clock } from '@app/core';
import { aClientIp, postFrom, Reply } from './support/client-address';
import { registerUser } from './support/factories';
import { redisReachable, TEST_REDIS_URL } from './support/redis';
import { startTestApp, TestApp } from './support/test-app';

const REDIS_URL = TEST_REDIS_URL;
const SECOND = 1000;

/** "Now" for the apps under test, moved by hand: waits are checked without sleeping. */
function steppedClock(): Clock & { advance(ms: number): void } {
  let at = Date.now();
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}

/** A login from a fresh client address: the per-IP limit never sees the same client twice. */
const login = (t: TestApp, username: string, password: string): Promise<Reply> =>
  postFrom(aClientIp(), t.url, '/api/token/', { username, password });
const wrong = (t: TestApp, username: string) => login(t, username, 'wrong-password-1');
const unknownName = () => `ghost_${randomUUID().slice(0, 8)}`;

async function failTimes(apps: TestApp[], username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    expect((await wrong(apps[i % apps.length], username)).status).toBe(401);
  }
}

/** What a client sees of an answer that might be the backoff. */
const seen = (reply: Reply) => ({
  status: reply.status,
  problemJson: /^application\/problem\+json/.test(String(reply.headers['content-type'])),
  code: reply.body.code,
  retryAfter: reply.headers['retry-after'],
});
const backoff = (retryAfterSeconds: number) => ({
  status: 429,
  problemJson: true,
  code: 'TOO_MANY_ATTEMPTS',
  retryAfter: String(retryAfterSeconds),
});

describe('login backoff per username (LOGIN_FAILURE_LIMIT=5)', () => {
  // The per-IP limit is on, and every request comes from another address.
  const env = { AUTH_RATE_LIMIT: '20', LOGIN_FAILURE_LIMIT: '5', LOGIN_BACKOFF_MAX: '5m' };

  describe('in PostgreSQL, two API instances on one database', () => {
    const clock = steppedClock();
    let first: TestApp;
    let second: TestApp;
    let both: TestApp[];
    beforeAll(async () => {
      first = await startTestApp({ env, clock });
      second = await startTestApp({ env, clock, database: first.database });
      both = [first, second];
    });
    afterAll(async () => {
      await second.close();
      await first.close();
    });

    it('answers the 6th attempt with 429 and Retry-After, from any address, right password included', async () => {
      const user = await registerUser(first);
      await failTimes(both, user.username, 5);
      expect(seen(await wrong(second, user.username))).toEqual(backoff(1));
      expect(seen(await login(first, user.username, user.password))).toEqual(backoff(1));
      expect(seen(await login(second, user.username.toUpperCase(), user.password))).toEqual(
        backoff(1),
      );
    });

    it('doubles the wait with each further failure, counted from the last one, up to the cap', async () => {
      const user = await registerUser(first);
      await failTimes(both, user.username, 5);
      for (const wait of [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]) {
        expect(seen(await wrong(first, user.username))).toEqual(backoff(wait));
        clock.advance(wait * SECOND - 1);
        expect(seen(await login(second, user.username, user.password))).toEqual(backoff(1));
        clock.advance(1);
        expect((await wrong(second, user.username)).status).toBe(401);
      }
    });

    it('lets the right password in once the wait is over; a success starts the count again', async () => {
      const user = await registerUser(first);
      await failTimes(both, user.username, 5);
      clock.advance(SECOND);
      expect((await login(second, user.username, user.password)).status).toBe(200);
      await failTimes(both, user.username, 5);
      expect(seen(await wrong(first, user.username))).toEqual(backoff(1));
    });

    it('counts unknown usernames the same way, so probing names costs the same', async () => {
      const name = unknownName();
      await failTimes(both, name, 5);
      expect(seen(await wrong(second, name.toUpperCase()))).toEqual(backoff(1));
    });

    it('lets at most 5 of 40 concurrent guesses reach the password check', async () => {
      const user = await registerUser(first);
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) => wrong(both[i % 2], user.username)),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    });

    it('stores no username, and forgets a streak after a quiet day (rows are swept)', async () => {
      const name = unknownName();
      await failTimes(both, name, 5);
      const stored = await first.db.query<{ username_key: string }>(
        `SELECT username_key FROM login_failures`,
      );
      expect(stored.rows.length).toBeGreaterThan(0);
      expect(stored.rows.every((row) => /^[0-9a-f]{64}$/.test(row.username_key))).toBe(true);

      clock.advance(24 * 3600 * SECOND);
      expect((await wrong(first, name)).status).toBe(401);
      expect((await wrong(second, unknownName())).status).toBe(401);
      const old = await first.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM login_failures WHERE last_failure_at < $1`,
        [new Date(clock.now().getTime() - 24 * 3600 * SECOND)],
      );
      expect(old.rows[0].n).toBe(0);
    });
  });

  describe('turned off (LOGIN_FAILURE_LIMIT=0)', () => {
    it('never answers 429 for a username', async () => {
      const t = await startTestApp({ env: { ...env, LOGIN_FAILURE_LIMIT: '0' } });
      try {
        const user = await registerUser(t);
        await failTimes([t], user.username, 10);
        expect((await login(t, user.username, user.password)).status).toBe(200);
      } finally {
        await t.close();
      }
    });
  });

  describe('in Redis (REDIS_URL)', () => {
    let redisUp = false;
    beforeAll(async () => {
      redisUp = await redisReachable(REDIS_URL, 'Redis login-backoff tests');
    });

    it('two API instances on one Redis count together, and nothing is written to PostgreSQL', async () => {
      if (!redisUp) return;
      const clock = steppedClock();
      const first = await startTestApp({ env: { ...env, REDIS_URL }, clock });
      const second = await startTestApp({
        env: { ...env, REDIS_URL },
        clock,
        database: first.database,
      });
      try {
        const user = await registerUser(first);
        await failTimes([first, second], user.username, 5);
        expect(seen(await login(second, user.username, user.password))).toEqual(backoff(1));
        clock.advance(SECOND);
        expect((await wrong(first, user.username)).status).toBe(401);
        expect(seen(await wrong(second, user.username))).toEqual(backoff(2));
        clock.advance(2 * SECOND);
        expect((await login(first, user.username, user.password)).status).toBe(200);
        await failTimes([first, second], user.username, 5); // the success started the count again
        expect(seen(await wrong(first, user.username))).toEqual(backoff(1));

        const replies = await Promise.all(
          Array.from({ length: 20 }, (_, i) => wrong(i % 2 ? first : second, unknownName())),
        );
        expect(replies.every((r) => r.status === 401)).toBe(true);
        const concurrent = unknownName();
        const guesses = await Promise.all(
          Array.from({ length: 30 }, (_, i) => wrong(i % 2 ? first : second, concurrent)),
        );
        expect(guesses.filter((r) => r.status === 401)).toHaveLength(5);

        const rows = await first.db.query(`SELECT 1 FROM login_failures`);
        expect(rows.rowCount).toBe(0);
      } finally {
        await second.close();
        await first.close();
      }
    });

    it('falls back to PostgreSQL while Redis is unreachable: still limited, never a 500', async () => {
      const t = await startTestApp({
        env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' },
        clock: steppedClock(),
      });
      try {
        const user = await registerUser(t);
        await failTimes([t], user.username, 5);
        expect(seen(await login(t, user.username, user.password))).toEqual(backoff(1));
        const rows = await t.db.query(`SELECT 1 FROM login_failures WHERE failures = 5`);
        expect(rows.rowCount).toBe(1);
      } finally {
        await t.close();
      }
    });
  });
});
