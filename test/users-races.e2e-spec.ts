import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { activeAdminIds, bearer, createAdmin } from './support/factories';

/** Member edits and deletions racing each other, on two API processes sharing one database. */
describe('users under concurrency', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({ database: first.database });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('never leaves zero admins when the only two delete each other (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      // Exactly two active admins each round: earlier survivors step down.
      await first.db.query(`UPDATE accounts SET role = 'user' WHERE role = 'admin'`);
      const [a, b] = [await createAdmin(first), await createAdmin(first)];
      const [byA, byB] = await Promise.all([
        request(round % 2 ? first.url : second.url)
          .delete(`/api/v1/users/${b.id}/`)
          .set(bearer(a.access)),
        request(round % 2 ? second.url : first.url)
          .delete(`/api/v1/users/${a.id}/`)
          .set(bearer(b.access)),
      ]);
      // The loser is refused by the count (409), or, if the winner committed before its
      // request was authenticated, as an account that no longer exists (401).
      const statuses = [byA.status, byB.status].sort();
      expect(statuses[0]).toBe(204);
      expect([401, 409]).toContain(statuses[1]);
      const loser = [byA, byB].find((res) => res.status !== 204);
      expect(loser?.status === 409 ? loser.body.code : 'LAST_ADMIN').toBe('LAST_ADMIN');
      // The admin whose delete went through is the one left.
      expect(await activeAdminIds(first)).toEqual([byA.status === 204 ? a.id : b.id]);
    }
  });

  it('never leaves zero admins when the only two demote or deactivate each other (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      await first.db.query(`UPDATE accounts SET role = 'user' WHERE role = 'admin'`);
      const [a, b] = [await createAdmin(first), await createAdmin(first)];
      const change = round % 2 ? { role: 'user' } : { is_active: false };
      const [byA, byB] = await Promise.all([
        request(first.url).patch(`/api/v1/users/${b.id}/`).set(bearer(a.access)).send(change),
        request(second.url).patch(`/api/v1/users/${a.id}/`).set(bearer(b.access)).send(change),
      ]);
      // The loser is refused by the count (409), or, if the winner committed before its
      // request was authenticated, as a non-admin (403) or a deactivated account (401).
      const statuses = [byA.status, byB.status].sort();
      expect(statuses[0]).toBe(200);
      expect([401, 403, 409]).toContain(statuses[1]);
      const loser = [byA, byB].find((res) => res.status !== 200);
      expect(loser?.status === 409 ? loser.body.code : 'LAST_ADMIN').toBe('LAST_ADMIN');
      expect(await activeAdminIds(first)).toEqual([byA.status === 200 ? a.id : b.id]);
      await first.db.query(`UPDATE accounts SET is_active = true`);
    }
  });
});
