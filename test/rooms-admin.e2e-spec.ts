import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { aMember, bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import {
  book,
  dateSequence,
  invariantViolations,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

describe('rooms administration', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = tolerateTeardownTermination(await startTestApp({ clock: pinnedClock() }));
    admin = await createAdmin(t);
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const createRoom = (body: Record<string, unknown>, who: RegisteredUser = admin) =>
    request(t.url).post('/api/v1/rooms/').set(bearer(who.access)).send(body);
  const patchRoom = (id: number, body: Record<string, unknown>) =>
    request(t.url).patch(`/api/v1/rooms/${id}/`).set(bearer(admin.access)).send(body);
  const roomCount = async () =>
    Number((await t.db.query(`SELECT count(*) FROM rooms`)).rows[0].count);
  const seatsOf = async (roomId: number) =>
    (
      await t.db.query<{ seat_number: number }>(
        `SELECT seat_number FROM room_seats WHERE room_id = $1 ORDER BY seat_number`,
        [roomId],
      )
    ).rows.map((r) => r.seat_number);

  it('creates a desk with its seats, upper-casing the number; GET and the list show it active', async () => {
    const res = await createRoom({
      room_number: 's-04',
      room_type: 'SHARED_DESK',
      capacity: 6,
    }).expect(201);
    expect(res.body).toMatchObject({
      room_number: 'S-04',
      room_type: 'SHARED_DESK',
      capacity: 6,
      is_active: true,
    });
    expect(await seatsOf(res.body.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const one = await request(t.url)
      .get(`/api/v1/rooms/${res.body.id}`)
      .set(bearer(user.access))
      .expect(200);
    expect(one.body).toEqual(res.body);
    const list = await request(t.url).get('/api/v1/rooms/').set(bearer(user.access)).expect(200);
    expect(list.body.find((r: { id: number }) => r.id === res.body.id)).toEqual(res.body);
    expect(list.body.every((r: { is_active: boolean }) => r.is_active)).toBe(true);
  });

  it('a new room is allocated: a desk named by number takes a booking', async () => {
    const room = await createRoom({ room_number: 'P09', room_type: 'PRIVATE', capacity: 1 });
    expect(room.status).toBe(201);
    expect(await seatsOf(room.body.id)).toEqual([0]);
    const res = await book(t, user, {
      room_type: 'PRIVATE',
      date: nextDate(),
      time_slot: '10:00:00',
      room_number: 'p09',
    }).expect(201);
    expect(res.body.room.room_number).toBe('P09');
  });

  it.each([
    [{ room_number: 'P 10', room_type: 'PRIVATE', capacity: 1 }, 'room_number'],
    [{ room_number: ' P10', room_type: 'PRIVATE', capacity: 1 }, 'room_number'],
    [{ room_number: '', room_type: 'PRIVATE', capacity: 1 }, 'room_number'],
    [{ room_number: 'ABCDEFGHIJK', room_type: 'PRIVATE', capacity: 1 }, 'room_number'],
    [{ room_number: 'P_10', room_type: 'PRIVATE', capacity: 1 }, 'room_number'],
    [{ room_number: 'P10', room_type: 'PRIVATE', capacity: 2 }, 'capacity'],
    [{ room_number: 'C10', room_type: 'CONFERENCE', capacity: 0 }, 'capacity'],
    [{ room_number: 'C10', room_type: 'CONFERENCE', capacity: 51 }, 'capacity'],
    [{ room_number: 'C10', room_type: 'CONFERENCE', capacity: 2 }, 'capacity'],
    [{ room_number: 'S10', room_type: 'SHARED_DESK', capacity: 13 }, 'capacity'],
    [{ room_number: 'S10', room_type: 'SHARED_DESK', capacity: '4' }, 'capacity'],
    [{ room_number: 'S10', room_type: 'SHARED_DESK', capacity: 2.5 }, 'capacity'],
    [{ room_number: 'X10', room_type: 'KITCHEN', capacity: 2 }, 'room_type'],
    [{ room_type: 'PRIVATE', capacity: 1 }, 'room_number'],
  ])('refuses %j with a 400 naming %s, writing nothing', async (body, field) => {
    const before = await roomCount();
    const res = await createRoom(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await roomCount()).toBe(before);
  });

  it('refuses a number another room has, in any case (409 ROOM_NUMBER_TAKEN)', async () => {
    const before = await roomCount();
    const res = await createRoom({ room_number: 'p01', room_type: 'PRIVATE', capacity: 1 }).expect(
      409,
    );
    expect(res.body.code).toBe('ROOM_NUMBER_TAKEN');
    await patchRoom(await roomId('P02'), { room_number: 'p03' }).expect(409);
    expect(await roomCount()).toBe(before);
  });

  it('refuses numbers that would make booking ids ambiguous', async () => {
    // "P01-2" would be the booking id suffix of P01's second booking in a slot.
    const res = await createRoom({ room_number: 'P01-2', room_type: 'PRIVATE', capacity: 1 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ROOM_NUMBER_TAKEN');
    // A renamed room's old bookings keep their booking ids: its old number stays reserved.
    const date = nextDate();
    const first = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: '12:00:00',
      room_number: 'P07',
    }).expect(201);
    const p07 = await roomId('P07');
    await patchRoom(p07, { room_number: 'P07B' }).expect(200);
    const again = await createRoom({ room_number: 'P07', room_type: 'PRIVATE', capacity: 1 });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(first.body.booking_id);
    await patchRoom(p07, { room_number: 'P07' }).expect(200);
  });

  it('renames and resizes; a desk gains and loses seats', async () => {
    const desk = await createRoom({ room_number: 'S20', room_type: 'SHARED_DESK', capacity: 4 });
    const renamed = await patchRoom(desk.body.id, { room_number: 'd-20', capacity: 8 }).expect(200);
    expect(renamed.body).toMatchObject({ room_number: 'D-20', capacity: 8, is_active: true });
    expect(await seatsOf(desk.body.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await patchRoom(desk.body.id, { capacity: 2 }).expect(200);
    expect(await seatsOf(desk.body.id)).toEqual([1, 2]);
  });

  it.each([
    [{}, 'body'],
    [{ capacity: 2 }, 'capacity'],
    [{ capacity: 0 }, 'capacity'],
    [{ is_active: 'no' }, 'is_active'],
    [{ room_number: 'A B' }, 'room_number'],
  ])('refuses the change %j to a private room with a 400 naming %s', async (body, field) => {
    const id = await roomId('P05');
    const res = await patchRoom(id, body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const row = await t.db.query(
      `SELECT room_number, capacity, is_active FROM rooms WHERE id = $1`,
      [id],
    );
    expect(row.rows[0]).toEqual({ room_number: 'P05', capacity: 1, is_active: true });
  });

  it('only admins create or change rooms; unknown ids are 404', async () => {
    await createRoom({ room_number: 'P30', room_type: 'PRIVATE', capacity: 1 }, user).expect(403);
    await request(t.url)
      .patch(`/api/v1/rooms/${await roomId('P01')}/`)
      .set(bearer(user.access))
      .send({ is_active: false })
      .expect(403);
    const missing = await patchRoom(999999, { is_active: false }).expect(404);
    expect(missing.body.code).toBe('ROOM_NOT_FOUND');
    await request(t.url).get('/api/v1/rooms/999999/').set(bearer(user.access)).expect(404);
    await request(t.url).get('/api/v1/rooms/abc/').set(bearer(user.access)).expect(400);
  });

  it('deactivating a room with a booking that has not ended is 409 ROOM_IN_USE naming it', async () => {
    const room = await createRoom({ room_number: 'C20', room_type: 'CONFERENCE', capacity: 3 });
    const members = [await aMember(t), await aMember(t), await aMember(t)];
    const team = await request(t.url)
      .post('/api/v1/teams/')
      .set(bearer(admin.access))
      .send({ name: `T-${Date.now()}`, member_ids: members })
      .expect(201);
    // C01-C04 busy, so the team lands in C20.
    const date = nextDate();
    await t.db.query(`UPDATE rooms SET is_active = false WHERE room_number LIKE 'C0%'`);
    const booked = await book(t, admin, {
      room_type: 'CONFERENCE',
      team_id: team.body.id,
      date,
      time_slot: '14:00:00',
    }).expect(201);
    await t.db.query(`UPDATE rooms SET is_active = true WHERE room_number LIKE 'C0%'`);
    expect(booked.body.room.room_number).toBe('C20');
    const refused = await patchRoom(room.body.id, { is_active: false }).expect(409);
    expect(refused.body.code).toBe('ROOM_IN_USE');
    expect(refused.body.detail).toContain(booked.body.booking_id);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: booked.body.booking_id }),
    ]);
    const row = await t.db.query(`SELECT is_active FROM rooms WHERE id = $1`, [room.body.id]);
    expect(row.rows[0].is_active).toBe(true);
    // Once the booking is cancelled the room can go.
    await request(t.url)
      .post(`/api/v1/cancel/${booked.body.booking_id}/`)
      .set(bearer(admin.access))
      .expect(200);
    await patchRoom(room.body.id, { is_active: false }).expect(200);
  });

  it('a desk cannot lose a seat a future booking holds, but may lose the free ones', async () => {
    const desk = await createRoom({ room_number: 'S30', room_type: 'SHARED_DESK', capacity: 6 });
    // Every other desk out of service while booking, so both bookings land in S30.
    const { rows: otherDesks } = await t.db.query<{ id: number }>(
      `UPDATE rooms SET is_active = false
        WHERE room_type = 'SHARED_DESK' AND is_active AND id <> $1 RETURNING id`,
      [desk.body.id],
    );
    const date = nextDate();
    const party = [await aMember(t), await aMember(t), await aMember(t), await aMember(t)];
    const first = await book(t, admin, {
      room_type: 'SHARED_DESK',
      user_ids: party,
      date,
      time_slot: '09:00:00',
    }).expect(201);
    const second = await book(t, admin, {
      room_type: 'SHARED_DESK',
      user_ids: [await aMember(t)],
      date,
      time_slot: '09:00:00',
    }).expect(201);
    await t.db.query(`UPDATE rooms SET is_active = true WHERE id = ANY($1::int[])`, [
      otherDesks.map((d) => d.id),
    ]);
    expect(second.body.seats.map((s: { seat_number: number }) => s.seat_number)).toEqual([5]);
    const refused = await patchRoom(desk.body.id, { capacity: 4 }).expect(409);
    expect(refused.body.code).toBe('ROOM_IN_USE');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      second.body.booking_id,
    ]);
    expect(first.body.seats.map((s: { seat_number: number }) => s.seat_number)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(await seatsOf(desk.body.id)).toEqual([1, 2, 3, 4, 5, 6]);
    await patchRoom(desk.body.id, { capacity: 5 }).expect(200);
    expect(await seatsOf(desk.body.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('an inactive room is listed inactive, never allocated nor shown free; named, it is ROOM_CLOSED', async () => {
    const date = nextDate();
    const p08 = await roomId('P08');
    const inactive = await patchRoom(p08, { is_active: false }).expect(200);
    expect(inactive.body.is_active).toBe(false);
    const list = await request(t.url).get('/api/v1/rooms/').set(bearer(user.access)).expect(200);
    expect(list.body.find((r: { id: number }) => r.id === p08).is_active).toBe(false);
    const free = await request(t.url)
      .get('/api/v1/rooms/available/')
      .query({ date, time_slot: '10:00:00', room_type: 'PRIVATE' })
      .set(bearer(user.access))
      .expect(200);
    expect(
      free.body.available_rooms.map((r: { room_number: string }) => r.room_number),
    ).not.toContain('P08');
    const grid = await request(t.url)
      .get('/api/v1/rooms/availability/')
      .query({ date })
      .set(bearer(user.access))
      .expect(200);
    expect(grid.body.slots[0].PRIVATE.room_numbers).not.toContain('P08');
    const named = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: '10:00:00',
      room_number: 'P08',
    }).expect(409);
    expect(named.body.code).toBe('ROOM_CLOSED');
    // Fill every other private room: the next booking finds no room (not P08).
    const others = (
      await t.db.query<{ room_number: string }>(
        `SELECT room_number FROM rooms WHERE room_type = 'PRIVATE' AND is_active ORDER BY room_number`,
      )
    ).rows;
    for (const _ of others) {
      await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: await aMember(t),
        date,
        time_slot: '16:00:00',
      }).expect(201);
    }
    const full = await book(t, user, { room_type: 'PRIVATE', date, time_slot: '16:00:00' }).expect(
      409,
    );
    expect(full.body.code).toBe('SLOT_TAKEN');
    const inP08 = await t.db.query(`SELECT count(*)::int AS n FROM bookings WHERE room_id = $1`, [
      p08,
    ]);
    expect(inP08.rows[0].n).toBe(0);
    await patchRoom(p08, { is_active: true }).expect(200);
    await book(t, user, { room_type: 'PRIVATE', date, time_slot: '16:00:00' }).expect(201);
    expect(await invariantViolations(t)).toEqual([]);
  });

  async function roomId(roomNumber: string): Promise<number> {
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT id FROM rooms WHERE room_number = $1`,
      [roomNumber],
    );
    return rows[0].id;
  }
});
