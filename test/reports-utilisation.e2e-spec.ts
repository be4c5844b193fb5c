import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import {
  aMember,
  aTeam,
  bearer,
  createAdmin,
  registerUser,
  RegisteredUser,
} from './support/factories';
import { book, cancel, pinnedClock } from './support/booking-helpers';

/**
 * The utilisation report over one week (2030-02-04 Mon .. 2030-02-10 Sun, every weekday open,
 * UTC) after "now" (2030-01-15): bookings made over HTTP, then moved through their lifecycle
 * in SQL (check-in, release, a late cancellation) as time passing would.
 */
describe('utilisation report', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const FROM = '2030-02-04';
  const TO = '2030-02-10';

  const report = (query: Record<string, string>, who: RegisteredUser = admin) =>
    request(t.url).get('/api/v1/reports/utilisation/').query(query).set(bearer(who.access));

  const bookingId = async (body: Record<string, unknown>): Promise<string> => {
    const res = await book(t, user, body).expect(201);
    return res.body.booking_id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock() });
    admin = await createAdmin(t);
    user = await registerUser(t);

    // P01: 2 h checked in, 3 h released.
    const checkedIn = await bookingId({
      room_type: 'PRIVATE',
      room_number: 'P01',
      date: '2030-02-04',
      time_slot: '10:00:00',
      end_time: '12:00:00',
    });
    await t.db.query(
      `UPDATE bookings SET checked_in_at = '2030-02-04T10:05:00Z', checked_in_by = $2 WHERE booking_id = $1`,
      [checkedIn, user.id],
    );
    const released = await bookingId({
      room_type: 'PRIVATE',
      room_number: 'P01',
      date: '2030-02-05',
      time_slot: '14:00:00',
      end_time: '17:00:00',
    });
    await t.db.query(
      `UPDATE bookings SET status = 'RELEASED', released_at = '2030-02-05T14:15:00Z' WHERE booking_id = $1`,
      [released],
    );
    // P02: 2 h cancelled before they began; 4 h cancelled 1.5 h in (2 hours had begun).
    const early = await bookingId({
      room_type: 'PRIVATE',
      room_number: 'P02',
      date: '2030-02-08',
      time_slot: '09:00:00',
      end_time: '11:00:00',
    });
    await cancel(t, user, early).expect(200);
    const late = await bookingId({
      room_type: 'PRIVATE',
      room_number: 'P02',
      date: '2030-02-06',
      time_slot: '12:00:00',
      end_time: '16:00:00',
    });
    await t.db.query(
      `UPDATE bookings SET status = 'CANCELLED', cancelled_at = '2030-02-06T13:30:00Z', cancelled_by = $2
       WHERE booking_id = $1`,
      [late, user.id],
    );
    // P04: moved to another day before it began: the old hour is a move, not a cancellation.
    const moved = await bookingId({
      room_type: 'PRIVATE',
      room_number: 'P04',
      date: '2030-02-08',
      time_slot: '14:00:00',
    });
    await request(t.url)
      .post(`/api/v1/bookings/${moved}/reschedule/`)
      .set(bearer(user.access))
      .send({ date: '2030-02-09', time_slot: '15:00:00' })
      .expect(200);
    // C01: a team of three for 3 h counts 3 room-hours.
    const team = await aTeam(t, [user.id, await aMember(t), await aMember(t)]);
    await bookingId({
      room_type: 'CONFERENCE',
      team_id: team,
      date: '2030-02-09',
      time_slot: '10:00:00',
      end_time: '13:00:00',
    });
    // S01: a party of two for 4 h counts 8 seat-hours.
    await bookingId({
      room_type: 'SHARED_DESK',
      user_ids: [user.id, await aMember(t)],
      date: '2030-02-10',
      time_slot: '09:00:00',
      end_time: '13:00:00',
    });
    // Outside the range: not counted.
    await bookingId({
      room_type: 'PRIVATE',
      room_number: 'P01',
      date: '2030-02-11',
      time_slot: '09:00:00',
    });
    // A room booked, then deactivated: left out of the report.
    const extra = await request(t.url)
      .post('/api/v1/rooms/')
      .set(bearer(admin.access))
      .send({ room_number: 'X01', room_type: 'PRIVATE', capacity: 1 })
      .expect(201);
    await bookingId({
      room_type: 'PRIVATE',
      room_number: 'X01',
      date: '2030-02-04',
      time_slot: '09:00:00',
    });
    await t.db.query(`UPDATE rooms SET is_active = false WHERE id = $1`, [extra.body.id]);
    // Closures: P03 all of Feb 5 and Feb 7; every room 14:00-16:00 on Feb 7 (P03's counted once).
    const p03 = (await t.db.query<{ id: number }>(`SELECT id FROM rooms WHERE room_number = 'P03'`))
      .rows[0].id;
    for (const date of ['2030-02-05', '2030-02-07']) {
      await request(t.url)
        .post(`/api/v1/rooms/${p03}/closures/`)
        .set(bearer(admin.access))
        .send({ start_date: date, end_date: date, reason: 'Painting' })
        .expect(201);
    }
    await request(t.url)
      .post('/api/v1/closures/')
      .set(bearer(admin.access))
      .send({
        start_date: '2030-02-07',
        end_date: '2030-02-07',
        start_time: '14:00:00',
        end_time: '16:00:00',
        reason: 'All hands',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const row = (fields: Partial<Record<string, unknown>>) => ({
    checked_in_hours: 0,
    released_hours: 0,
    cancelled_hours: 0,
    booked_hours: 0,
    ...fields,
  });

  it('counts bookable, booked, checked-in, released and cancelled hours per room and per type', async () => {
    const res = await report({ from: FROM, to: TO }).expect(200);
    expect(res.body.from).toBe(FROM);
    expect(res.body.to).toBe(TO);
    const byNumber = new Map(
      (res.body.rooms as { room_number: string }[]).map((r) => [r.room_number, r]),
    );
    // 7 open days x 9 h = 63, less the workspace closure's 2 h.
    expect(byNumber.get('P01')).toMatchObject(
      row({
        room_type: 'PRIVATE',
        bookable_hours: 61,
        booked_hours: 5,
        checked_in_hours: 2,
        released_hours: 3,
        utilisation: 0.082,
      }),
    );
    expect(byNumber.get('P02')).toMatchObject(
      row({ bookable_hours: 61, booked_hours: 2, cancelled_hours: 2, utilisation: 0.033 }),
    );
    expect(byNumber.get('P03')).toMatchObject(row({ bookable_hours: 45, utilisation: 0 }));
    expect(byNumber.get('P04')).toMatchObject(
      row({ bookable_hours: 61, booked_hours: 1, utilisation: 0.016 }),
    );
    expect(byNumber.get('C01')).toMatchObject(
      row({ room_type: 'CONFERENCE', bookable_hours: 61, booked_hours: 3, utilisation: 0.049 }),
    );
    expect(byNumber.get('S01')).toMatchObject(
      row({ room_type: 'SHARED_DESK', bookable_hours: 244, booked_hours: 8, utilisation: 0.033 }),
    );
    expect(byNumber.has('X01')).toBe(false);
    expect(res.body.rooms).toHaveLength(15);
    expect(res.body.rooms.map((r: { room_number: string }) => r.room_number)).toEqual(
      [...byNumber.keys()].sort(),
    );
    expect(res.body.room_types).toEqual([
      {
        room_id: null,
        room_number: null,
        room_type: 'PRIVATE',
        bookable_hours: 7 * 61 + 45,
        booked_hours: 8,
        checked_in_hours: 2,
        released_hours: 3,
        cancelled_hours: 2,
        utilisation: 0.017,
      },
      {
        room_id: null,
        room_number: null,
        room_type: 'CONFERENCE',
        bookable_hours: 4 * 61,
        booked_hours: 3,
        checked_in_hours: 0,
        released_hours: 0,
        cancelled_hours: 0,
        utilisation: 0.012,
      },
      {
        room_id: null,
        room_number: null,
        room_type: 'SHARED_DESK',
        bookable_hours: 3 * 4 * 61,
        booked_hours: 8,
        checked_in_hours: 0,
        released_hours: 0,
        cancelled_hours: 0,
        utilisation: 0.011,
      },
    ]);
  });

  it('filters by room type; a one-day range counts that day only', async () => {
    const res = await report({
      from: '2030-02-10',
      to: '2030-02-10',
      room_type: 'SHARED_DESK',
    }).expect(200);
    expect(res.body.rooms.map((r: { room_number: string }) => r.room_number)).toEqual([
      'S01',
      'S02',
      'S03',
    ]);
    expect(res.body.room_types).toEqual([
      {
        room_id: null,
        room_number: null,
        room_type: 'SHARED_DESK',
        bookable_hours: 3 * 4 * 9,
        booked_hours: 8,
        checked_in_hours: 0,
        released_hours: 0,
        cancelled_hours: 0,
        utilisation: 0.074,
      },
    ]);
  });

  it('answers 0 utilisation when nothing is bookable (a whole day closed for every room)', async () => {
    await t.db.query(
      `INSERT INTO room_closures (room_id, start_date, end_date, start_hour, end_hour, reason, created_by)
       VALUES (NULL, '2031-03-03', '2031-03-03', 9, 18, 'Holiday', $1)`,
      [admin.id],
    );
    const res = await report({ from: '2031-03-03', to: '2031-03-03' }).expect(200);
    for (const r of [...res.body.rooms, ...res.body.room_types]) {
      expect(r).toMatchObject({ bookable_hours: 0, booked_hours: 0, utilisation: 0 });
    }
  });

  it("counts only the policies' open weekdays: all types' and the room type's", async () => {
    // 2031-03-10 is a Monday: Mon-Sun, weekdays only for all, no Wednesday for desks.
    await request(t.url)
      .put('/api/v1/policies/')
      .set(bearer(admin.access))
      .send({
        open_weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
        by_room_type: { SHARED_DESK: { open_weekdays: ['MO', 'TU', 'TH', 'FR', 'SA'] } },
      })
      .expect(200);
    try {
      const res = await report({ from: '2031-03-10', to: '2031-03-16' }).expect(200);
      const byType = Object.fromEntries(
        res.body.room_types.map((r: { room_type: string; bookable_hours: number }) => [
          r.room_type,
          r.bookable_hours,
        ]),
      );
      expect(byType).toEqual({
        PRIVATE: 8 * 5 * 9,
        CONFERENCE: 4 * 5 * 9,
        SHARED_DESK: 3 * 4 * 4 * 9,
      });
    } finally {
      await request(t.url).put('/api/v1/policies/').set(bearer(admin.access)).send({}).expect(200);
    }
  });

  it('answers CSV for Accept: text/csv: one header line, the per-room rows, then the per-type rows', async () => {
    const json = (await report({ from: FROM, to: TO }).expect(200)).body;
    const res = await report({ from: FROM, to: TO }).set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="utilisation-${FROM}-${TO}.csv"`,
    );
    const lines = res.text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(
      'room_id,room_number,room_type,bookable_hours,booked_hours,checked_in_hours,released_hours,cancelled_hours,utilisation',
    );
    expect(lines).toHaveLength(1 + 15 + 3);
    const p01 = json.rooms.find((r: { room_number: string }) => r.room_number === 'P01');
    expect(lines).toContain(`${p01.room_id},P01,PRIVATE,61,5,2,3,0,0.082`);
    expect(lines.slice(1, 16).map((line) => line.split(',')[1])).toEqual(
      json.rooms.map((r: { room_number: string }) => r.room_number),
    );
    expect(lines[16]).toBe(',,PRIVATE,472,8,2,3,2,0.017');
    expect(lines[18]).toBe(',,SHARED_DESK,732,8,0,0,0,0.011');
    // JSON stays the default, and wins when preferred.
    const preferred = await report({ from: FROM, to: TO })
      .set('Accept', 'application/json, text/csv;q=0.5')
      .expect(200);
    expect(preferred.headers['content-type']).toMatch(/^application\/json/);
  });

  it.each([
    ['a reversed range', { from: '2030-02-10', to: '2030-02-04' }, 'to'],
    ['367 days', { from: '2030-01-01', to: '2031-01-02' }, 'to'],
    ['a date that does not exist', { from: '2030-02-30', to: '2030-03-02' }, 'from'],
    ['a date in another shape', { from: '04/02/2030', to: '2030-03-02' }, 'from'],
    ['no from', { to: '2030-03-02' }, 'from'],
    ['no to', { from: '2030-03-02' }, 'to'],
    ['an unknown room type', { from: FROM, to: TO, room_type: 'SAUNA' }, 'room_type'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_, query, field) => {
    const res = await report(query).set('Accept', 'text/csv').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('accepts exactly 366 days (a leap year)', async () => {
    const res = await report({ from: '2032-01-01', to: '2032-12-31' }).expect(200);
    expect(res.body.room_types[0].bookable_hours).toBe(8 * 366 * 9);
  });

  it('is for admins: 403 FORBIDDEN for a member, 401 without a token', async () => {
    const res = await report({ from: FROM, to: TO }, user).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await request(t.url)
      .get('/api/v1/reports/utilisation/')
      .query({ from: FROM, to: TO })
      .expect(401);
  });
});

describe('utilisation report in another time zone', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock(), env: { WORKSPACE_TIMEZONE: 'Asia/Tokyo' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it("judges 'cancelled before it began' on the workspace's wall clock", async () => {
    const admin = await createAdmin(t);
    const user = await registerUser(t);
    const made = await book(t, user, {
      room_type: 'PRIVATE',
      room_number: 'P01',
      date: '2030-02-04',
      time_slot: '09:00:00',
      end_time: '11:00:00',
    }).expect(201);
    // 00:30 UTC is 09:30 in Tokyo: half an hour after the 09:00 start, one hour had begun.
    await t.db.query(
      `UPDATE bookings SET status = 'CANCELLED', cancelled_at = '2030-02-04T00:30:00Z', cancelled_by = $2
       WHERE booking_id = $1`,
      [made.body.booking_id, user.id],
    );
    const res = await request(t.url)
      .get('/api/v1/reports/utilisation/')
      .query({ from: '2030-02-04', to: '2030-02-04', room_type: 'PRIVATE' })
      .set(bearer(admin.access))
      .expect(200);
    expect(res.body.rooms[0]).toMatchObject({
      room_number: 'P01',
      booked_hours: 1,
      cancelled_hours: 0,
    });
  });
});
