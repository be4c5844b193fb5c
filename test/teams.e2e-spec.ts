import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import {
  aMember,
  aTeam,
  bearer,
  createAdmin,
  RegisteredUser,
  registerUser,
} from './support/factories';
import { book, cancel, pinnedClock } from './support/booking-helpers';

/** "Now" is 2030-01-15 10:30 UTC (pinned), so bookings on 2030-01-16 are upcoming. */
const TOMORROW = '2030-01-16';

describe('/api/v1/teams/', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock() });
    admin = await createAdmin(t);
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  let n = 0;
  const teamName = (prefix = 'Team') => `${prefix} ${Date.now().toString(36)}-${n++}`;
  const create = (body: unknown, who: RegisteredUser = admin) =>
    request(t.url)
      .post('/api/v1/teams/')
      .set(bearer(who.access))
      .send(body as object);
  const patch = (id: number, body: unknown, who: RegisteredUser = admin) =>
    request(t.url)
      .patch(`/api/v1/teams/${id}/`)
      .set(bearer(who.access))
      .send(body as object);
  const get = (path: string, who: RegisteredUser = admin) =>
    request(t.url).get(path).set(bearer(who.access));
  const teamCount = async () =>
    Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM teams`)).rows[0].n);
  const membershipOf = async (teamId: number) =>
    (
      await t.db.query<{ member_id: number }>(
        `SELECT member_id FROM team_members WHERE team_id = $1 ORDER BY member_id`,
        [teamId],
      )
    ).rows.map((row) => row.member_id);

  describe('create (admin)', () => {
    it('creates a team with its members, size and adult count', async () => {
      const adult = await aMember(t, { age: 30, name: 'Ada', gender: 'F' });
      const teen = await aMember(t, { age: 10 });
      const child = await aMember(t, { age: 4 });
      const name = teamName();
      const res = await create({ name, member_ids: [child, adult, teen] }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name,
        members: [
          { id: adult, name: 'Ada', age: 30, gender: 'F', is_child: false },
          expect.objectContaining({ id: teen, is_child: false }),
          expect.objectContaining({ id: child, is_child: true }),
        ],
        member_ids: [adult, teen, child],
        size: 3,
        adult_count: 2,
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(await membershipOf(res.body.id)).toEqual([adult, teen, child]);
    });

    it('allows an empty team', async () => {
      const res = await create({ name: teamName(), member_ids: [] }).expect(201);
      expect(res.body).toMatchObject({ members: [], size: 0, adult_count: 0 });
    });

    it('refuses unknown and deleted member ids with 400 UNKNOWN_MEMBERS naming them, writing nothing', async () => {
      const live = await aMember(t);
      const deleted = await aMember(t);
      await t.db.query(`UPDATE members SET deleted_at = now() WHERE id = $1`, [deleted]);
      const before = await teamCount();
      const res = await create({ name: teamName(), member_ids: [live, 999999, deleted] }).expect(
        400,
      );
      expect(res.body).toMatchObject({ status: 400, code: 'UNKNOWN_MEMBERS' });
      expect(res.body.detail).toBe(`Unknown member id(s): 999999, ${deleted}`);
      expect(res.body.errors).toEqual([{ field: 'member_ids', message: res.body.detail }]);
      expect(await teamCount()).toBe(before);
    });

    it('refuses a duplicate name, in any case, with 409 TEAM_NAME_TAKEN', async () => {
      const name = teamName('Dup');
      await create({ name, member_ids: [] }).expect(201);
      const before = await teamCount();
      const res = await create({ name: name.toUpperCase(), member_ids: [] }).expect(409);
      expect(res.body).toMatchObject({ status: 409, code: 'TEAM_NAME_TAKEN' });
      expect(await teamCount()).toBe(before);
    });

    it('lets exactly one of concurrent creates with one name win, never a 500', async () => {
      const name = teamName('Race');
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          create({ name: i % 2 ? name : name.toLowerCase(), member_ids: [] }),
        ),
      );
      expect(results.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const { rows } = await t.db.query(`SELECT 1 FROM teams WHERE lower(name) = lower($1)`, [
        name,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('is refused to users with 403 and writes nothing', async () => {
      const before = await teamCount();
      const res = await create({ name: teamName(), member_ids: [user.id] }, user).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await teamCount()).toBe(before);
    });

    it.each<[string, unknown, string]>([
      ['no name', { member_ids: [] }, 'name'],
      ['no member_ids', { name: 'X' }, 'member_ids'],
      ['a blank name', { name: '   ', member_ids: [] }, 'name'],
      ['a 101-character name', { name: 'n'.repeat(101), member_ids: [] }, 'name'],
      ['a numeric name', { name: 42, member_ids: [] }, 'name'],
      ['member_ids not an array', { name: 'X', member_ids: 5 }, 'member_ids'],
      ['string ids', { name: 'X', member_ids: ['1'] }, 'member_ids'],
      ['float ids', { name: 'X', member_ids: [1.5] }, 'member_ids'],
      ['negative ids', { name: 'X', member_ids: [-1] }, 'member_ids'],
      ['huge ids', { name: 'X', member_ids: [1e12] }, 'member_ids'],
      ['duplicate ids', { name: 'X', member_ids: [1, 1] }, 'member_ids'],
      [
        '101 ids',
        { name: 'X', member_ids: Array.from({ length: 101 }, (_, i) => i + 1) },
        'member_ids',
      ],
      ['an unknown field', { name: 'X', member_ids: [], owner: 1 }, 'owner'],
    ])('refuses %s with 400 naming the field and writes nothing', async (_n, body, field) => {
      const before = await teamCount();
      const res = await create(body).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await teamCount()).toBe(before);
    });

    it('answers malformed JSON with 400', async () => {
      await request(t.url)
        .post('/api/v1/teams/')
        .set(bearer(admin.access))
        .set('Content-Type', 'application/json')
        .send('{"name": "A", "member_ids": [1,')
        .expect(400);
    });
  });

  describe('read', () => {
    let mine: number;
    let notMine: number;
    beforeAll(async () => {
      mine = await aTeam(t, [user.id, await aMember(t)]);
      notMine = await aTeam(t, [await aMember(t)]);
    });

    it('lists all teams for admins, paginated', async () => {
      const total = Number(
        (
          await t.db.query<{ n: string }>(
            `SELECT count(*) AS n FROM teams WHERE deleted_at IS NULL`,
          )
        ).rows[0].n,
      );
      const res = await get('/api/v1/teams/?page_size=2').expect(200);
      expect(res.body.count).toBe(total);
      expect(res.body.results).toHaveLength(2);
      expect(res.body.next).toBe(`${t.config.publicUrl}/api/v1/teams/?page_size=2&page=2`);
      expect(res.body.previous).toBeNull();
      await get(`/api/v1/teams/?page=${Math.ceil(total / 2) + 1}&page_size=2`).expect(404);
      await get('/api/v1/teams/?page=0').expect(400);
    });

    it('lists only their own teams for users', async () => {
      const res = await get('/api/v1/teams/', user).expect(200);
      expect(res.body.count).toBe(1);
      expect(res.body.results.map((team: { id: number }) => team.id)).toEqual([mine]);
      expect(res.body.results[0].member_ids).toContain(user.id);
    });

    it('gives an empty first page to a user in no team', async () => {
      const loner = await registerUser(t);
      const res = await get('/api/v1/teams/', loner).expect(200);
      expect(res.body).toEqual({
        count: 0,
        count_estimated: false,
        next: null,
        previous: null,
        next_cursor: null,
        results: [],
      });
      await get('/api/v1/teams/?page=2', loner).expect(404);
    });

    it('lets members read their team and answers another team with 404, like an unknown one', async () => {
      await get(`/api/v1/teams/${mine}/`, user).expect(200);
      const other = await get(`/api/v1/teams/${notMine}/`, user).expect(404);
      expect(other.body.code).toBe('TEAM_NOT_FOUND');
      await get('/api/v1/teams/999999/', user).expect(404);
      await get(`/api/v1/teams/${notMine}`, admin).expect(200);
    });

    it('needs a token', async () => {
      await request(t.url).get('/api/v1/teams/').expect(401);
      await request(t.url).get(`/api/v1/teams/${mine}/`).expect(401);
    });
  });

  describe('edit (admin)', () => {
    it('replaces the member set and renames', async () => {
      const [a, b, c] = [await aMember(t), await aMember(t), await aMember(t, { age: 5 })];
      const id = await aTeam(t, [a, b]);
      const name = teamName('Renamed');
      const res = await patch(id, { name, member_ids: [b, c] }).expect(200);
      expect(res.body).toMatchObject({ id, name, member_ids: [b, c], size: 2, adult_count: 1 });
      expect(await membershipOf(id)).toEqual([b, c]);
      const onlyName = await patch(id, { name: `${name}!` }).expect(200);
      expect(onlyName.body.member_ids).toEqual([b, c]);
      await patch(id, { member_ids: [] }).expect(200);
      expect(await membershipOf(id)).toEqual([]);
    });

    it('keeps the team unchanged on unknown members', async () => {
      const a = await aMember(t);
      const id = await aTeam(t, [a]);
      const res = await patch(id, { member_ids: [a, 888888] }).expect(400);
      expect(res.body.code).toBe('UNKNOWN_MEMBERS');
      expect(res.body.detail).toContain('888888');
      expect(await membershipOf(id)).toEqual([a]);
    });

    it("refuses another team's name with 409 and keeps both", async () => {
      const taken = teamName('Taken');
      await aTeam(t, [], taken);
      const id = await aTeam(t, []);
      const res = await patch(id, { name: taken.toLowerCase() }).expect(409);
      expect(res.body.code).toBe('TEAM_NAME_TAKEN');
    });

    it.each<[string, unknown]>([
      ['a null name', { name: null }],
      ['null member_ids', { member_ids: null }],
      ['string ids', { member_ids: ['x'] }],
      ['an unknown field', { size: 10 }],
    ])('refuses %s with 400', async (_n, body) => {
      const id = await aTeam(t, []);
      const res = await patch(id, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('answers users with 403 and unknown ids with 404', async () => {
      const id = await aTeam(t, [user.id]);
      await patch(id, { name: teamName() }, user).expect(403);
      await patch(999999, { name: teamName() }).expect(404);
      await patch(id, { name: 'x' }).expect(200);
      await request(t.url)
        .patch('/api/v1/teams/abc/')
        .set(bearer(admin.access))
        .send({})
        .expect(400);
    });
  });

  describe('delete (admin)', () => {
    const remove = (id: number, who: RegisteredUser = admin) =>
      request(t.url).delete(`/api/v1/teams/${id}/`).set(bearer(who.access));

    it('soft-deletes: gone from lists and reads, name free again, row kept', async () => {
      const name = teamName('Gone');
      const id = await aTeam(t, [user.id], name);
      await remove(id).expect(204);
      await get(`/api/v1/teams/${id}/`).expect(404);
      const mine = await get('/api/v1/teams/', user).expect(200);
      expect(mine.body.results.map((team: { id: number }) => team.id)).not.toContain(id);
      await create({ name, member_ids: [] }).expect(201);
      const { rows } = await t.db.query(
        `SELECT deleted_at IS NOT NULL AS deleted FROM teams WHERE id = $1`,
        [id],
      );
      expect(rows[0]).toEqual({ deleted: true });
      await remove(id).expect(404);
    });

    it('is refused with 409 TEAM_IN_USE while the team has an upcoming active booking', async () => {
      const ids = [user.id, await aMember(t), await aMember(t)];
      const id = await aTeam(t, ids);
      const created = await book(t, user, {
        room_type: 'CONFERENCE',
        date: TOMORROW,
        time_slot: '11:00:00',
        team_id: id,
      });
      expect(created.status).toBe(201);
      const res = await remove(id).expect(409);
      expect(res.body).toMatchObject({ status: 409, code: 'TEAM_IN_USE' });
      await get(`/api/v1/teams/${id}/`).expect(200);
      await cancel(t, user, created.body.booking_id).expect(200);
      await remove(id).expect(204);
      const history = await get(`/api/v1/bookings/${created.body.booking_id}/`).expect(200);
      expect(history.body.team).toMatchObject({ id });
    });

    it('is refused to users with 403', async () => {
      const id = await aTeam(t, [user.id]);
      await remove(id, user).expect(403);
    });
  });
});
