import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import {
  aMember,
  aTeam,
  activeAdminIds,
  bearer,
  createAdmin,
  RegisteredUser,
  registerUser,
} from './support/factories';
import { book, cancel, pinnedClock, TODAY } from './support/booking-helpers';

/** "Now" is 2030-01-15 10:30 UTC (pinned), so bookings on 2030-01-16 are upcoming. */
const TOMORROW = '2030-01-16';

describe('/api/v1/users/', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock() });
    admin = await createAdmin(t);
    user = await registerUser(t, { age: 41, gender: 'F' });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, who: RegisteredUser = admin) =>
    request(t.url).get(path).set(bearer(who.access));
  const memberCount = async () =>
    Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM members`)).rows[0].n);
  const liveMemberCount = async () =>
    Number(
      (
        await t.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM members WHERE deleted_at IS NULL`,
        )
      ).rows[0].n,
    );

  describe('list', () => {
    it('needs a token', async () => {
      await request(t.url).get('/api/v1/users/').expect(401);
    });

    it('gives admins full member JSON for everyone, ordered by id', async () => {
      const childId = await aMember(t, { name: 'Small Kid', age: 6, gender: 'M' });
      const res = await get('/api/v1/users/?page_size=100').expect(200);
      expect(res.body.count).toBe(await liveMemberCount());
      const ids = res.body.results.map((m: { id: number }) => m.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(res.body.results.find((m: { id: number }) => m.id === childId)).toEqual({
        id: childId,
        name: 'Small Kid',
        age: 6,
        gender: 'M',
        is_child: true,
      });
      expect(res.body.results.find((m: { id: number }) => m.id === user.id)).toMatchObject({
        age: 41,
        gender: 'F',
        is_child: false,
      });
    });

    it('gives a user id, name and is_child of others and their own full record', async () => {
      const res = await get('/api/v1/users/?page_size=100', user).expect(200);
      const shapes = (res.body.results as Array<Record<string, unknown>>).map((member) => ({
        self: member.id === user.id,
        keys: Object.keys(member).sort().join(','),
      }));
      expect(shapes.filter((shape) => shape.self)).toEqual([
        { self: true, keys: 'age,gender,id,is_child,name' },
      ]);
      const others = shapes.filter((shape) => !shape.self);
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((shape) => shape.keys === 'id,is_child,name')).toBe(true);
      expect(res.body.results.some((m: { id: number }) => m.id === user.id)).toBe(true);
    });

    it('paginates with absolute next/previous URLs and 404 past the last page', async () => {
      for (let i = 0; i < 5; i++) await aMember(t);
      const total = await liveMemberCount();
      const first = await get('/api/v1/users/?page_size=2').expect(200);
      expect(first.body).toMatchObject({ count: total, previous: null });
      expect(first.body.results).toHaveLength(2);
      expect(first.body.next).toBe(`${t.config.publicUrl}/api/v1/users/?page_size=2&page=2`);
      const second = await get('/api/v1/users/?page_size=2&page=2').expect(200);
      expect(second.body.previous).toBe(`${t.config.publicUrl}/api/v1/users/?page_size=2&page=1`);
      expect(second.body.results[0].id).toBeGreaterThan(first.body.results[1].id);
      const lastPage = Math.ceil(total / 2);
      const last = await get(`/api/v1/users/?page_size=2&page=${lastPage}`).expect(200);
      expect(last.body.next).toBeNull();
      const past = await get(`/api/v1/users/?page_size=2&page=${lastPage + 1}`).expect(404);
      expect(past.body).toMatchObject({ status: 404, code: 'PAGE_NOT_FOUND' });
    });

    it('defaults to 10 per page and caps page_size at 100', async () => {
      while ((await liveMemberCount()) < 105) await aMember(t);
      const byDefault = await get('/api/v1/users/').expect(200);
      expect(byDefault.body.results).toHaveLength(10);
      const capped = await get('/api/v1/users/?page_size=1000').expect(200);
      expect(capped.body.results).toHaveLength(100);
    });

    it.each(['0', '-1', 'abc', '1.5', '', '1e3'])('answers ?page=%s with 400', async (page) => {
      const res = await get(`/api/v1/users/?page=${page}`).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.errors[0].field).toBe('page');
    });

    it.each(['0', '-5', 'ten'])('answers ?page_size=%s with 400', async (size) => {
      const res = await get(`/api/v1/users/?page_size=${size}`).expect(400);
      expect(res.body.errors[0].field).toBe('page_size');
    });

    it('answers a huge page number with 400 pointing at cursor, not a database error', async () => {
      const res = await get('/api/v1/users/?page=99999999999999').expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.errors[0].field).toBe('page');
      expect(res.body.detail).toContain('cursor');
    });
  });

  describe('create (admin)', () => {
    it('creates a profile-only member', async () => {
      const res = await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(admin.access))
        .send({ name: ' Walk In ', age: 8, gender: 'O' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name: 'Walk In',
        age: 8,
        gender: 'O',
        is_child: true,
      });
      const { rows } = await t.db.query(`SELECT 1 FROM accounts WHERE id = $1`, [res.body.id]);
      expect(rows).toHaveLength(0);
    });

    it('is refused to users with 403 and writes nothing', async () => {
      const before = await memberCount();
      const res = await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(user.access))
        .send({ name: 'X', age: 30, gender: 'M' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await memberCount()).toBe(before);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no name', { age: 3, gender: 'M' }, 'name'],
      ['no age', { name: 'A', gender: 'M' }, 'age'],
      ['no gender', { name: 'A', age: 3 }, 'gender'],
      ['a blank name', { name: '  ', age: 3, gender: 'M' }, 'name'],
      ['a 101-character name', { name: 'n'.repeat(101), age: 3, gender: 'M' }, 'name'],
      ['a negative age', { name: 'A', age: -3, gender: 'M' }, 'age'],
      ['a float age', { name: 'A', age: 3.5, gender: 'M' }, 'age'],
      ['a huge age', { name: 'A', age: 40000, gender: 'M' }, 'age'],
      ['age as a string', { name: 'A', age: '3', gender: 'M' }, 'age'],
      ['a bad gender', { name: 'A', age: 3, gender: 'male' }, 'gender'],
      ['a role without a login', { name: 'A', age: 3, gender: 'M', role: 'admin' }, 'username'],
      ['an id', { name: 'A', age: 3, gender: 'M', id: 1 }, 'id'],
    ])('refuses %s with 400 naming the field and writes nothing', async (_n, body, field) => {
      const before = await memberCount();
      const res = await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(admin.access))
        .send(body)
        .expect(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await memberCount()).toBe(before);
    });

    it('answers malformed JSON with 400 and writes nothing', async () => {
      const before = await memberCount();
      await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(admin.access))
        .set('Content-Type', 'application/json')
        .send('{"name": "A", "age": ')
        .expect(400);
      expect(await memberCount()).toBe(before);
    });
  });

  describe('read one', () => {
    it('lets admins read anyone and users themselves', async () => {
      const res = await get(`/api/v1/users/${user.id}/`, admin).expect(200);
      expect(res.body).toEqual({
        id: user.id,
        name: expect.any(String),
        age: 41,
        gender: 'F',
        is_child: false,
      });
      await get(`/api/v1/users/${user.id}`, user).expect(200);
    });

    it("answers a user reading someone else's profile with 404, like an unknown id", async () => {
      const other = await aMember(t);
      const res = await get(`/api/v1/users/${other}/`, user).expect(404);
      expect(res.body.code).toBe('MEMBER_NOT_FOUND');
      const missing = await get('/api/v1/users/999999/', user).expect(404);
      expect(missing.body).toEqual({ ...res.body, instance: '/api/v1/users/999999/' });
    });

    it.each([
      ['abc', 400],
      ['1.5', 400],
      ['-1', 400],
      ['0', 400],
      ['0x2', 400],
      ['1e1', 400],
      ['01', 400],
      ['+1', 400],
      ['99999999999', 404],
    ])('answers id %s with %i', async (id, status) => {
      await get(`/api/v1/users/${id}/`).expect(status);
    });
  });

  describe('edit (admin)', () => {
    it('changes name, age and gender', async () => {
      const id = await aMember(t, { age: 30 });
      const res = await request(t.url)
        .patch(`/api/v1/users/${id}/`)
        .set(bearer(admin.access))
        .send({ age: 9, name: 'Renamed' })
        .expect(200);
      expect(res.body).toMatchObject({ id, name: 'Renamed', age: 9, is_child: true });
      const { rows } = await t.db.query(`SELECT name, age FROM members WHERE id = $1`, [id]);
      expect(rows[0]).toEqual({ name: 'Renamed', age: 9 });
    });

    it.each<[string, Record<string, unknown>]>([
      ['an unknown role', { role: 'owner' }],
      ['is_staff', { is_staff: true }],
      ['a username', { username: 'x' }],
      ['a negative age', { age: -1 }],
      ['a null name', { name: null }],
      ['a bad gender', { gender: 'Z' }],
    ])('refuses %s with 400 and changes nothing', async (_n, body) => {
      const res = await request(t.url)
        .patch(`/api/v1/users/${user.id}/`)
        .set(bearer(admin.access))
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const { rows } = await t.db.query(
        `SELECT m.age, m.gender, a.role FROM members m JOIN accounts a ON a.id = m.id WHERE m.id = $1`,
        [user.id],
      );
      expect(rows[0]).toEqual({ age: 41, gender: 'F', role: 'user' });
    });

    it('is refused to users, even on their own profile (403)', async () => {
      await request(t.url)
        .patch(`/api/v1/users/${user.id}/`)
        .set(bearer(user.access))
        .send({ age: 50 })
        .expect(403);
    });

    it('answers an unknown id with 404', async () => {
      await request(t.url)
        .patch('/api/v1/users/999999/')
        .set(bearer(admin.access))
        .send({ age: 50 })
        .expect(404);
    });
  });

  describe('delete (admin)', () => {
    const remove = (id: number, who: RegisteredUser = admin) =>
      request(t.url).delete(`/api/v1/users/${id}/`).set(bearer(who.access));

    it('soft-deletes: gone from lists and reads, cannot log in, row kept', async () => {
      const victim = await registerUser(t);
      const teamId = await aTeam(t, [victim.id, await aMember(t)]);
      await remove(victim.id).expect(204);
      await get(`/api/v1/users/${victim.id}/`).expect(404);
      const list = await get('/api/v1/users/?page_size=100&page=1').expect(200);
      const all: number[] = [];
      for (let page = 1; ; page++) {
        const res = await get(`/api/v1/users/?page_size=100&page=${page}`).expect(200);
        all.push(...res.body.results.map((m: { id: number }) => m.id));
        if (!res.body.next) break;
      }
      expect(list.body.count).toBe(all.length);
      expect(all).not.toContain(victim.id);
      await request(t.url)
        .post('/api/token/')
        .send({ username: victim.username, password: victim.password })
        .expect(401);
      const { rows } = await t.db.query(
        `SELECT m.deleted_at IS NOT NULL AS deleted, a.is_active FROM members m JOIN accounts a ON a.id = m.id WHERE m.id = $1`,
        [victim.id],
      );
      expect(rows[0]).toEqual({ deleted: true, is_active: false });
      const team = await get(`/api/v1/teams/${teamId}/`).expect(200);
      expect(team.body.member_ids).not.toContain(victim.id);
      await remove(victim.id).expect(404);
    });

    it('is refused with 409 MEMBER_IN_USE while the member has an upcoming active booking', async () => {
      const booker = await registerUser(t);
      const created = await book(t, booker, {
        room_type: 'PRIVATE',
        date: TOMORROW,
        time_slot: '10:00:00',
      });
      expect(created.status).toBe(201);
      const res = await remove(booker.id).expect(409);
      expect(res.body).toMatchObject({ status: 409, code: 'MEMBER_IN_USE' });
      const { rows } = await t.db.query(`SELECT deleted_at FROM members WHERE id = $1`, [
        booker.id,
      ]);
      expect(rows[0].deleted_at).toBeNull();
      // After cancelling, the member can go; the cancelled booking stays as history.
      await cancel(t, booker, created.body.booking_id).expect(200);
      await remove(booker.id).expect(204);
      const history = await get(`/api/v1/bookings/${created.body.booking_id}/`).expect(200);
      expect(history.body.status).toBe('CANCELLED');
      expect(history.body.user.id).toBe(booker.id);
    });

    it('is refused while the member is seated in an upcoming desk booking made by someone else', async () => {
      const walkIn = await aMember(t, { age: 35 });
      const created = await book(t, admin, {
        room_type: 'SHARED_DESK',
        date: TOMORROW,
        time_slot: '14:00:00',
        user_ids: [walkIn],
      });
      expect(created.status).toBe(201);
      await remove(walkIn).expect(409);
    });

    it('is refused while the member is in a team with an upcoming conference booking', async () => {
      const ids = [await aMember(t), await aMember(t), await aMember(t)];
      const teamId = await aTeam(t, ids);
      const created = await book(t, admin, {
        room_type: 'CONFERENCE',
        date: TOMORROW,
        time_slot: '15:00:00',
        team_id: teamId,
      });
      expect(created.status).toBe(201);
      await remove(ids[1]).expect(409);
    });

    it('allows deleting a member whose bookings have all ended, keeping them intact', async () => {
      const id = await aMember(t, { age: 30 });
      const { rows: rooms } = await t.db.query<{ id: number }>(
        `SELECT id FROM rooms WHERE room_number = 'P08'`,
      );
      // An active booking today 09:00-10:00 has ended at 10:30 (pinned clock).
      const { rows } = await t.db.query<{ id: number }>(
        `INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, created_by)
         VALUES ($1, $2, $3, $4, 9, 10, $3) RETURNING id`,
        [`BK-ENDED-${id}`, rooms[0].id, id, TODAY],
      );
      await t.db.query(`INSERT INTO booking_participants (booking_id, member_id) VALUES ($1, $2)`, [
        rows[0].id,
        id,
      ]);
      await remove(id).expect(204);
      const kept = await t.db.query(
        `SELECT b.status, p.member_id FROM bookings b JOIN booking_participants p ON p.booking_id = b.id WHERE b.id = $1`,
        [rows[0].id],
      );
      expect(kept.rows).toEqual([{ status: 'ACTIVE', member_id: id }]);
    });

    it('counts a booking running right now (today 10:00-11:00) as not ended', async () => {
      const id = await aMember(t, { age: 30 });
      const { rows: rooms } = await t.db.query<{ id: number }>(
        `SELECT id FROM rooms WHERE room_number = 'P07'`,
      );
      await t.db.query(
        `INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, created_by)
         VALUES ($1, $2, $3, $4, 10, 11, $3)`,
        [`BK-NOW-${id}`, rooms[0].id, id, TODAY],
      );
      await remove(id).expect(409);
    });

    it('refuses deleting the last active admin with 409 LAST_ADMIN, allows it while another remains', async () => {
      expect(await activeAdminIds(t)).toEqual([admin.id]);
      const res = await remove(admin.id).expect(409);
      expect(res.body).toMatchObject({ status: 409, code: 'LAST_ADMIN' });
      expect(await activeAdminIds(t)).toEqual([admin.id]);

      const second = await createAdmin(t);
      await remove(second.id, second).expect(204);
      expect(await activeAdminIds(t)).toEqual([admin.id]);
      await remove(admin.id).expect(409);
    });

    it('is refused to users with 403, even for themselves', async () => {
      const self = await registerUser(t);
      await remove(self.id, self).expect(403);
      await remove(user.id, self).expect(403);
    });
  });
});
