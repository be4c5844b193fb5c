import request from 'supertest';
import type { Clock } from '@app/core';
import { ROOMS_LOCK_KEY, SITE_ROOMS_LOCK_CLASS } from '@app/rooms';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import {
  Booker,
  NOW,
  book,
  cancel,
  invariantViolations,
  tolerateTeardownTermination,
} from './support/booking-helpers';

/** A clock the last scenario moves. */
function movableClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => now,
    set: (next: string) => {
      now = new Date(next);
    },
  };
}

/**
 * Policies and workspace closures per site (CAPABILITIES.md section 11). HQ (UTC) keeps the 15
 * default rooms; TYO (Asia/Tokyo) gets T01 and T02. The clock is pinned to Tuesday 2030-01-15
 * 10:30 UTC (19:30 in Tokyo).
 */
describe('policies and closures per site', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  const clock = movableClock(NOW);

  const api = () => request(t.url);
  const putPolicies = (body: object) =>
    api().put('/api/v1/policies/').set(bearer(admin.access)).send(body);
  const getPolicies = (who: Booker, site?: string) =>
    api()
      .get('/api/v1/policies/')
      .query(site ? { site } : {})
      .set(bearer(who.access));
  const privateRoom = (site: string, date: string, hour: number, hours = 1) => ({
    room_type: 'PRIVATE',
    date,
    time_slot: `${String(hour).padStart(2, '0')}:00:00`,
    end_time: `${String(hour + hours).padStart(2, '0')}:00:00`,
    site,
  });
  const freePrivateRooms = async (who: Booker, site: string, date: string) => {
    const res = await api()
      .get('/api/v1/rooms/available/')
      .query({ date, time_slot: '10:00:00', room_type: 'PRIVATE', site })
      .set(bearer(who.access))
      .expect(200);
    return JSON.stringify(res.body);
  };

  beforeAll(async () => {
    t = tolerateTeardownTermination(await startTestApp({ clock }));
    admin = await createAdmin(t);
    await api()
      .post('/api/v1/sites/')
      .set(bearer(admin.access))
      .send({ code: 'TYO', name: 'Tokyo', timezone: 'Asia/Tokyo' })
      .expect(201);
    for (const room_number of ['T01', 'T02']) {
      await api()
        .post('/api/v1/rooms/')
        .set(bearer(admin.access))
        .send({ room_number, room_type: 'PRIVATE', capacity: 1, site: 'TYO' })
        .expect(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    await putPolicies({}).expect(200);
    await putPolicies({ site: 'TYO' }).expect(200);
    const violations = await invariantViolations(t);
    if (violations.length > 0) throw new Error(`invariants broken: ${violations.join('; ')}`);
  });

  it("a site's policy binds that site only; GET ?site= answers the merged document", async () => {
    const user = await registerUser(t);
    const put = await putPolicies({ site: 'TYO', max_hours_per_day: 1 }).expect(200);
    expect(put.body).toMatchObject({ site: 'TYO', max_hours_per_day: 1 });
    // The company's document is untouched and has no `site`.
    const company = await getPolicies(user).expect(200);
    expect(company.body.max_hours_per_day).toBeNull();
    expect(company.body).not.toHaveProperty('site');
    expect((await getPolicies(user, 'TYO').expect(200)).body).toMatchObject({
      site: 'TYO',
      max_hours_per_day: 1,
    });
    expect((await getPolicies(user, 'HQ').expect(200)).body.max_hours_per_day).toBeNull();

    // HQ: 2 hours are fine; TYO: 2 hours are past its limit of 1.
    await book(t, user, privateRoom('HQ', '2030-01-21', 10, 2)).expect(201);
    const refused = await book(t, user, privateRoom('TYO', '2030-01-22', 10, 2)).expect(409);
    expect(refused.body.code).toBe('QUOTA_EXCEEDED');
    await book(t, user, privateRoom('TYO', '2030-01-22', 10, 1)).expect(201);
    // Quotas count the member's hours at every site: 2 at HQ on the 21st, so 1 more at TYO is 3.
    const counted = await book(t, user, privateRoom('TYO', '2030-01-21', 14, 1)).expect(409);
    expect(counted.body.code).toBe('QUOTA_EXCEEDED');
    expect(
      Number(
        (await t.db.query(`SELECT count(*) FROM booking_policies WHERE site_id IS NOT NULL`))
          .rows[0].count,
      ),
    ).toBe(1);
  });

  it("the company's policy binds every site; with a site's, the stricter wins", async () => {
    const user = await registerUser(t);
    await putPolicies({ max_hours_per_day: 2 }).expect(200);
    await putPolicies({ site: 'TYO', max_hours_per_day: 3, min_notice_min: 60 }).expect(200);
    expect((await getPolicies(user, 'TYO').expect(200)).body).toMatchObject({
      max_hours_per_day: 2,
      min_notice_min: 60,
    });
    expect((await getPolicies(user, 'HQ').expect(200)).body).toMatchObject({
      max_hours_per_day: 2,
      min_notice_min: null,
    });
    for (const site of ['HQ', 'TYO']) {
      const res = await book(t, user, privateRoom(site, '2030-01-23', 10, 3)).expect(409);
      expect(res.body.code).toBe('QUOTA_EXCEEDED');
    }
    await book(t, user, privateRoom('TYO', '2030-01-23', 10, 2)).expect(201);
    // The site's notice binds TYO: 10:30 UTC is 19:30 in Tokyo, so 20:00 is 30 minutes away
    // (outside opening hours anyway); the next morning at 09:00 is far enough ahead.
    await book(t, user, privateRoom('TYO', '2030-01-16', 9, 1)).expect(201);
  });

  it("cancel_cutoff_min is judged on the booking's site clock", async () => {
    const user = await registerUser(t);
    // 09:00 on the 16th: 13h30 away in Tokyo (00:00 UTC), 22h30 away at HQ (UTC).
    const tyo = await book(t, user, privateRoom('TYO', '2030-01-16', 9)).expect(201);
    const hq = await book(t, user, privateRoom('HQ', '2030-01-16', 9)).expect(201);
    await putPolicies({ cancel_cutoff_min: 14 * 60 }).expect(200);
    const refused = await cancel(t, user, tyo.body.booking_id as string).expect(409);
    expect(refused.body.code).toBe('CANCEL_CUTOFF');
    await cancel(t, user, hq.body.booking_id as string).expect(200);
    await cancel(t, admin, tyo.body.booking_id as string).expect(200);
  });

  it('a bad site in a policy is a 400 and writes nothing', async () => {
    const res = await putPolicies({ site: 'NOPE', max_hours_per_day: 1 }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    await putPolicies({ site: 'tyo', max_hours_per_day: 1 }).expect(400);
    await getPolicies(admin, 'NOPE').expect(400);
    const rows = await t.db.query(`SELECT count(*) FROM booking_policies`);
    expect(Number(rows.rows[0].count)).toBe(0);
  });

  it("a site's workspace closure closes that site's rooms only", async () => {
    const user = await registerUser(t);
    const date = '2030-02-04';
    // A booking at TYO inside the closure makes it a 409; one at HQ does not.
    const held = await book(t, user, privateRoom('TYO', date, 15, 1)).expect(201);
    await book(t, await registerUser(t), privateRoom('HQ', date, 15, 1)).expect(201);
    const body = { start_date: date, end_date: date, reason: 'Tokyo holiday', site: 'TYO' };
    const conflict = await api()
      .post('/api/v1/closures/')
      .set(bearer(admin.access))
      .send(body)
      .expect(409);
    expect(conflict.body.code).toBe('CLOSURE_CONFLICT');
    expect(conflict.body.errors).toEqual([
      expect.objectContaining({ field: held.body.booking_id }),
    ]);
    const closed = await api()
      .post('/api/v1/closures/')
      .set(bearer(admin.access))
      .send({ ...body, cancel_conflicting: true })
      .expect(201);
    expect(closed.body).toMatchObject({ room: null, site: 'TYO', reason: 'Tokyo holiday' });
    const listed = await api().get('/api/v1/closures/').set(bearer(user.access)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: closed.body.id, site: 'TYO' })]);

    expect(await freePrivateRooms(user, 'TYO', date)).not.toContain('T0');
    expect(await freePrivateRooms(user, 'HQ', date)).toContain('P01');
    // Naming a closed room is ROOM_CLOSED (unnamed, no room is free: SLOT_TAKEN).
    const refused = await book(t, user, {
      ...privateRoom('TYO', date, 10, 1),
      room_number: 'T01',
    }).expect(409);
    expect(refused.body.code).toBe('ROOM_CLOSED');
    const unnamed = await book(t, user, privateRoom('TYO', date, 10, 1)).expect(409);
    expect(unnamed.body.code).toBe('SLOT_TAKEN');
    await book(t, user, { ...privateRoom('HQ', date, 10, 1), room_number: 'P01' }).expect(201);
    // The HQ booking at 15:00 survived; TYO's was cancelled.
    const statuses = await t.db.query<{ status: string; site: string }>(
      `SELECT b.status, s.code AS site FROM bookings b JOIN rooms r ON r.id = b.room_id
         JOIN sites s ON s.id = r.site_id
       WHERE b.date = $1 AND b.start_hour = 15 ORDER BY s.code`,
      [date],
    );
    expect(statuses.rows).toEqual([
      { status: 'ACTIVE', site: 'HQ' },
      { status: 'CANCELLED', site: 'TYO' },
    ]);

    // A series over the closed date skips it at TYO.
    const series = await api()
      .post('/api/v1/bookings/series/')
      .set(bearer(user.access))
      .send({
        room_type: 'PRIVATE',
        start_date: '2030-02-03',
        time_slot: '11:00:00',
        end_time: '12:00:00',
        recurrence: { frequency: 'DAILY', count: 3 },
        room_number: 'T02',
        site: 'TYO',
        on_conflict: 'skip',
      })
      .expect(201);
    expect(series.body.skipped).toEqual([expect.objectContaining({ date, code: 'ROOM_CLOSED' })]);
    expect(series.body.booked).toHaveLength(2);

    // The report: TYO's rooms lose the day's 9 hours, HQ's do not.
    const report = await api()
      .get('/api/v1/reports/utilisation/')
      .query({ from: date, to: date })
      .set(bearer(admin.access))
      .expect(200);
    const bookable = new Map(
      (report.body.rooms as { room_number: string; bookable_hours: number }[]).map((r) => [
        r.room_number,
        r.bookable_hours,
      ]),
    );
    expect(bookable.get('T01')).toBe(0);
    expect(bookable.get('P01')).toBe(9);

    // Lifting it reopens TYO.
    await api().delete(`/api/v1/closures/${closed.body.id}/`).set(bearer(admin.access)).expect(204);
    expect(await freePrivateRooms(user, 'TYO', date)).toContain('T0');
  });

  it('a closure of every site still closes both', async () => {
    const user = await registerUser(t);
    const date = '2030-02-12';
    const closed = await api()
      .post('/api/v1/closures/')
      .set(bearer(admin.access))
      .send({ start_date: date, end_date: date, reason: 'Company day' })
      .expect(201);
    expect(closed.body).not.toHaveProperty('site');
    for (const [site, room_number] of [
      ['HQ', 'P01'],
      ['TYO', 'T01'],
    ]) {
      const res = await book(t, user, { ...privateRoom(site, date, 10, 1), room_number }).expect(
        409,
      );
      expect(res.body.code).toBe('ROOM_CLOSED');
    }
    await api().delete(`/api/v1/closures/${closed.body.id}/`).set(bearer(admin.access)).expect(204);
  });

  it("GET /closures?site= lists what closes that site's rooms: its rooms', its own, every site's", async () => {
    const close = (path: string, body: object) =>
      api().post(path).set(bearer(admin.access)).send(body).expect(201);
    const day = { start_date: '2030-02-20', end_date: '2030-02-20' };
    const roomId = async (site: string, number: string) =>
      (
        await t.db.query<{ id: number }>(
          `SELECT r.id FROM rooms r JOIN sites s ON s.id = r.site_id
           WHERE s.code = $1 AND r.room_number = $2`,
          [site, number],
        )
      ).rows[0].id;
    const t01 = await roomId('TYO', 'T01');
    const p01 = await roomId('HQ', 'P01');
    const ofT01 = await close(`/api/v1/rooms/${t01}/closures/`, { ...day, reason: 'T01 paint' });
    const ofP01 = await close(`/api/v1/rooms/${p01}/closures/`, { ...day, reason: 'P01 paint' });
    const ofTyo = await close('/api/v1/closures/', { ...day, reason: 'Tokyo', site: 'TYO' });
    const ofHq = await close('/api/v1/closures/', { ...day, reason: 'HQ', site: 'HQ' });
    const ofAll = await close('/api/v1/closures/', { ...day, reason: 'Company' });
    try {
      const user = await registerUser(t);
      const listed = async (query: object) =>
        (
          await api().get('/api/v1/closures/').query(query).set(bearer(user.access)).expect(200)
        ).body.map((c: { id: number }) => c.id);
      expect(await listed({ site: 'TYO' })).toEqual([ofT01, ofTyo, ofAll].map((c) => c.body.id));
      expect(await listed({ site: 'HQ' })).toEqual([ofP01, ofHq, ofAll].map((c) => c.body.id));
      // Without site, as before: the workspace-wide ones of every site.
      expect(await listed({})).toEqual([ofTyo, ofHq, ofAll].map((c) => c.body.id));
      for (const site of ['PAR', 'tyo']) {
        const res = await api()
          .get('/api/v1/closures/')
          .query({ site })
          .set(bearer(user.access))
          .expect(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'site' })]);
      }
    } finally {
      for (const [path, closure] of [
        [`/api/v1/rooms/${t01}/closures`, ofT01],
        [`/api/v1/rooms/${p01}/closures`, ofP01],
        ['/api/v1/closures', ofTyo],
        ['/api/v1/closures', ofHq],
        ['/api/v1/closures', ofAll],
      ] as const) {
        await api().delete(`${path}/${closure.body.id}/`).set(bearer(admin.access)).expect(204);
      }
    }
  });

  it('a closure of one site does not take the rooms lock; a room created at that site waits for it', async () => {
    const tyo = (await t.db.query<{ id: number }>(`SELECT id FROM sites WHERE code = 'TYO'`))
      .rows[0].id;
    const holder = await t.db.connect();
    try {
      // Another transaction holds the rooms lock (a room being created elsewhere, say).
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1::bigint)', [ROOMS_LOCK_KEY]);
      const started = Date.now();
      const closed = await api()
        .post('/api/v1/closures/')
        .set(bearer(admin.access))
        .send({ start_date: '2030-02-21', end_date: '2030-02-21', reason: 'Tokyo', site: 'TYO' })
        .expect(201);
      // Far below DB_LOCK_TIMEOUT_MS (5 s), after which a wait would have been a 503.
      expect(Date.now() - started).toBeLessThan(2000);
      await holder.query('COMMIT');
      await api()
        .delete(`/api/v1/closures/${closed.body.id}/`)
        .set(bearer(admin.access))
        .expect(204);

      // A closure of TYO in progress (its share of TYO's rooms lock held): a room created at TYO
      // waits for it, so the closure's room-day rows cover every room of the site.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock_shared($1, $2)', [
        SITE_ROOMS_LOCK_CLASS,
        tyo,
      ]);
      const creating = api()
        .post('/api/v1/rooms/')
        .set(bearer(admin.access))
        .send({ room_number: 'T09', room_type: 'PRIVATE', capacity: 1, site: 'TYO' })
        .then((res) => res);
      let waiting = 0;
      for (let i = 0; i < 100 && waiting === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        waiting = (
          await t.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks
             WHERE locktype = 'advisory' AND NOT granted AND classid = $1 AND objid = $2
               AND objsubid = 2`,
            [SITE_ROOMS_LOCK_CLASS, tyo],
          )
        ).rows[0].n;
      }
      expect(waiting).toBe(1);
      await holder.query('COMMIT');
      expect((await creating).status).toBe(201);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });

  it('a closure of every site is refused for a date already past at any site', async () => {
    // 16:00 UTC: still the 15th at HQ (UTC, the workspace zone), already the 16th in Tokyo.
    clock.set('2030-01-15T16:00:00Z');
    try {
      // The last hour only: other scenarios book these dates earlier in the day.
      const day = (date: string) => ({
        start_date: date,
        end_date: '2030-01-16',
        start_time: '17:00:00',
        reason: 'Day',
      });
      const post = (body: object) =>
        api().post('/api/v1/closures/').set(bearer(admin.access)).send(body);
      const everySite = await post(day('2030-01-15')).expect(400);
      expect(everySite.body.errors).toEqual([
        expect.objectContaining({
          field: 'start_date',
          message: expect.stringContaining('2030-01-16'),
        }),
      ]);
      await post({ ...day('2030-01-15'), site: 'TYO' }).expect(400);
      const hqOnly = await post({ ...day('2030-01-15'), site: 'HQ' }).expect(201);
      const fromTomorrow = await post(day('2030-01-16')).expect(201);
      for (const closure of [hqOnly, fromTomorrow]) {
        await api()
          .delete(`/api/v1/closures/${closure.body.id}/`)
          .set(bearer(admin.access))
          .expect(204);
      }
    } finally {
      clock.set(NOW);
    }
  });

  it('"has not ended" is judged in the booking\'s site zone (member and room changes)', async () => {
    const user = await registerUser(t);
    await api()
      .post('/api/v1/rooms/')
      .set(bearer(admin.access))
      .send({ room_number: 'T03', room_type: 'PRIVATE', capacity: 1, site: 'TYO' })
      .expect(201);
    // 09:00-10:00 in Tokyo on the 16th is 00:00-01:00 UTC.
    await book(t, user, { ...privateRoom('TYO', '2030-01-16', 9, 1), room_number: 'T03' }).expect(
      201,
    );
    const t03 = (await t.db.query<{ id: number }>(`SELECT id FROM rooms WHERE room_number = 'T03'`))
      .rows[0].id;
    const deactivate = () =>
      api().patch(`/api/v1/rooms/${t03}/`).set(bearer(admin.access)).send({ is_active: false });
    const removeUser = () => api().delete(`/api/v1/users/${user.id}/`).set(bearer(admin.access));
    // 00:30 UTC: 09:30 in Tokyo, the booking is under way.
    clock.set('2030-01-16T00:30:00Z');
    expect((await deactivate().expect(409)).body.code).toBe('ROOM_IN_USE');
    expect((await removeUser().expect(409)).body.code).toBe('MEMBER_IN_USE');
    // 02:00 UTC: 11:00 in Tokyo, it has ended there (on a UTC wall clock 10:00 is still ahead).
    clock.set('2030-01-16T02:00:00Z');
    await deactivate().expect(200);
    await removeUser().expect(204);
    clock.set(NOW);
  });
});
