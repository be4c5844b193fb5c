import request from 'supertest';
import { LIVE_ACCOUNT_TTL_MS, LiveAccountsService } from '@app/auth';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, createAdmin, registerUser } from './support/factories';
import { testServerUrl, withAdminClient } from './support/test-database';

/** Past the per-process cache window of the account check. */
const pastCacheWindow = () =>
  new Promise((resolve) => setTimeout(resolve, LIVE_ACCOUNT_TTL_MS + 200));

describe('access tokens of deleted, deactivated and demoted accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const rooms = (url: string, access: string) =>
    request(url).get('/api/v1/rooms/').set(bearer(access));
  const createMember = (access: string) =>
    request(t.url)
      .post('/api/v1/users/')
      .set(bearer(access))
      .send({ name: 'Walk In', age: 30, gender: 'O' });

  it('keeps the cache window short (at most 2 s)', () => {
    expect(LIVE_ACCOUNT_TTL_MS).toBeGreaterThan(0);
    expect(LIVE_ACCOUNT_TTL_MS).toBeLessThanOrEqual(2000);
  });

  it("locks out a deleted member's access token on every process within the window", async () => {
    const second = await startTestApp({ database: t.database });
    try {
      const admin = await createAdmin(t);
      const user = await registerUser(t);
      // Both processes have seen the account alive (and may have cached that).
      await rooms(t.url, user.access).expect(200);
      await rooms(second.url, user.access).expect(200);
      await request(t.url)
        .delete(`/api/v1/users/${user.id}/`)
        .set(bearer(admin.access))
        .expect(204);
      await pastCacheWindow();
      for (const url of [t.url, second.url]) {
        const res = await rooms(url, user.access).expect(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
        expect(res.body.detail).toMatch(/deactivated or deleted/);
      }
      await request(t.url)
        .get('/api/v1/bookings/my-bookings/')
        .set(bearer(user.access))
        .expect(401);
    } finally {
      await second.close();
    }
  });

  it('drops the cached answer on every process as soon as the change commits (LISTEN/NOTIFY)', async () => {
    const second = await startTestApp({ database: t.database });
    try {
      const listening = (app: TestApp) => app.app.get(LiveAccountsService).listening;
      const deadline = Date.now() + 5000;
      while (!(listening(t) && listening(second)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect([listening(t), listening(second)]).toEqual([true, true]);
      const user = await registerUser(t);
      // Cached as live on the second process; while listening, that answer would last 60 s.
      await rooms(second.url, user.access).expect(200);
      const changedAt = Date.now();
      await t.db.query(`UPDATE accounts SET is_active = false WHERE id = $1`, [user.id]);
      let status = 200;
      while (status === 200 && Date.now() - changedAt < LIVE_ACCOUNT_TTL_MS) {
        status = (await rooms(second.url, user.access)).status;
      }
      expect(status).toBe(401);
      // Well inside the fallback window: the notification did it, not the expiry.
      expect(Date.now() - changedAt).toBeLessThan(LIVE_ACCOUNT_TTL_MS);
    } finally {
      await second.close();
    }
  });

  it('listens over DATABASE_LISTEN_URL when it is set (a direct URL beside a pooled DATABASE_URL)', async () => {
    // Another role on the same server and database: only the listener can have connected as it.
    const role = `listen_${t.database}`;
    await withAdminClient((admin) => admin.query(`CREATE ROLE ${role} LOGIN`));
    const listenUrl = new URL(testServerUrl(t.database));
    listenUrl.username = role;
    const direct = await startTestApp({
      database: t.database,
      env: { DATABASE_LISTEN_URL: listenUrl.toString() },
    });
    try {
      const live = direct.app.get(LiveAccountsService);
      const deadline = Date.now() + 5000;
      while (!live.listening && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(live.listening).toBe(true);
      const sessions = await t.db.query<{ usename: string }>(
        `SELECT usename FROM pg_stat_activity
         WHERE datname = current_database() AND query = 'LISTEN account_changed'
           AND usename = $1`,
        [role],
      );
      expect(sessions.rows).toHaveLength(1);
      // And it hears the changes: a deactivation drops the cached answer at once.
      const user = await registerUser(t);
      await rooms(direct.url, user.access).expect(200);
      const changedAt = Date.now();
      await t.db.query(`UPDATE accounts SET is_active = false WHERE id = $1`, [user.id]);
      let status = 200;
      while (status === 200 && Date.now() - changedAt < LIVE_ACCOUNT_TTL_MS) {
        status = (await rooms(direct.url, user.access)).status;
      }
      expect(status).toBe(401);
      expect(Date.now() - changedAt).toBeLessThan(LIVE_ACCOUNT_TTL_MS);
    } finally {
      await direct.close();
      await withAdminClient(async (admin) => {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`,
          [role],
        );
        await admin.query(`DROP ROLE ${role}`);
      });
    }
  });

  it('a fresh login acts with the account as it is now, even before the cache window ends', async () => {
    const deaf = await startTestApp({ database: t.database });
    try {
      // This process hears no notifications: its cached answers last LIVE_ACCOUNT_TTL_MS.
      await deaf.app.get(LiveAccountsService).onApplicationShutdown();
      expect(deaf.app.get(LiveAccountsService).listening).toBe(false);
      const user = await registerUser(deaf);
      const createOn = (access: string) =>
        request(deaf.url)
          .post('/api/v1/users/')
          .set(bearer(access))
          .send({ name: 'Walk In', age: 30, gender: 'O' });
      await createOn(user.access).expect(403); // cached: role user
      const promotedAt = Date.now();
      await t.db.query(`UPDATE accounts SET role = 'admin' WHERE id = $1`, [user.id]);
      const login = await request(deaf.url)
        .post('/api/token/')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await createOn(login.body.access).expect(201);
      // Inside the window: the login refreshed the cached answer, not its expiry.
      expect(Date.now() - promotedAt).toBeLessThan(LIVE_ACCOUNT_TTL_MS);
    } finally {
      await deaf.close();
    }
  });

  it('refuses admin actions with the token of a deleted admin', async () => {
    const doomed = await createAdmin(t);
    const other = await createAdmin(t);
    await createMember(doomed.access).expect(201);
    await request(t.url)
      .delete(`/api/v1/users/${doomed.id}/`)
      .set(bearer(other.access))
      .expect(204);
    await pastCacheWindow();
    await createMember(doomed.access).expect(401);
    await request(t.url).get(`/api/v1/users/${other.id}/`).set(bearer(doomed.access)).expect(401);
  });

  it('locks out a deactivated account whose member still exists', async () => {
    const user = await registerUser(t);
    await rooms(t.url, user.access).expect(200);
    await t.db.query(`UPDATE accounts SET is_active = false WHERE id = $1`, [user.id]);
    await pastCacheWindow();
    await rooms(t.url, user.access).expect(401);
  });

  it('takes the role from the database: a demoted admin loses admin rights', async () => {
    const admin = await createAdmin(t);
    await createMember(admin.access).expect(201);
    await t.db.query(`UPDATE accounts SET role = 'user' WHERE id = $1`, [admin.id]);
    await pastCacheWindow();
    const res = await createMember(admin.access).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    // Still a valid user.
    await rooms(t.url, admin.access).expect(200);
  });

  it('ignores a role claim the account does not have', async () => {
    const user = await registerUser(t);
    await t.db.query(`UPDATE accounts SET role = 'admin' WHERE id = $1`, [user.id]);
    await pastCacheWindow();
    // The token still says "user", the database says "admin": the database wins.
    await createMember(user.access).expect(201);
  });
});
