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
import {
  TODAY,
  addDaysTo,
  book,
  dateSequence,
  invariantViolations,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

/** Creating bookings: every rule of the contract and the bad input a client can send. */
describe('POST /api/v1/bookings/', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock() });
    tolerateTeardownTermination(t);
    admin = await createAdmin(t);
    alice = await registerUser(t, { name: 'Alice Adams', age: 34, gender: 'F' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('private rooms', () => {
    it('books the lowest-numbered free room for the caller by default', async () => {
      const date = nextDate();
      const res = await book(t, alice, { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'booking_id',
          'cancelled_at',
          'checked_in_at',
          'checked_in_by',
          'created_at',
          'created_by',
          'date',
          'end_time',
          'id',
          'released_at',
          'rescheduled_from',
          'room',
          'seats',
          'series_id',
          'status',
          'team',
          'time_slot',
          'user',
        ].sort(),
      );
      expect(res.body).toMatchObject({
        booking_id: `BK${date.replace(/-/g, '')}100000P01`,
        room: { room_number: 'P01', room_type: 'PRIVATE', capacity: 1 },
        user: { id: alice.id, name: 'Alice Adams', age: 34, gender: 'F', is_child: false },
        team: null,
        seats: [],
        date,
        time_slot: '10:00:00',
        end_time: '11:00:00',
        status: 'ACTIVE',
        created_by: alice.id,
        cancelled_at: null,
        rescheduled_from: null,
        series_id: null,
        checked_in_at: null,
        checked_in_by: null,
        released_at: null,
      });
      expect(Object.keys(res.body.room).sort()).toEqual(
        ['capacity', 'id', 'room_number', 'room_type'].sort(),
      );
      expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);

      const bob = await registerUser(t);
      const second = await book(t, bob, { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
      expect(second.status).toBe(201);
      expect(second.body.room.room_number).toBe('P02');
    });

    it('accepts HH:MM and answers HH:MM:SS', async () => {
      const res = await book(t, alice, {
        room_type: 'PRIVATE',
        date: nextDate(),
        time_slot: '17:00',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ time_slot: '17:00:00', end_time: '18:00:00' });
    });

    it('answers 409 "No available room" once all eight private rooms are taken', async () => {
      const date = nextDate();
      for (let i = 0; i < 8; i++) {
        const member = await aMember(t);
        const res = await book(t, admin, {
          room_type: 'PRIVATE',
          user_id: member,
          date,
          time_slot: '12:00:00',
        });
        expect(res.body.room?.room_number).toBe(`P0${i + 1}`);
      }
      const res = await book(t, alice, { room_type: 'PRIVATE', date, time_slot: '12:00:00' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'SLOT_TAKEN',
        detail: 'No available room for the selected slot and type.',
        error: 'No available room for the selected slot and type.',
      });
    });

    it('lets an admin book for someone else, recorded as the creator', async () => {
      const member = await aMember(t, { name: 'Walk In' });
      const res = await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: member,
        date: nextDate(),
        time_slot: '09:00:00',
      });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({ id: member, name: 'Walk In' });
      expect(res.body.created_by).toBe(admin.id);
    });

    it('refuses a non-admin booking for someone else with 403', async () => {
      const member = await aMember(t);
      const res = await book(t, alice, {
        room_type: 'PRIVATE',
        user_id: member,
        date: nextDate(),
        time_slot: '09:00:00',
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('BOOKING_FORBIDDEN');
    });

    it('refuses a child in a private room', async () => {
      const child = await aMember(t, { age: 7 });
      const res = await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: child,
        date: nextDate(),
        time_slot: '09:00:00',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_PARTY');
    });

    it('refuses an unknown or deleted member id with 400 naming it', async () => {
      const deleted = await aMember(t);
      await t.db.query(`UPDATE members SET deleted_at = now() WHERE id = $1`, [deleted]);
      for (const id of [999999, deleted]) {
        const res = await book(t, admin, {
          room_type: 'PRIVATE',
          user_id: id,
          date: nextDate(),
          time_slot: '09:00:00',
        });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('UNKNOWN_MEMBERS');
        expect(res.body.detail).toContain(String(id));
      }
    });
  });

  describe('conference rooms', () => {
    it('books the lowest free conference room for a team of three, children counted', async () => {
      const date = nextDate();
      const kid = await aMember(t, { age: 6 });
      const bob = await registerUser(t);
      const team = await aTeam(t, [alice.id, bob.id, kid], 'Platform');
      const res = await book(t, alice, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '14:00:00',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        booking_id: `BK${date.replace(/-/g, '')}140000C01`,
        room: { room_number: 'C01', room_type: 'CONFERENCE', capacity: 6 },
        user: null,
        team: { id: team, name: 'Platform', size: 3, adult_count: 2 },
        seats: [],
      });
      // Every team member is now busy at 14:00, whatever the room type.
      const clash = await book(t, bob, { room_type: 'PRIVATE', date, time_slot: '14:00:00' });
      expect(clash.status).toBe(409);
      expect(clash.body.code).toBe('MEMBER_DOUBLE_BOOKED');
    });

    it('refuses a team of two with "Conference rooms require teams of 3 or more"', async () => {
      const team = await aTeam(t, [alice.id, await aMember(t)]);
      const res = await book(t, alice, {
        room_type: 'CONFERENCE',
        team_id: team,
        date: nextDate(),
        time_slot: '14:00:00',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'TEAM_TOO_SMALL',
        detail: 'Conference rooms require teams of 3 or more',
      });
    });

    it('refuses a team whose adults exceed the room capacity', async () => {
      const members = [alice.id];
      for (let i = 0; i < 6; i++) members.push(await aMember(t));
      const team = await aTeam(t, members);
      const res = await book(t, alice, {
        room_type: 'CONFERENCE',
        team_id: team,
        date: nextDate(),
        time_slot: '14:00:00',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('TEAM_TOO_LARGE');
    });

    it('seats six adults plus children (children take no seat)', async () => {
      const members = [alice.id];
      for (let i = 0; i < 5; i++) members.push(await aMember(t));
      members.push(await aMember(t, { age: 4 }), await aMember(t, { age: 8 }));
      const team = await aTeam(t, members);
      const res = await book(t, alice, {
        room_type: 'CONFERENCE',
        team_id: team,
        date: nextDate(),
        time_slot: '14:00:00',
      });
      expect(res.status).toBe(201);
      expect(res.body.team).toMatchObject({ size: 8, adult_count: 6 });
    });

    it('refuses a team the caller is not in (403), an unknown team (404)', async () => {
      const team = await aTeam(t, [await aMember(t), await aMember(t), await aMember(t)]);
      const date = nextDate();
      const forbidden = await book(t, alice, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '14:00:00',
      });
      expect(forbidden.status).toBe(403);
      const unknown = await book(t, admin, {
        room_type: 'CONFERENCE',
        team_id: 999999,
        date,
        time_slot: '14:00:00',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('TEAM_NOT_FOUND');
      const byAdmin = await book(t, admin, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '14:00:00',
      });
      expect(byAdmin.status).toBe(201);
    });

    it('answers 409 when all four conference rooms are taken', async () => {
      const date = nextDate();
      for (let i = 0; i < 4; i++) {
        const team = await aTeam(t, [await aMember(t), await aMember(t), await aMember(t)]);
        const res = await book(t, admin, {
          room_type: 'CONFERENCE',
          team_id: team,
          date,
          time_slot: '15:00:00',
        });
        expect(res.body.room?.room_number).toBe(`C0${i + 1}`);
      }
      const team = await aTeam(t, [alice.id, await aMember(t), await aMember(t)]);
      const res = await book(t, alice, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '15:00:00',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SLOT_TAKEN');
    });
  });

  describe('shared desks', () => {
    it('seats a group at S01 lowest seats first, the next group at the first desk that fits', async () => {
      const date = nextDate();
      const [b, c, d, e] = [await aMember(t), await aMember(t), await aMember(t), await aMember(t)];
      const first = await book(t, alice, {
        room_type: 'SHARED_DESK',
        user_ids: [alice.id, b, c],
        date,
        time_slot: '11:00:00',
      });
      expect(first.status).toBe(201);
      expect(first.body.room.room_number).toBe('S01');
      expect(first.body.booking_id).toBe(`BK${date.replace(/-/g, '')}110000S01`);
      expect(
        first.body.seats.map((s: { seat_number: number; user: { id: number } }) => [
          s.seat_number,
          s.user.id,
        ]),
      ).toEqual([
        [1, alice.id],
        [2, b],
        [3, c],
      ]);
      expect(first.body).toMatchObject({ user: null, team: null });

      const pair = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [d, e],
        date,
        time_slot: '11:00:00',
      });
      expect(pair.body.room.room_number).toBe('S02');
      expect(pair.body.seats.map((s: { seat_number: number }) => s.seat_number)).toEqual([1, 2]);

      const single = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t)],
        date,
        time_slot: '11:00:00',
      });
      expect(single.body.room.room_number).toBe('S01');
      expect(single.body.seats[0].seat_number).toBe(4);
      // A second group at the same desk, slot and start gets its own id.
      expect(single.body.booking_id).toBe(`BK${date.replace(/-/g, '')}110000S01-2`);
    });

    it('defaults to the caller alone', async () => {
      const res = await book(t, alice, {
        room_type: 'SHARED_DESK',
        date: nextDate(),
        time_slot: '11:00:00',
      });
      expect(res.status).toBe(201);
      expect(res.body.seats).toEqual([
        { seat_number: 1, user: expect.objectContaining({ id: alice.id }) },
      ]);
    });

    it('lists children without a seat', async () => {
      const kid = await aMember(t, { age: 5, name: 'Kid' });
      const res = await book(t, alice, {
        room_type: 'SHARED_DESK',
        user_ids: [kid, alice.id],
        date: nextDate(),
        time_slot: '11:00:00',
      });
      expect(res.status).toBe(201);
      expect(res.body.seats).toEqual([
        { seat_number: 1, user: expect.objectContaining({ id: alice.id, is_child: false }) },
        { seat_number: null, user: expect.objectContaining({ id: kid, is_child: true }) },
      ]);
    });

    it('refuses a child alone (a booking needs an adult)', async () => {
      const kid = await aMember(t, { age: 5 });
      const res = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [kid],
        date: nextDate(),
        time_slot: '11:00:00',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_PARTY');
    });

    it('refuses duplicate, unknown, too many, or other people only', async () => {
      const date = nextDate();
      const dup = await book(t, alice, {
        room_type: 'SHARED_DESK',
        user_ids: [alice.id, alice.id],
        date,
        time_slot: '11:00:00',
      });
      expect(dup.status).toBe(400);
      expect(dup.body.code).toBe('VALIDATION_FAILED');

      const unknown = await book(t, alice, {
        room_type: 'SHARED_DESK',
        user_ids: [alice.id, 999998, 999999],
        date,
        time_slot: '11:00:00',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('UNKNOWN_MEMBERS');
      // Which ids are unknown (never existed or deleted) is told to admins only.
      expect(unknown.body.detail).not.toContain('999998');
      expect(unknown.body.errors).toEqual([
        { field: 'user_ids', message: 'One or more of the given members do not exist' },
      ]);
      const unknownToAdmin = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [alice.id, 999998, 999999],
        date,
        time_slot: '11:00:00',
      });
      expect(unknownToAdmin.status).toBe(400);
      expect(unknownToAdmin.body.detail).toContain('999998, 999999');

      const five = await book(t, alice, {
        room_type: 'SHARED_DESK',
        user_ids: [alice.id, 2, 3, 4, 5],
        date,
        time_slot: '11:00:00',
      });
      expect(five.status).toBe(400);

      const others = await book(t, alice, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t)],
        date,
        time_slot: '11:00:00',
      });
      expect(others.status).toBe(403);
      expect(others.body.code).toBe('BOOKING_FORBIDDEN');
    });

    it('needs a seat free in every hour of a multi-hour booking', async () => {
      const date = nextDate();
      // S01: seats 1-3 taken at 10:00, seat 4 at 11:00 => a 10-12 single goes to S02.
      await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t), await aMember(t), await aMember(t)],
        date,
        time_slot: '10:00:00',
      });
      await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t), await aMember(t), await aMember(t), await aMember(t)],
        date,
        time_slot: '11:00:00',
      });
      const res = await book(t, alice, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '10:00:00',
        end_time: '12:00:00',
      });
      expect(res.status).toBe(201);
      expect(res.body.room.room_number).toBe('S02');
    });
  });

  describe('member double booking', () => {
    it('is a 409 naming the member, whatever the room type', async () => {
      const date = nextDate();
      const bob = await registerUser(t, { name: 'Bob Busy' });
      const desk = await book(t, bob, {
        room_type: 'SHARED_DESK',
        user_ids: [bob.id],
        date,
        time_slot: '13:00:00',
      });
      expect(desk.status).toBe(201);
      const res = await book(t, bob, { room_type: 'PRIVATE', date, time_slot: '13:00:00' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MEMBER_DOUBLE_BOOKED');
      expect(res.body.detail).toContain('Bob Busy');

      const team = await aTeam(t, [alice.id, bob.id, await aMember(t)]);
      const conf = await book(t, alice, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '13:00:00',
      });
      expect(conf.status).toBe(409);
      expect(conf.body.detail).toContain('Bob Busy');
      // Nothing was written by the refused attempts.
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM bookings WHERE date = $1`, [
        date,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('is checked across overlapping hour ranges', async () => {
      const date = nextDate();
      const bob = await registerUser(t, { name: 'Bob Ranges' });
      await book(t, bob, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        end_time: '13:00:00',
      });
      const res = await book(t, bob, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '12:00:00',
        end_time: '14:00:00',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MEMBER_DOUBLE_BOOKED');
      const ok = await book(t, bob, { room_type: 'SHARED_DESK', date, time_slot: '13:00:00' });
      expect(ok.status).toBe(201);
    });
  });

  describe('multi-hour bookings', () => {
    it('claims every hour atomically: all or none', async () => {
      const date = nextDate();
      const res = await book(t, alice, {
        room_type: 'PRIVATE',
        date,
        time_slot: '15:00:00',
        end_time: '18:00:00',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ time_slot: '15:00:00', end_time: '18:00:00' });
      const { rows } = await t.db.query(
        `SELECT hour FROM room_claims c JOIN bookings b ON b.id = c.booking_id
         WHERE b.booking_id = $1 ORDER BY hour`,
        [res.body.booking_id],
      );
      expect(rows.map((r: { hour: number }) => r.hour)).toEqual([15, 16, 17]);

      // P01 is busy 15-18 but free at 14: a 14:00 booking gets it; 14-16 needs P02.
      const bob = await registerUser(t);
      const r1 = await book(t, bob, { room_type: 'PRIVATE', date, time_slot: '14:00:00' });
      expect(r1.body.room.room_number).toBe('P01');
      const carol = await registerUser(t);
      const r2 = await book(t, carol, {
        room_type: 'PRIVATE',
        date,
        time_slot: '13:00:00',
        end_time: '16:00:00',
      });
      expect(r2.body.room.room_number).toBe('P02');
    });

    it('writes nothing when one hour of the range is full', async () => {
      const date = nextDate();
      for (let i = 0; i < 8; i++) {
        await book(t, admin, {
          room_type: 'PRIVATE',
          user_id: await aMember(t),
          date,
          time_slot: '16:00:00',
        });
      }
      const res = await book(t, alice, {
        room_type: 'PRIVATE',
        date,
        time_slot: '14:00:00',
        end_time: '17:00:00',
      });
      expect(res.status).toBe(409);
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM member_claims WHERE member_id = $1 AND date = $2`,
        [alice.id, date],
      );
      expect(rows[0].n).toBe(0);
    });
  });

  describe('time rules', () => {
    it.each([
      ['10:30:00', undefined],
      ['10:00:30', undefined],
      ['08:00:00', undefined],
      ['18:00:00', undefined],
      ['25:00:00', undefined],
      ['10:00:00', '09:00:00'],
      ['10:00:00', '10:00:00'],
      ['10:00:00', '19:00:00'],
      ['10:00:00', '11:30:00'],
      ['17:00:00', '18:30:00'],
      ['10:00:00', '24:00:00'],
    ])('time_slot %s end_time %s -> 400 INVALID_TIME_SLOT', async (timeSlot, endTime) => {
      const res = await book(t, alice, {
        room_type: 'PRIVATE',
        date: addDaysTo(TODAY, 80),
        time_slot: timeSlot,
        ...(endTime ? { end_time: endTime } : {}),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_TIME_SLOT');
      expect(res.body.errors).toEqual([
        { field: endTime ? 'end_time' : 'time_slot', message: res.body.detail },
      ]);
    });

    it('treats end_time null like an absent end_time (one hour)', async () => {
      const res = await book(t, alice, {
        room_type: 'PRIVATE',
        date: addDaysTo(TODAY, 79),
        time_slot: '15:00:00',
        end_time: null,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ time_slot: '15:00:00', end_time: '16:00:00' });
    });

    it.each(['2026-02-30', '2030-13-01', '2030-1-16', '16/01/2030', '', 'tomorrow'])(
      'date %j -> 400',
      async (date) => {
        const res = await book(t, alice, { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'date' })]),
        );
      },
    );

    it('refuses an hour already begun today and past dates (SLOT_IN_PAST)', async () => {
      for (const [date, timeSlot] of [
        [TODAY, '10:00:00'],
        [TODAY, '09:00:00'],
        [addDaysTo(TODAY, -1), '15:00:00'],
        ['2020-01-01', '10:00:00'],
      ]) {
        const res = await book(t, alice, { room_type: 'PRIVATE', date, time_slot: timeSlot });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('SLOT_IN_PAST');
      }
      const later = await book(t, alice, {
        room_type: 'SHARED_DESK',
        date: TODAY,
        time_slot: '11:00:00',
      });
      expect(later.status).toBe(201);
    });

    it('refuses dates beyond BOOKING_HORIZON_DAYS', async () => {
      const edge = await book(t, alice, {
        room_type: 'PRIVATE',
        date: addDaysTo(TODAY, 90),
        time_slot: '10:00:00',
      });
      expect(edge.status).toBe(201);
      const beyond = await book(t, alice, {
        room_type: 'PRIVATE',
        date: addDaysTo(TODAY, 91),
        time_slot: '10:00:00',
      });
      expect(beyond.status).toBe(400);
      expect(beyond.body.code).toBe('BEYOND_BOOKING_HORIZON');
    });
  });

  describe('malformed requests are 400, never 500', () => {
    const valid = () => ({
      room_type: 'PRIVATE',
      date: addDaysTo(TODAY, 85),
      time_slot: '10:00:00',
    });
    it.each<[string, Record<string, unknown>]>([
      ['unknown room_type', { room_type: 'OFFICE' }],
      ['lowercase room_type', { room_type: 'private' }],
      ['missing room_type', { room_type: undefined }],
      ['missing date', { date: undefined }],
      ['missing time_slot', { time_slot: undefined }],
      ['numeric date', { date: 20300116 }],
      ['numeric time_slot', { time_slot: 10 }],
      ['string user_id', { user_id: '5' }],
      ['fractional user_id', { user_id: 1.5 }],
      ['negative user_id', { user_id: -1 }],
      ['huge user_id', { user_id: 1e12 }],
      ['extra field', { colour: 'blue' }],
      ['team_id on a private booking', { team_id: 1 }],
      ['user_ids on a private booking', { user_ids: [1] }],
      ['user_id on a conference booking', { room_type: 'CONFERENCE', team_id: 1, user_id: 1 }],
      ['conference without team_id', { room_type: 'CONFERENCE' }],
      ['string team_id', { room_type: 'CONFERENCE', team_id: 'one' }],
      ['user_ids not an array', { room_type: 'SHARED_DESK', user_ids: 5 }],
      ['user_ids of strings', { room_type: 'SHARED_DESK', user_ids: ['a'] }],
      ['empty user_ids', { room_type: 'SHARED_DESK', user_ids: [] }],
      ['user_id on a desk booking', { room_type: 'SHARED_DESK', user_id: 1 }],
      ['numeric end_time', { end_time: 11 }],
    ])('%s', async (_name, patch) => {
      const res = await book(t, alice, { ...valid(), ...patch });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers a JSON array body, a string body and malformed JSON with 400', async () => {
      for (const body of ['[1,2]', '"text"', '{"room_type":']) {
        const res = await request(t.url)
          .post('/api/v1/bookings/')
          .set(bearer(alice.access))
          .set('Content-Type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
      }
    });

    it('requires a token', async () => {
      await request(t.url).post('/api/v1/bookings/').send(valid()).expect(401);
    });
  });

  it('leaves claims matching the active bookings exactly', async () => {
    expect(await invariantViolations(t)).toEqual([]);
  });
});
