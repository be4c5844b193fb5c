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
  book,
  cancel,
  dateSequence,
  invariantViolations,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface MemberJson {
  id: number;
  name: string;
  is_child: boolean;
  age?: number;
  gender?: string;
}

interface BookingJson {
  booking_id: string;
  status: string;
  room: { room_number: string };
  user: MemberJson | null;
  team: { size: number; adult_count: number } | null;
  seats: { seat_number: number | null; user: MemberJson }[];
}

/** Leaving a booking one did not create, and what members see of each other in bookings. */
describe('leaving a booking', () => {
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

  const leave = (user: Booker, bookingId: string, slash = '/') =>
    request(t.url).post(`/api/v1/bookings/${bookingId}/leave${slash}`).set(bearer(user.access));
  const get = (user: Booker, path: string) => request(t.url).get(path).set(bearer(user.access));
  const seatHolders = (b: BookingJson) => b.seats.map((s) => s.user.id);

  async function claimsOf(bookingId: string) {
    const { rows } = await t.db.query<{ seats: number[]; members: number[] }>(
      `SELECT ARRAY(SELECT DISTINCT seat_number FROM room_claims c WHERE c.booking_id = b.id ORDER BY 1)::int[] AS seats,
              ARRAY(SELECT DISTINCT member_id FROM member_claims c WHERE c.booking_id = b.id ORDER BY 1)::int[] AS members
       FROM bookings b WHERE b.booking_id = $1`,
      [bookingId],
    );
    return rows[0];
  }

  async function statusOf(bookingId: string): Promise<string> {
    const { rows } = await t.db.query<{ status: string }>(
      `SELECT status FROM bookings WHERE booking_id = $1`,
      [bookingId],
    );
    return rows[0].status;
  }

  describe('the whole-day desk booking made for others', () => {
    it('frees the leaver at once: they book that hour elsewhere, their seat goes to someone else', async () => {
      const [a, b, c, e, d] = await Promise.all(Array.from({ length: 5 }, () => registerUser(t)));
      const date = nextDate();
      const made = await book(t, a, {
        room_type: 'SHARED_DESK',
        user_ids: [a.id, b.id, c.id, e.id],
        date,
        time_slot: '09:00:00',
        end_time: '18:00:00',
      }).expect(201);
      const id: string = made.body.booking_id;
      const desk: string = made.body.room.room_number;
      const seatOfB = (made.body as BookingJson).seats.find((s) => s.user.id === b.id)!.seat_number;

      // The hole: B is locked out of the whole day by someone else's request.
      const blocked = await book(t, b, { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
      expect(blocked.status).toBe(409);
      expect(blocked.body.code).toBe('MEMBER_DOUBLE_BOOKED');

      const left = await leave(b, id).expect(200);
      expect(left.body.booking_id).toBe(id);
      expect(left.body.status).toBe('ACTIVE');
      expect(seatHolders(left.body)).toEqual([a.id, c.id, e.id]);
      expect(await claimsOf(id)).toEqual({
        seats: [1, 2, 3, 4].filter((s) => s !== seatOfB),
        members: [a.id, c.id, e.id].sort((x, y) => x - y),
      });

      await book(t, b, { room_type: 'PRIVATE', date, time_slot: '10:00:00' }).expect(201);
      const taken = await book(t, d, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '09:00:00',
        end_time: '18:00:00',
      }).expect(201);
      expect(taken.body.room.room_number).toBe(desk);
      expect(taken.body.seats[0].seat_number).toBe(seatOfB);

      // B is now outside the booking: 404 like a stranger, absent from their lists.
      const hidden = await get(b, `/api/v1/bookings/${id}/`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('BOOKING_NOT_FOUND');
      const list = await get(b, `/api/v1/bookings/?date=${date}`).expect(200);
      expect(list.body.results.map((r: BookingJson) => r.booking_id)).not.toContain(id);
      const mine = await get(b, '/api/v1/bookings/my-bookings/').expect(200);
      const myIds = [...mine.body.active, ...mine.body.cancelled].map(
        (r: BookingJson) => r.booking_id,
      );
      expect(myIds).not.toContain(id);
      expect((await leave(b, id)).status).toBe(404);

      const seenByA = await get(a, `/api/v1/bookings/${id}`).expect(200);
      expect(seatHolders(seenByA.body)).toEqual([a.id, c.id, e.id]);

      await leave(c, id, '').expect(200);
      await leave(e, id).expect(200);
      const alone = await get(a, `/api/v1/bookings/${id}`).expect(200);
      expect(alone.body.status).toBe('ACTIVE');
      expect(seatHolders(alone.body)).toEqual([a.id]);
      expect(await invariantViolations(t)).toEqual([]);
    });

    it('cancels a desk booking left without an adult, freeing every seat and hour', async () => {
      const [b, c, d] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
      const kid = await aMember(t, { age: 6 });
      const date = nextDate();
      const made = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [b.id, c.id, kid],
        date,
        time_slot: '09:00:00',
        end_time: '18:00:00',
      }).expect(201);
      const id: string = made.body.booking_id;

      const first = await leave(b, id).expect(200);
      expect(first.body.status).toBe('ACTIVE');
      expect(seatHolders(first.body)).toEqual([c.id, kid]);

      const last = await leave(c, id).expect(200);
      expect(last.body.status).toBe('CANCELLED');
      expect(last.body.cancelled_at).not.toBeNull();
      expect(await claimsOf(id)).toEqual({ seats: [], members: [] });

      // The whole desk is free again: a party of four gets it.
      const others = await Promise.all([aMember(t), aMember(t), aMember(t)]);
      const taken = await book(t, d, {
        room_type: 'SHARED_DESK',
        user_ids: [d.id, ...others],
        date,
        time_slot: '09:00:00',
        end_time: '18:00:00',
      }).expect(201);
      expect(taken.body.room.room_number).toBe(made.body.room.room_number);
      expect(await invariantViolations(t)).toEqual([]);
    });
  });

  describe('who may leave', () => {
    it('refuses the creator with 409 CREATOR_CANNOT_LEAVE, even an admin who is not seated', async () => {
      const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
      const date = nextDate();
      const mine = await book(t, a, {
        room_type: 'SHARED_DESK',
        user_ids: [a.id, b.id],
        date,
        time_slot: '10:00:00',
      }).expect(201);
      const refused = await leave(a, mine.body.booking_id);
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('CREATOR_CANNOT_LEAVE');

      const forOthers = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [b.id],
        date,
        time_slot: '11:00:00',
      }).expect(201);
      expect((await leave(admin, forOthers.body.booking_id)).body.code).toBe(
        'CREATOR_CANNOT_LEAVE',
      );
      expect(await statusOf(mine.body.booking_id)).toBe('ACTIVE');
    });

    it('answers 404 for strangers, admins outside it, cancelled and unknown bookings', async () => {
      const [a, b, stranger] = await Promise.all([
        registerUser(t),
        registerUser(t),
        registerUser(t),
      ]);
      const made = await book(t, a, {
        room_type: 'SHARED_DESK',
        user_ids: [a.id, b.id],
        date: nextDate(),
        time_slot: '10:00:00',
      }).expect(201);
      const id: string = made.body.booking_id;
      for (const outsider of [stranger, admin]) {
        const res = await leave(outsider, id);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('BOOKING_NOT_FOUND');
      }
      for (const unknown of ['BK20300116100000P99', 'nothing', 'BK1']) {
        expect((await leave(b, unknown)).status).toBe(404);
      }
      await cancel(t, a, id).expect(200);
      const afterCancel = await leave(b, id);
      expect(afterCancel.status).toBe(404);
      expect(afterCancel.body.code).toBe('BOOKING_NOT_FOUND');
      await request(t.url).post(`/api/v1/bookings/${id}/leave/`).expect(401);
      const wrongMethod = await get(b, `/api/v1/bookings/${id}/leave/`);
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.allow).toBe('POST');
    });
  });

  it('keeps the room of a team booking: only the leaver is freed', async () => {
    const [lead, m1, m2, m3] = await Promise.all(Array.from({ length: 4 }, () => registerUser(t)));
    const team = await aTeam(t, [lead.id, m1.id, m2.id, m3.id, await aMember(t, { age: 7 })]);
    const date = nextDate();
    const made = await book(t, lead, {
      room_type: 'CONFERENCE',
      team_id: team,
      date,
      time_slot: '13:00:00',
      end_time: '15:00:00',
    }).expect(201);
    const id: string = made.body.booking_id;
    expect(made.body.team).toMatchObject({ size: 5, adult_count: 4 });

    const left = await leave(m1, id).expect(200);
    expect(left.body.status).toBe('ACTIVE');
    expect(left.body.room.room_number).toBe(made.body.room.room_number);
    expect(left.body.team).toMatchObject({ size: 4, adult_count: 3 });
    const claims = await claimsOf(id);
    expect(claims.seats).toEqual([0]);
    expect(claims.members).not.toContain(m1.id);
    expect(claims.members).toContain(m2.id);
    await book(t, m1, { room_type: 'PRIVATE', date, time_slot: '14:00:00' }).expect(201);
    expect((await get(m1, `/api/v1/bookings/${id}`)).status).toBe(404);
    const seenByLead = await get(lead, `/api/v1/bookings/${id}`).expect(200);
    expect(seenByLead.body.team).toMatchObject({ size: 4, adult_count: 3 });

    // Still in the team, but no longer in its booking: the member may be deleted.
    const busy = await request(t.url).delete(`/api/v1/users/${m2.id}/`).set(bearer(admin.access));
    expect(busy.body.code).toBe('MEMBER_IN_USE');
    await leave(m3, id).expect(200);
    await request(t.url).delete(`/api/v1/users/${m3.id}/`).set(bearer(admin.access)).expect(204);
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('cancels a private room when its occupant, booked by an admin, leaves', async () => {
    const occupant = await registerUser(t);
    const made = await book(t, admin, {
      room_type: 'PRIVATE',
      user_id: occupant.id,
      date: nextDate(),
      time_slot: '15:00:00',
    }).expect(201);
    const id: string = made.body.booking_id;
    const left = await leave(occupant, id).expect(200);
    expect(left.body.status).toBe('CANCELLED');
    expect(left.body.user).toBeNull();
    expect(await claimsOf(id)).toEqual({ seats: [], members: [] });
    expect((await get(occupant, `/api/v1/bookings/${id}`)).status).toBe(404);
    const seenByAdmin = await get(admin, `/api/v1/bookings/${id}`).expect(200);
    expect(seenByAdmin.body.status).toBe('CANCELLED');
    expect(await invariantViolations(t)).toEqual([]);
  });

  describe('what members see of each other in bookings', () => {
    const full = (m: MemberJson) => Object.keys(m).sort();
    const FULL = ['age', 'gender', 'id', 'is_child', 'name'];
    const SUMMARY = ['id', 'is_child', 'name'];

    it('shows a non-admin {id, name, is_child} of others and their own full record; admins all', async () => {
      const a = await registerUser(t, { age: 41, gender: 'F' });
      const b = await registerUser(t, { age: 29, gender: 'M' });
      const kid = await aMember(t, { age: 6, gender: 'F' });
      const date = nextDate();
      const created = await book(t, a, {
        room_type: 'SHARED_DESK',
        user_ids: [a.id, b.id, kid],
        date,
        time_slot: '16:00:00',
      }).expect(201);
      const id: string = created.body.booking_id;
      const shapes = (body: BookingJson) =>
        Object.fromEntries(body.seats.map((s) => [s.user.id, full(s.user)]));

      expect(shapes(created.body)).toEqual({ [a.id]: FULL, [b.id]: SUMMARY, [kid]: SUMMARY });
      const seatOfKid = (created.body as BookingJson).seats.find((s) => s.user.id === kid)!;
      expect(seatOfKid.user).toEqual({ id: kid, name: expect.any(String), is_child: true });

      const byB = await get(b, `/api/v1/bookings/${id}/`).expect(200);
      expect(shapes(byB.body)).toEqual({ [a.id]: SUMMARY, [b.id]: FULL, [kid]: SUMMARY });
      const listed = await get(b, `/api/v1/bookings/?date=${date}`).expect(200);
      expect(shapes(listed.body.results[0])).toEqual(shapes(byB.body));
      const mine = await get(b, '/api/v1/bookings/my-bookings/').expect(200);
      const inMine = mine.body.active.find((r: BookingJson) => r.booking_id === id);
      expect(shapes(inMine)).toEqual(shapes(byB.body));

      const byAdmin = await get(admin, `/api/v1/bookings/${id}/`).expect(200);
      expect(shapes(byAdmin.body)).toEqual({ [a.id]: FULL, [b.id]: FULL, [kid]: FULL });
      const adminList = await get(admin, `/api/v1/bookings/?date=${date}`).expect(200);
      expect(shapes(adminList.body.results[0])).toEqual(shapes(byAdmin.body));

      // The leave answer follows the same rule (the caller is gone from it).
      const left = await leave(b, id).expect(200);
      expect(shapes(left.body)).toEqual({ [a.id]: SUMMARY, [kid]: SUMMARY });
    });

    it('shows a private-room occupant in full to themself and to admins', async () => {
      const occupant = await registerUser(t, { age: 52, gender: 'O' });
      const made = await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: occupant.id,
        date: nextDate(),
        time_slot: '12:00:00',
      }).expect(201);
      expect(full(made.body.user)).toEqual(FULL);
      const seen = await get(occupant, `/api/v1/bookings/${made.body.booking_id}`).expect(200);
      expect(seen.body.user).toMatchObject({ id: occupant.id, age: 52, gender: 'O' });
    });
  });

  describe('under concurrency', () => {
    it('a leave racing the cancel of the same booking: both answered, state consistent', async () => {
      const pairs = await Promise.all(
        Array.from({ length: 6 }, async () => [await registerUser(t), await registerUser(t)]),
      );
      const date = nextDate();
      const made = await Promise.all(
        pairs.map(([a, b], i) =>
          book(t, a, {
            room_type: 'SHARED_DESK',
            user_ids: [a.id, b.id],
            date,
            time_slot: `${String(9 + i).padStart(2, '0')}:00:00`,
          }).expect(201),
        ),
      );
      const ids = made.map((r) => r.body.booking_id as string);
      const answers = await Promise.all(
        pairs.flatMap(([a, b], i) => [cancel(t, a, ids[i]), leave(b, ids[i])]),
      );
      for (let i = 0; i < ids.length; i++) {
        const [cancelled, left] = [answers[2 * i], answers[2 * i + 1]];
        expect(cancelled.status).toBe(200);
        // Serialised by the booking row: a leave that went first saw the booking still active
        // (A in it) and left its mark; one that came second found it cancelled (404).
        const { rows } = await t.db.query<{ left: boolean }>(
          `SELECT p.left_at IS NOT NULL AS left FROM booking_participants p
           JOIN bookings b ON b.id = p.booking_id WHERE b.booking_id = $1 AND p.member_id = $2`,
          [ids[i], pairs[i][1].id],
        );
        const answered = [left.status, left.status === 200 ? left.body.status : left.body.code];
        expect(answered).toEqual(rows[0].left ? [200, 'ACTIVE'] : [404, 'BOOKING_NOT_FOUND']);
        expect(await statusOf(ids[i])).toBe('CANCELLED');
        expect(await claimsOf(ids[i])).toEqual({ seats: [], members: [] });
      }
      expect(await invariantViolations(t)).toEqual([]);
    });

    it('the last two adults leaving at once cancel the booking exactly once', async () => {
      const date = nextDate();
      const runs = await Promise.all(
        Array.from({ length: 5 }, async (_, i) => {
          const [b, c] = await Promise.all([registerUser(t), registerUser(t)]);
          const made = await book(t, admin, {
            room_type: 'SHARED_DESK',
            user_ids: [b.id, c.id, await aMember(t, { age: 5 })],
            date,
            time_slot: `${String(10 + i).padStart(2, '0')}:00:00`,
          }).expect(201);
          return { b, c, id: made.body.booking_id as string };
        }),
      );
      const answers = await Promise.all(
        runs.flatMap(({ b, c, id }) => [leave(b, id), leave(c, id)]),
      );
      for (let i = 0; i < runs.length; i++) {
        const statuses = [answers[2 * i], answers[2 * i + 1]].map((r) => r.status);
        expect(statuses).toEqual([200, 200]);
        const after = [answers[2 * i], answers[2 * i + 1]].map((r) => r.body.status as string);
        expect(after.sort()).toEqual(['ACTIVE', 'CANCELLED']);
        expect(await statusOf(runs[i].id)).toBe('CANCELLED');
        expect(await claimsOf(runs[i].id)).toEqual({ seats: [], members: [] });
      }
      expect(await invariantViolations(t)).toEqual([]);
    });
  });
});
