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
  Booker,
  TODAY,
  addDaysTo,
  book,
  cancel,
  dateSequence,
  invariantViolations,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface BookingJson {
  booking_id: string;
  status: string;
  date: string;
  time_slot: string;
  end_time: string;
  room: { room_number: string };
  seats: { seat_number: number | null; user: { id: number } }[];
  team: { id: number; size: number } | null;
  created_by: number;
  cancelled_at: string | null;
  rescheduled_from: string | null;
}

/** Choosing a room by number, and moving a booking (section 0 of the capabilities). */
describe('choosing a room and moving a booking', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock() });
    tolerateTeardownTermination(t);
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const reschedule = (user: Booker, bookingId: string, body: Record<string, unknown>) =>
    request(t.url)
      .post(`/api/v1/bookings/${bookingId}/reschedule/`)
      .set(bearer(user.access))
      .send(body);
  const at = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;

  /** Walk-in members booked by the admin into the named private rooms at one hour. */
  async function fillPrivate(date: string, hour: number, roomNumbers: string[]) {
    for (const roomNumber of roomNumbers) {
      const userId = await aMember(t);
      await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: userId,
        date,
        time_slot: at(hour),
        room_number: roomNumber,
      }).expect(201);
    }
  }
  const privateRooms = (...except: string[]) =>
    [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `P0${n}`).filter((r) => !except.includes(r));

  /** Every booking with its claims, to prove a refused move changed nothing. */
  async function everything() {
    const { rows } = await t.db.query(
      `SELECT b.booking_id, b.status, b.cancelled_at, b.cancelled_by, b.rescheduled_from,
              ARRAY(SELECT c.room_id || ':' || c.seat_number || ':' || c.date || ':' || c.hour
                      FROM room_claims c WHERE c.booking_id = b.id ORDER BY 1) AS room_claims,
              ARRAY(SELECT c.member_id || ':' || c.date || ':' || c.hour
                      FROM member_claims c WHERE c.booking_id = b.id ORDER BY 1) AS member_claims
       FROM bookings b ORDER BY b.id`,
    );
    return rows;
  }

  async function claimsOf(bookingId: string) {
    const { rows } = await t.db.query<{ room_number: string; date: string; hour: number }>(
      `SELECT r.room_number, c.date::text AS date, c.hour FROM room_claims c
       JOIN rooms r ON r.id = c.room_id JOIN bookings b ON b.id = c.booking_id
       WHERE b.booking_id = $1 ORDER BY c.date, c.hour, c.seat_number`,
      [bookingId],
    );
    return rows.map((r) => `${r.room_number} ${r.date} ${r.hour}`);
  }

  describe('room_number on a new booking', () => {
    it('books the named room, not the first free one', async () => {
      const ada = await registerUser(t);
      const date = nextDate();
      const res = await book(t, ada, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        room_number: 'P05',
      }).expect(201);
      expect(res.body.room.room_number).toBe('P05');
      expect(res.body.booking_id).toBe(`BK${date.replace(/-/g, '')}100000P05`);
      expect(await claimsOf(res.body.booking_id)).toEqual([`P05 ${date} 10`]);
    });

    it('normalises a lower-case (and padded) room number', async () => {
      const [ada, bob] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const lower = await book(t, ada, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        room_number: 'p04',
      }).expect(201);
      expect(lower.body.room.room_number).toBe('P04');
      const padded = await book(t, bob, {
        room_type: 'CONFERENCE',
        team_id: await aTeam(t, [bob.id, await aMember(t), await aMember(t)]),
        date,
        time_slot: '10:00:00',
        room_number: ' c03 ',
      }).expect(201);
      expect(padded.body.room.room_number).toBe('C03');
    });

    it('is 409 SLOT_TAKEN when the named room is taken, though others are free', async () => {
      const [ada, bob] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      await book(t, ada, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        end_time: '12:00:00',
        room_number: 'P02',
      }).expect(201);
      const before = await everything();
      const res = await book(t, bob, {
        room_type: 'PRIVATE',
        date,
        time_slot: '11:00:00',
        room_number: 'P02',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SLOT_TAKEN');
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await everything()).toEqual(before);
      await book(t, bob, { room_type: 'PRIVATE', date, time_slot: '11:00:00' }).expect(201);
    });

    it('a desk: 409 when it lacks a free seat for every adult in every hour', async () => {
      const date = nextDate();
      // S01: three seats taken at 10, one at 11.
      const three = await Promise.all([aMember(t), aMember(t), aMember(t)]);
      await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: three,
        date,
        time_slot: '10:00:00',
        room_number: 'S01',
      }).expect(201);
      await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t)],
        date,
        time_slot: '11:00:00',
        room_number: 'S01',
      }).expect(201);
      const [ada, bob] = [await registerUser(t), await registerUser(t)];
      const kid = await aMember(t, { age: 6 });
      const pair = { room_type: 'SHARED_DESK', user_ids: [ada.id, bob.id, kid], date };
      const refused = await book(t, ada, {
        ...pair,
        time_slot: '10:00:00',
        end_time: '12:00:00',
        room_number: 'S01',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('SLOT_TAKEN');
      // One adult fits at 11 alone (three seats free): the child takes no seat.
      const fits = await book(t, ada, {
        room_type: 'SHARED_DESK',
        user_ids: [ada.id, kid],
        date,
        time_slot: '11:00:00',
        room_number: 'S01',
      }).expect(201);
      expect(fits.body.seats.map((s: { seat_number: number | null }) => s.seat_number)).toEqual([
        2,
        null,
      ]);
    });

    it('is 400 ROOM_TYPE_MISMATCH for a room of another type, naming it', async () => {
      const ada = await registerUser(t);
      const res = await book(t, ada, {
        room_type: 'PRIVATE',
        date: nextDate(),
        time_slot: '10:00:00',
        room_number: 'S01',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'ROOM_TYPE_MISMATCH',
        detail: 'Room S01 is a SHARED_DESK room, not PRIVATE.',
        errors: [{ field: 'room_number' }],
      });
    });

    it('is 404 ROOM_NOT_FOUND for an unknown room', async () => {
      const ada = await registerUser(t);
      const res = await book(t, ada, {
        room_type: 'PRIVATE',
        date: nextDate(),
        time_slot: '10:00:00',
        room_number: 'P99',
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ROOM_NOT_FOUND');
      expect(res.body.detail).toBe('There is no room P99.');
    });

    it.each([
      ['punctuation', 'P.01'],
      ['too long', 'P0123456789'],
      ['empty', ''],
      ['blank', '   '],
      ['a number', 1],
      ['an array', ['P01']],
    ])('refuses a malformed room_number (%s) with 400 naming it', async (_name, roomNumber) => {
      const ada = await registerUser(t);
      const res = await book(t, ada, {
        room_type: 'PRIVATE',
        date: nextDate(),
        time_slot: '10:00:00',
        room_number: roomNumber,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('room_number');
    });

    it('null is the same as not naming a room', async () => {
      const ada = await registerUser(t);
      const res = await book(t, ada, {
        room_type: 'PRIVATE',
        date: nextDate(),
        time_slot: '10:00:00',
        room_number: null,
      }).expect(201);
      expect(res.body.room.room_number).toBe('P01');
    });
  });

  describe('POST /api/v1/bookings/{booking_id}/reschedule/', () => {
    it('moves within the day keeping the room; the old booking is CANCELLED', async () => {
      const ada = await registerUser(t);
      const date = nextDate();
      const old = await book(t, ada, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        room_number: 'P03',
      }).expect(201);
      const oldId: string = old.body.booking_id;

      const moved = await reschedule(ada, oldId, { time_slot: '14:00:00' }).expect(200);
      const body = moved.body as BookingJson;
      expect(body).toMatchObject({
        booking_id: `BK${date.replace(/-/g, '')}140000P03`,
        status: 'ACTIVE',
        date,
        time_slot: '14:00:00',
        end_time: '15:00:00',
        room: { room_number: 'P03' },
        created_by: ada.id,
        rescheduled_from: oldId,
      });
      expect(await claimsOf(body.booking_id)).toEqual([`P03 ${date} 14`]);
      expect(await claimsOf(oldId)).toEqual([]);

      const before = await request(t.url)
        .get(`/api/v1/bookings/${oldId}/`)
        .set(bearer(ada.access))
        .expect(200);
      expect(before.body.status).toBe('CANCELLED');
      expect(before.body.cancelled_at).not.toBeNull();
      expect(before.body.rescheduled_from).toBeNull();
      const { rows } = await t.db.query(`SELECT cancelled_by FROM bookings WHERE booking_id = $1`, [
        oldId,
      ]);
      expect(rows[0].cancelled_by).toBe(ada.id);

      // GET, lists and my-bookings show the link too.
      const got = await request(t.url)
        .get(`/api/v1/bookings/${body.booking_id}`)
        .set(bearer(ada.access))
        .expect(200);
      expect(got.body.rescheduled_from).toBe(oldId);
      const mine = await request(t.url)
        .get('/api/v1/bookings/my-bookings/')
        .set(bearer(ada.access))
        .expect(200);
      expect(mine.body.active.map((b: BookingJson) => b.booking_id)).toEqual([body.booking_id]);
      expect(mine.body.cancelled.map((b: BookingJson) => b.booking_id)).toEqual([oldId]);

      // The hour it left is free again; the old id is gone for good.
      await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: await aMember(t),
        date,
        time_slot: '10:00:00',
        room_number: 'P03',
      }).expect(201);
      const again = await reschedule(ada, oldId, { time_slot: '15:00:00' });
      expect(again.status).toBe(404);
      expect(again.body.detail).toBe('Booking not found or already cancelled');
      expect(await invariantViolations(t)).toEqual([]);
    });

    it('takes the first free room when its own is taken at the new hour', async () => {
      const ada = await registerUser(t);
      const date = nextDate();
      const old = await book(t, ada, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        room_number: 'P06',
      }).expect(201);
      await fillPrivate(date, 13, ['P01', 'P06']);
      const moved = await reschedule(ada, old.body.booking_id, { time_slot: '13:00:00' }).expect(
        200,
      );
      expect(moved.body.room.room_number).toBe('P02');
    });

    it('is 409 for a taken hour and changes nothing', async () => {
      const ada = await registerUser(t);
      const date = nextDate();
      const old = await book(t, ada, { room_type: 'PRIVATE', date, time_slot: '11:00:00' }).expect(
        201,
      );
      await fillPrivate(date, 16, privateRooms());
      const before = await everything();
      const res = await reschedule(ada, old.body.booking_id, { time_slot: '16:00:00' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SLOT_TAKEN');
      expect(await everything()).toEqual(before);
      const named = await reschedule(ada, old.body.booking_id, {
        time_slot: '15:00:00',
        room_number: 'P01',
      });
      expect(named.status).toBe(200);
      expect(named.body.room.room_number).toBe('P01');
    });

    it('is 409 MEMBER_DOUBLE_BOOKED when someone in it is busy then, and changes nothing', async () => {
      const [ada, bob] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const desk = await book(t, ada, {
        room_type: 'SHARED_DESK',
        user_ids: [ada.id, bob.id],
        date,
        time_slot: '10:00:00',
      }).expect(201);
      await book(t, bob, { room_type: 'PRIVATE', date, time_slot: '15:00:00' }).expect(201);
      const before = await everything();
      const res = await reschedule(ada, desk.body.booking_id, { time_slot: '15:00:00' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MEMBER_DOUBLE_BOOKED');
      expect(res.body.detail).toContain(`member ${bob.id}`);
      expect(await everything()).toEqual(before);
    });

    it('moves a 2-hour booking by one hour onto its own hour, keeping the room', async () => {
      const ada = await registerUser(t);
      const date = nextDate();
      const old = await book(t, ada, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        end_time: '12:00:00',
        room_number: 'P04',
      }).expect(201);
      // Every other room is taken at 11 and 12: only its own room (busy at 11 with itself) fits.
      await fillPrivate(date, 11, privateRooms('P04'));
      await fillPrivate(date, 12, privateRooms('P04'));
      const moved = await reschedule(ada, old.body.booking_id, { time_slot: '11:00:00' }).expect(
        200,
      );
      expect(moved.body).toMatchObject({
        time_slot: '11:00:00',
        end_time: '13:00:00',
        room: { room_number: 'P04' },
      });
      expect(await claimsOf(moved.body.booking_id)).toEqual([`P04 ${date} 11`, `P04 ${date} 12`]);
      expect(await invariantViolations(t)).toEqual([]);
    });

    it('a desk booking moves with its party, the child included, the seats kept', async () => {
      const [ada, bob] = [await registerUser(t), await registerUser(t)];
      const kid = await aMember(t, { age: 7 });
      const date = nextDate();
      const old = await book(t, ada, {
        room_type: 'SHARED_DESK',
        user_ids: [ada.id, bob.id, kid],
        date,
        time_slot: '09:00:00',
        end_time: '12:00:00',
      }).expect(201);
      const moved = await reschedule(ada, old.body.booking_id, {
        time_slot: '10:00:00',
      }).expect(200);
      expect(moved.body.room.room_number).toBe('S01');
      expect(moved.body.end_time).toBe('13:00:00');
      expect((moved.body as BookingJson).seats.map((s) => [s.seat_number, s.user.id])).toEqual(
        (old.body as BookingJson).seats.map((s) => [s.seat_number, s.user.id]),
      );
      expect(await invariantViolations(t)).toEqual([]);
    });

    it('a team booking keeps its team and room; a team member may not move it', async () => {
      const ada = await registerUser(t);
      const bob = await registerUser(t);
      const team = await aTeam(t, [ada.id, bob.id, await aMember(t)]);
      const date = nextDate();
      const old = await book(t, ada, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '10:00:00',
        room_number: 'C02',
      }).expect(201);
      const refused = await reschedule(bob, old.body.booking_id, { time_slot: '11:00:00' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('CANCEL_FORBIDDEN');
      const moved = await reschedule(ada, old.body.booking_id, {
        end_time: '12:00:00',
      }).expect(200);
      expect(moved.body).toMatchObject({
        booking_id: `BK${date.replace(/-/g, '')}100000C02-2`,
        time_slot: '10:00:00',
        end_time: '12:00:00',
        room: { room_number: 'C02' },
        team: { id: team, size: 3 },
      });
    });

    it('moves to another date, same hours and room; the old date is freed', async () => {
      const ada = await registerUser(t);
      const date = nextDate();
      const later = nextDate();
      const old = await book(t, ada, {
        room_type: 'PRIVATE',
        date,
        time_slot: '15:00:00',
        end_time: '17:00:00',
        room_number: 'P07',
      }).expect(201);
      const moved = await reschedule(ada, old.body.booking_id, { date: later }).expect(200);
      expect(moved.body).toMatchObject({
        date: later,
        time_slot: '15:00:00',
        end_time: '17:00:00',
        room: { room_number: 'P07' },
        rescheduled_from: old.body.booking_id,
      });
      expect(await claimsOf(moved.body.booking_id)).toEqual([`P07 ${later} 15`, `P07 ${later} 16`]);
      expect(await claimsOf(old.body.booking_id)).toEqual([]);
      // And on to a third date, another hour and a named room, by an admin.
      const third = await reschedule(admin, moved.body.booking_id, {
        date: nextDate(),
        time_slot: '09:00:00',
        end_time: '10:00:00',
        room_number: 'p08',
      }).expect(200);
      expect(third.body).toMatchObject({
        time_slot: '09:00:00',
        end_time: '10:00:00',
        room: { room_number: 'P08' },
        created_by: ada.id,
        rescheduled_from: moved.body.booking_id,
      });
      expect(await invariantViolations(t)).toEqual([]);
    });

    it('a new time_slot alone keeps the duration, and must still end by 18:00', async () => {
      const ada = await registerUser(t);
      const old = await book(t, ada, {
        room_type: 'PRIVATE',
        date: nextDate(),
        time_slot: '09:00:00',
        end_time: '12:00:00',
      }).expect(201);
      const late = await reschedule(ada, old.body.booking_id, { time_slot: '16:00:00' });
      expect(late.status).toBe(400);
      expect(late.body.code).toBe('INVALID_TIME_SLOT');
      expect(late.body.errors).toEqual([
        {
          field: 'time_slot',
          message:
            "The booking's 3 hours from 16:00:00 would end after 18:00:00; give end_time too.",
        },
      ]);
      const moved = await reschedule(ada, old.body.booking_id, { time_slot: '15:00:00' }).expect(
        200,
      );
      expect([moved.body.time_slot, moved.body.end_time]).toEqual(['15:00:00', '18:00:00']);
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['an empty body', {}, 400, 'VALIDATION_FAILED'],
      ['a null field', { time_slot: null }, 400, 'VALIDATION_FAILED'],
      ['an unknown field', { room_type: 'CONFERENCE' }, 400, 'VALIDATION_FAILED'],
      ['a bad date', { date: '2030-02-30' }, 400, 'VALIDATION_FAILED'],
      ['a time off the hour', { time_slot: '10:30:00' }, 400, 'INVALID_TIME_SLOT'],
      ['an end before the start', { end_time: '09:00:00' }, 400, 'INVALID_TIME_SLOT'],
      ['a past date', { date: addDaysTo(TODAY, -1) }, 400, 'SLOT_IN_PAST'],
      ['an hour begun today', { date: TODAY, time_slot: '10:00:00' }, 400, 'SLOT_IN_PAST'],
      ['beyond the horizon', { date: addDaysTo(TODAY, 400) }, 400, 'BEYOND_BOOKING_HORIZON'],
      ['a room of another type', { room_number: 'C01' }, 400, 'ROOM_TYPE_MISMATCH'],
      ['an unknown room', { room_number: 'Z9' }, 404, 'ROOM_NOT_FOUND'],
      ['a malformed room', { room_number: 'P 01' }, 400, 'VALIDATION_FAILED'],
    ])('refuses %s and changes nothing', async (_name, change, status, code) => {
      const ada = await registerUser(t);
      const old = await book(t, ada, {
        room_type: 'PRIVATE',
        date: nextDate(),
        time_slot: '10:00:00',
        end_time: '12:00:00',
      }).expect(201);
      const before = await everything();
      const res = await reschedule(ada, old.body.booking_id, change);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await everything()).toEqual(before);
    });

    it('moves a booking later today that has not begun; a begun one is 404', async () => {
      const ada = await registerUser(t);
      // The same database seen two hours earlier, to make a booking that has now begun.
      const early = await startTestApp({
        clock: pinnedClock('2030-01-15T08:30:00Z'),
        database: t.database,
      });
      try {
        const begun = await book(early, ada, {
          room_type: 'PRIVATE',
          date: TODAY,
          time_slot: '10:00:00',
          end_time: '12:00:00',
        }).expect(201);
        const before = await everything();
        const res = await reschedule(ada, begun.body.booking_id, { time_slot: '14:00:00' });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({
          code: 'BOOKING_NOT_FOUND',
          detail: 'Booking not found or already cancelled',
        });
        expect(await everything()).toEqual(before);
      } finally {
        await early.close();
      }
      const soon = await book(t, ada, {
        room_type: 'PRIVATE',
        date: TODAY,
        time_slot: '13:00:00',
      }).expect(201);
      await reschedule(ada, soon.body.booking_id, { time_slot: '16:00:00' }).expect(200);
    });

    it('is 404 for a cancelled or unknown booking, 403 for a stranger', async () => {
      const [ada, eve] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const made = await book(t, ada, { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
      const id: string = made.body.booking_id;

      const stranger = await reschedule(eve, id, { time_slot: '11:00:00' });
      expect(stranger.status).toBe(403);
      expect(stranger.body).toMatchObject({
        code: 'CANCEL_FORBIDDEN',
        detail: 'You do not have permission to cancel this booking',
      });

      await cancel(t, ada, id).expect(200);
      const before = await everything();
      for (const [who, bookingId] of [
        [ada, id],
        [eve, id],
        [ada, `BK${date.replace(/-/g, '')}100000P08`],
        [ada, 'nonsense'],
      ] as const) {
        const res = await reschedule(who, bookingId, { time_slot: '11:00:00' });
        expect(res.status).toBe(404);
        expect(res.body.detail).toBe('Booking not found or already cancelled');
      }
      expect(await everything()).toEqual(before);
    });

    it('the private-room occupant booked by an admin may move it; it stays the admin’s', async () => {
      const ada = await registerUser(t);
      const made = await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: ada.id,
        date: nextDate(),
        time_slot: '10:00:00',
      }).expect(201);
      const moved = await reschedule(ada, made.body.booking_id, {
        time_slot: '12:00:00',
      }).expect(200);
      expect(moved.body.created_by).toBe(admin.id);
      expect(moved.body.user.id).toBe(ada.id);
      const { rows } = await t.db.query(`SELECT cancelled_by FROM bookings WHERE booking_id = $1`, [
        made.body.booking_id,
      ]);
      expect(rows[0].cancelled_by).toBe(ada.id);
    });
  });
});
