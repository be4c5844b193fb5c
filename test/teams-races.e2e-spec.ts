import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { aMember, aTeam, bearer, createAdmin, RegisteredUser } from './support/factories';

/** Membership edits racing member deletion, on two API processes sharing one database. */
describe('team membership versus member deletion under concurrency', () => {
  let first: TestApp;
  let second: TestApp;
  let admin: RegisteredUser;
  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({ database: first.database });
    admin = await createAdmin(first);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('never leaves a deleted member in a team (30 rounds)', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 30; round++) {
      const keep = await aMember(first);
      const doomed = await aMember(first);
      const team = await aTeam(first, [keep]);
      const [removal, edit] = await Promise.all([
        request(round % 2 ? first.url : second.url)
          .delete(`/api/v1/users/${doomed}/`)
          .set(bearer(admin.access)),
        request(round % 2 ? second.url : first.url)
          .patch(`/api/v1/teams/${team}/`)
          .set(bearer(admin.access))
          .send({ member_ids: [keep, doomed] }),
      ]);
      expect(removal.status).toBe(204);
      expect([200, 400]).toContain(edit.status);
      outcomes.add(edit.status === 200 ? 'edit first' : `delete first (${edit.body.code})`);
      const { rows } = await first.db.query(
        `SELECT tm.member_id FROM team_members tm JOIN members m ON m.id = tm.member_id
          WHERE tm.team_id = $1 ORDER BY tm.member_id`,
        [team],
      );
      expect(rows).toEqual([{ member_id: keep }]);
    }
    const orphans = await first.db.query(
      `SELECT 1 FROM team_members tm JOIN members m ON m.id = tm.member_id WHERE m.deleted_at IS NOT NULL`,
    );
    expect(orphans.rows).toHaveLength(0);
    expect(
      [...outcomes].every((o) => o === 'edit first' || o === 'delete first (UNKNOWN_MEMBERS)'),
    ).toBe(true);
  });

  it('lets one of two admins creating one team name win, across processes (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const name = `Shared ${round} ${Date.now().toString(36)}`;
      const results = await Promise.all(
        [first.url, second.url, first.url, second.url].map((url, i) =>
          request(url)
            .post('/api/v1/teams/')
            .set(bearer(admin.access))
            .send({ name: i % 2 ? name.toUpperCase() : name, member_ids: [] }),
        ),
      );
      expect(results.map((res) => res.status).sort()).toEqual([201, 409, 409, 409]);
    }
  });
});
