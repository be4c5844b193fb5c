import request from 'supertest';
import { FreedHours, HoursFreedHooks } from '@app/bookings';
import { startTestApp, TestApp } from './support/test-app';
import { aMember, bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import {
  TODAY,
  addDaysTo,
  book,
  dateSequence,
  invariantViolations,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

describe('closures', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const nextDate = dateSequence();
  const freed: FreedHours[][] = [];

  beforeAll(async () => {
    t = tolerateTeardownTermination(await startTestApp({ clock: pinnedClock() }));
    admin = await createAdmin(t);
    user = await registerUser(t);
    const { rows } = await t.db.query<{ id: number; room_number: string }>(
      `SELECT id, room_number FROM rooms`,
    );
    for (const row of rows) ids.set(row.room_number, row.id);
    t.app.get(HoursFreedHooks).register(async (_tx, hours) => {
      freed.push(hours);
      return Promise.resolve();
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const ids = new Map<string, number>();
  const roomId = (roomNumber: string) => ids.get(roomNumber) as number;
  const closeRoom = (roomNumber: string, body: Record<string, unknown>, who = admin) =>
    request(t.url)
      .post(`/api/v1/rooms/${roomId(roomNumber)}/closures/`)
      .set(bearer(who.access))
      .send({ reason: 'Maintenance', ...body });
  const closeAll = (body: Record<string, unknown>) =>
    request(t.url)
      .post('/api/v1/closures/')
      .set(bearer(admin.access))
      .send({ reason: 'Holiday', ...body });
  const available = (date: string, timeSlot: string, roomType = 'PRIVATE') =>
    request(t.url)
      .get('/api/v1/rooms/available/')
      .query({ date, time_slot: timeSlot, room_type: roomType })
      .set(bearer(user.access))
      .expect(200)
      .then((res) => res.body.available_rooms.map((r: { room_number: string }) => r.room_number));
  const closureCount = async () =>
    Number((await t.db.query(`SELECT count(*) FROM room_closures`)).rows[0].count);

  it('closes a room for whole days: 201 with the closure; naming it is ROOM_CLOSED, others still book', async () => {
    const date = nextDate();
    const res = await closeRoom('P02', { start_date: date, end_date: date }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      room: { id: roomId('P02'), room_number: 'P02', room_type: 'PRIVATE', capacity: 1 },
      start_date: date,
      end_date: date,
      start_time: '09:00:00',
      end_time: '18:00:00',
      reason: 'Maintenance',
      created_by: admin.id,
      created_at: expect.any(String),
    });
    const named = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: '10:00:00',
      room_number: 'P02',
    }).expect(409);
    expect(named.body.code).toBe('ROOM_CLOSED');
    expect(await available(date, '10:00:00')).not.toContain('P02');
    expect(await available(addDaysTo(date, 1), '10:00:00')).toContain('P02');
    const grid = await request(t.url)
      .get('/api/v1/rooms/availability/')
      .query({ date })
      .set(bearer(user.access))
      .expect(200);
    for (const slot of grid.body.slots) expect(slot.PRIVATE.room_numbers).not.toContain('P02');
    // P01 taken, P02 closed: the first free room is P03.
    await book(t, admin, {
      room_type: 'PRIVATE',
      user_id: await aMember(t),
      date,
      time_slot: '11:00:00',
    }).expect(201);
    const next = await book(t, user, { room_type: 'PRIVATE', date, time_slot: '11:00:00' }).expect(
      201,
    );
    expect(next.body.room.room_number).toBe('P03');
    const list = await request(t.url)
      .get(`/api/v1/rooms/${roomId('P02')}/closures/`)
      .set(bearer(user.access))
      .expect(200);
    expect(list.body).toEqual([res.body]);
  });

  it('closes only the hours asked for, end exclusive', async () => {
    const date = nextDate();
    const res = await closeRoom('C01', {
      start_date: date,
      end_date: addDaysTo(date, 1),
      start_time: '14:00:00',
      end_time: '16:00',
    }).expect(201);
    expect(res.body).toMatchObject({ start_time: '14:00:00', end_time: '16:00:00' });
    expect(await available(date, '13:00:00', 'CONFERENCE')).toContain('C01');
    expect(await available(date, '14:00:00', 'CONFERENCE')).not.toContain('C01');
    expect(await available(addDaysTo(date, 1), '15:00:00', 'CONFERENCE')).not.toContain('C01');
    expect(await available(date, '16:00:00', 'CONFERENCE')).toContain('C01');
    const team = await aTeamOf(3);
    const overlapping = await book(t, admin, {
      room_type: 'CONFERENCE',
      team_id: team,
      date,
      time_slot: '13:00:00',
      end_time: '15:00:00',
      room_number: 'C01',
    }).expect(409);
    expect(overlapping.body.code).toBe('ROOM_CLOSED');
    await book(t, admin, {
      room_type: 'CONFERENCE',
      team_id: team,
      date,
      time_slot: '16:00:00',
      room_number: 'C01',
    }).expect(201);
  });

  it('active bookings inside make it a 409 CLOSURE_CONFLICT listing them; nothing is written', async () => {
    const date = nextDate();
    const inside = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: '12:00:00',
      end_time: '14:00:00',
      room_number: 'P05',
    }).expect(201);
    await book(t, admin, {
      room_type: 'PRIVATE',
      user_id: await aMember(t),
      date,
      time_slot: '09:00:00',
      room_number: 'P05',
    }).expect(201);
    const before = await closureCount();
    const refused = await closeRoom('P05', {
      start_date: date,
      end_date: date,
      start_time: '13:00:00',
    }).expect(409);
    expect(refused.body.code).toBe('CLOSURE_CONFLICT');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      inside.body.booking_id,
    ]);
    expect(await closureCount()).toBe(before);
    const status = await t.db.query(`SELECT status FROM bookings WHERE booking_id = $1`, [
      inside.body.booking_id,
    ]);
    expect(status.rows[0].status).toBe('ACTIVE');
  });

  it('cancel_conflicting cancels them in the same transaction, cancelled_by the admin', async () => {
    const date = nextDate();
    const inside = await book(t, user, {
      room_type: 'SHARED_DESK',
      date,
      time_slot: '10:00:00',
      room_number: 'S02',
    }).expect(201);
    freed.length = 0;
    await closeRoom('S02', { start_date: date, end_date: date, cancel_conflicting: true }).expect(
      201,
    );
    const row = await t.db.query(
      `SELECT status, cancelled_by FROM bookings WHERE booking_id = $1`,
      [inside.body.booking_id],
    );
    expect(row.rows[0]).toEqual({ status: 'CANCELLED', cancelled_by: admin.id });
    expect(freed).toEqual([[{ roomType: 'SHARED_DESK', date, startHour: 10, endHour: 11 }]]);
    expect(await activeBookingsInsideClosures()).toEqual([]);
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('a workspace-wide closure closes every room, new ones too; lifting it reopens them', async () => {
    const date = nextDate();
    const res = await closeAll({ start_date: date, end_date: date, end_time: '12:00:00' }).expect(
      201,
    );
    expect(res.body).toMatchObject({ room: null, start_time: '09:00:00', end_time: '12:00:00' });
    const created = await request(t.url)
      .post('/api/v1/rooms/')
      .set(bearer(admin.access))
      .send({ room_number: 'P40', room_type: 'PRIVATE', capacity: 1 })
      .expect(201);
    expect(created.body.room_number).toBe('P40');
    expect(await available(date, '11:00:00')).toEqual([]);
    const none = await book(t, user, { room_type: 'PRIVATE', date, time_slot: '11:00:00' }).expect(
      409,
    );
    expect(none.body.code).toBe('SLOT_TAKEN');
    const named = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: '11:00:00',
      room_number: 'P40',
    }).expect(409);
    expect(named.body.code).toBe('ROOM_CLOSED');
    await book(t, user, { room_type: 'PRIVATE', date, time_slot: '12:00:00' }).expect(201);
    const list = await request(t.url).get('/api/v1/closures/').set(bearer(user.access)).expect(200);
    expect(list.body).toContainEqual(res.body);

    freed.length = 0;
    await request(t.url)
      .delete(`/api/v1/closures/${res.body.id}/`)
      .set(bearer(admin.access))
      .expect(204);
    expect(freed).toEqual([
      ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'].map((roomType) => ({
        roomType,
        date,
        startHour: 9,
        endHour: 12,
      })),
    ]);
    await book(t, user, { room_type: 'PRIVATE', date, time_slot: '11:00:00' }).expect(201);
    await request(t.url)
      .delete(`/api/v1/closures/${res.body.id}/`)
      .set(bearer(admin.access))
      .expect(404);
  });

  it('lifting a room closure hands the reopened hours within the horizon to the waitlist hooks', async () => {
    const start = addDaysTo(TODAY, 1);
    const res = await closeRoom('P06', {
      start_date: start,
      end_date: addDaysTo(TODAY, 200),
      start_time: '15:00:00',
    }).expect(201);
    // A room closure is lifted at its room's path only.
    await request(t.url)
      .delete(`/api/v1/closures/${res.body.id}/`)
      .set(bearer(admin.access))
      .expect(404);
    await request(t.url)
      .delete(`/api/v1/rooms/${roomId('P07')}/closures/${res.body.id}/`)
      .set(bearer(admin.access))
      .expect(404);
    freed.length = 0;
    await request(t.url)
      .delete(`/api/v1/rooms/${roomId('P06')}/closures/${res.body.id}/`)
      .set(bearer(admin.access))
      .expect(204);
    expect(freed).toHaveLength(1);
    // BOOKING_HORIZON_DAYS defaults to 90: the dates from tomorrow to today + 90.
    expect(freed[0]).toHaveLength(90);
    expect(freed[0][0]).toEqual({ roomType: 'PRIVATE', date: start, startHour: 15, endHour: 18 });
    expect(freed[0][89].date).toBe(addDaysTo(TODAY, 90));
    expect(await available(start, '15:00:00')).toContain('P06');
  });

  it('a move into a closed room is ROOM_CLOSED; a move that keeps its room leaves a closed one', async () => {
    const date = nextDate();
    const mine = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: '09:00:00',
      room_number: 'P08',
    }).expect(201);
    await closeRoom('P08', { start_date: date, end_date: date, start_time: '10:00:00' }).expect(
      201,
    );
    const named = await request(t.url)
      .post(`/api/v1/bookings/${mine.body.booking_id}/reschedule/`)
      .set(bearer(user.access))
      .send({ time_slot: '11:00:00', room_number: 'P08' })
      .expect(409);
    expect(named.body.code).toBe('ROOM_CLOSED');
    const moved = await request(t.url)
      .post(`/api/v1/bookings/${mine.body.booking_id}/reschedule/`)
      .set(bearer(user.access))
      .send({ time_slot: '11:00:00' })
      .expect(200);
    expect(moved.body.room.room_number).not.toBe('P08');
    expect(await activeBookingsInsideClosures()).toEqual([]);
  });

  it.each([
    [{ start_date: '2030-01-20', end_date: '2030-01-19' }, 'end_date'],
    [{ start_date: '2030-01-20', end_date: '2031-01-21' }, 'end_date'],
    [{ start_date: '2030-01-20', end_date: '2030-01-20', start_time: '10:30:00' }, 'start_time'],
    [{ start_date: '2030-01-20', end_date: '2030-01-20', start_time: '08:00:00' }, 'start_time'],
    [{ start_date: '2030-01-20', end_date: '2030-01-20', end_time: '19:00:00' }, 'end_time'],
    [{ start_date: '2030-01-20', end_date: '2030-01-20', end_time: '12:00:01' }, 'end_time'],
    [
      { start_date: '2030-01-20', end_date: '2030-01-20', start_time: '12:00', end_time: '11:00' },
      'end_time',
    ],
    [{ start_date: '2030-01-10', end_date: '2030-01-20' }, 'start_date'],
    [{ start_date: '2030-02-30', end_date: '2030-03-01' }, 'start_date'],
    [{ start_date: '2030-01-20' }, 'end_date'],
    [{ start_date: '2030-01-20', end_date: '2030-01-20', reason: '   ' }, 'reason'],
    [{ start_date: '2030-01-20', end_date: '2030-01-20', reason: 'x'.repeat(201) }, 'reason'],
    [{ start_date: '2030-01-20', end_date: '2030-01-20', reason: null }, 'reason'],
    [
      { start_date: '2030-01-20', end_date: '2030-01-20', cancel_conflicting: 'yes' },
      'cancel_conflicting',
    ],
  ])('refuses %j with a 400 naming %s, for a room and for every room', async (body, field) => {
    const before = await closureCount();
    for (const res of [await closeRoom('P01', body), await closeAll(body)]) {
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await closureCount()).toBe(before);
  });

  it('only admins close or lift; unknown rooms and closures are 404', async () => {
    const date = nextDate();
    await closeRoom('P01', { start_date: date, end_date: date }, user).expect(403);
    await request(t.url)
      .post('/api/v1/closures/')
      .set(bearer(user.access))
      .send({ start_date: date, end_date: date, reason: 'x' })
      .expect(403);
    const unknown = await request(t.url)
      .post('/api/v1/rooms/999999/closures/')
      .set(bearer(admin.access))
      .send({ start_date: date, end_date: date, reason: 'x' })
      .expect(404);
    expect(unknown.body.code).toBe('ROOM_NOT_FOUND');
    const missing = await request(t.url)
      .delete(`/api/v1/rooms/${roomId('P01')}/closures/999999/`)
      .set(bearer(admin.access))
      .expect(404);
    expect(missing.body.code).toBe('CLOSURE_NOT_FOUND');
    await request(t.url).delete('/api/v1/closures/999999/').set(bearer(user.access)).expect(403);
  });

  async function aTeamOf(size: number): Promise<number> {
    const members = await Promise.all(Array.from({ length: size }, () => aMember(t)));
    const res = await request(t.url)
      .post('/api/v1/teams/')
      .set(bearer(admin.access))
      .send({ name: `Team ${Math.random()}`, member_ids: members })
      .expect(201);
    return res.body.id;
  }

  async function activeBookingsInsideClosures(): Promise<string[]> {
    const { rows } = await t.db.query<{ booking_id: string }>(ACTIVE_INSIDE_CLOSURES_SQL);
    return rows.map((r) => r.booking_id);
  }
});

/** Active bookings with an hour inside a closure of their room or of every room. */
const ACTIVE_INSIDE_CLOSURES_SQL = `SELECT DISTINCT b.booking_id FROM bookings b
  JOIN room_closures c ON (c.room_id IS NULL OR c.room_id = b.room_id)
   AND b.date BETWEEN c.start_date AND c.end_date
   AND b.start_hour < c.end_hour AND b.end_hour > c.start_hour
  WHERE b.status = 'ACTIVE'`;
