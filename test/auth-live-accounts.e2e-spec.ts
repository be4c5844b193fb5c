import request from 'supertest';
import { LIVE_ACCOUNT_TTL_MS } from '@app/auth';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, createAdmin, registerUser } from './support/factories';

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
