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
  book,
  cancel,
  dateSequence,
  invariantViolations,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface BookingJson {
  booking_id: string;
  date: string;
  status: string;
  room: { room_type: string };
}

/** Reading bookings (visibility, pagination, filters, my-bookings) and cancelling them. */
describe('reading and cancelling bookings', () => {
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

  const get = (user: RegisteredUser, path: string) =>
    request(t.url).get(path).set(bearer(user.access));

  describe('GET /api/v1/bookings/{booking_id}/', () => {
    it('shows a booking to its creator, participants and admins; 404 to anyone else', async () => {
      const owner = await registerUser(t);
      const mate = await registerUser(t);
      const stranger = await registerUser(t);
      const created = await book(t, owner, {
        room_type: 'SHARED_DESK',
        user_ids: [owner.id, mate.id],
        date: nextDate(),
        time_slot: '10:00:00',
      });
      const id: string = created.body.booking_id;
      // The same booking for each; how much of each member shows depends on the viewer
      // (bookings-leave.e2e-spec.ts checks that).
      const seatedIds = (body: { seats: { seat_number: number; user: { id: number } }[] }) => ({
        ...body,
        seats: body.seats.map((s) => [s.seat_number, s.user.id]),
      });
      expect((await get(owner, `/api/v1/bookings/${id}/`).expect(200)).body).toEqual(created.body);
      for (const viewer of [mate, admin]) {
        const res = await get(viewer, `/api/v1/bookings/${id}/`);
        expect(res.status).toBe(200);
        expect(seatedIds(res.body)).toEqual(seatedIds(created.body));
      }
      const hidden = await get(stranger, `/api/v1/bookings/${id}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('BOOKING_NOT_FOUND');
    });

    it.each([
      'nothing',
      'BK1',
      `BK20300116100000P01${'9'.repeat(40)}`,
      'BK20300116100000P01-x',
      "BK20300116100000P01'--",
      'BK99990116100000P99',
      '123',
    ])('answers %s with 404, never 500', async (id) => {
      const res = await get(admin, `/api/v1/bookings/${encodeURIComponent(id)}/`);
      expect(res.status).toBe(404);
      const cancelled = await cancel(t, admin, encodeURIComponent(id));
      expect(cancelled.status).toBe(404);
    });
  });

  describe('GET /api/v1/bookings/', () => {
    it('paginates in SQL with absolute next/previous links', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      const ids: string[] = [];
      for (const hour of ['09', '10', '11', '12', '13']) {
        const res = await book(t, user, {
          room_type: 'PRIVATE',
          date,
          time_slot: `${hour}:00:00`,
        });
        ids.push(res.body.booking_id);
      }
      const first = await get(user, '/api/v1/bookings/?page_size=2').expect(200);
      expect(first.body.count).toBe(5);
      expect(first.body.previous).toBeNull();
      expect(first.body.next).toMatch(/^http:\/\/api\.booking\.test\/api\/v1\/bookings\/\?/);
      expect(new URL(first.body.next).searchParams.get('page')).toBe('2');
      expect(new URL(first.body.next).searchParams.get('page_size')).toBe('2');
      expect(first.body.results.map((b: BookingJson) => b.booking_id)).toEqual(ids.slice(0, 2));

      const next = new URL(first.body.next);
      const second = await get(user, next.pathname + next.search).expect(200);
      expect(second.body.results.map((b: BookingJson) => b.booking_id)).toEqual(ids.slice(2, 4));
      expect(new URL(second.body.previous).searchParams.get('page')).toBe('1');

      const last = await get(user, '/api/v1/bookings/?page_size=2&page=3').expect(200);
      expect(last.body.next).toBeNull();
      expect(last.body.results).toHaveLength(1);

      const past = await get(user, '/api/v1/bookings/?page_size=2&page=4');
      expect(past.status).toBe(404);
      expect(past.body.code).toBe('PAGE_NOT_FOUND');
    });

    it('gives a new user an empty first page', async () => {
      const user = await registerUser(t);
      const res = await get(user, '/api/v1/bookings').expect(200);
      expect(res.body).toEqual({
        count: 0,
        count_estimated: false,
        next: null,
        previous: null,
        next_cursor: null,
        results: [],
      });
      await get(user, '/api/v1/bookings/?page=2').expect(404);
    });

    it('shows users what they created or take part in, admins everything', async () => {
      const lead = await registerUser(t);
      const member = await registerUser(t);
      const outsider = await registerUser(t);
      const team = await aTeam(t, [lead.id, member.id, await aMember(t, { age: 8 })]);
      const date = nextDate();
      const conf = await book(t, lead, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '16:00:00',
      });
      expect(conf.status).toBe(201);
      await book(t, outsider, { room_type: 'PRIVATE', date, time_slot: '16:00:00' });

      const seen = await get(member, `/api/v1/bookings/?date=${date}`).expect(200);
      expect(seen.body.results.map((b: BookingJson) => b.booking_id)).toEqual([
        conf.body.booking_id,
      ]);
      const all = await get(admin, `/api/v1/bookings/?date=${date}`).expect(200);
      expect(all.body.count).toBe(2);
    });

    it('filters by date range, room type and status', async () => {
      const user = await registerUser(t);
      const [d1, d2, d3] = [nextDate(), nextDate(), nextDate()];
      await book(t, user, { room_type: 'PRIVATE', date: d1, time_slot: '10:00:00' });
      const desk = await book(t, user, {
        room_type: 'SHARED_DESK',
        date: d2,
        time_slot: '10:00:00',
      });
      const gone = await book(t, user, { room_type: 'PRIVATE', date: d3, time_slot: '10:00:00' });
      await cancel(t, user, gone.body.booking_id).expect(200);

      const dates = async (query: string) =>
        (await get(user, `/api/v1/bookings/?${query}`).expect(200)).body.results.map(
          (b: BookingJson) => b.date,
        );
      expect(await dates(`date=${d2}`)).toEqual([d2]);
      expect(await dates(`date_from=${d2}`)).toEqual([d2, d3]);
      expect(await dates(`date_to=${d2}`)).toEqual([d1, d2]);
      expect(await dates(`date_from=${d1}&date_to=${d2}&room_type=SHARED_DESK`)).toEqual([d2]);
      expect(await dates('status=CANCELLED')).toEqual([d3]);
      expect(await dates('status=ACTIVE')).toEqual([d1, d2]);
      expect(desk.body.room.room_type).toBe('SHARED_DESK');
    });

    it('caps page_size at 100', async () => {
      const res = await get(admin, '/api/v1/bookings/?page_size=1000').expect(200);
      expect(res.body.results.length).toBeLessThanOrEqual(100);
    });

    it.each([
      'page=0',
      'page=-1',
      'page=abc',
      'page=1.5',
      'page_size=0',
      'page_size=x',
      'date=2026-02-30',
      'date_from=yesterday',
      'date_to=2030-13-01',
      'room_type=OFFICE',
      'status=DONE',
    ])('answers ?%s with 400', async (query) => {
      const res = await get(admin, `/api/v1/bookings/?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('ignores unknown query parameters, as every list does (cache busters, format=json)', async () => {
      const plain = await get(admin, '/api/v1/bookings/?page_size=5').expect(200);
      const extra = await get(admin, '/api/v1/bookings/?page_size=5&_=1732550000&format=json');
      expect(extra.status).toBe(200);
      expect(extra.body.results).toEqual(plain.body.results);
    });

    it('answers a page past 10,000 rows with 400 pointing at cursor, a huge page_size as capped', async () => {
      const far = await get(admin, `/api/v1/bookings/?page=${'9'.repeat(30)}`);
      expect(far.status).toBe(400);
      expect(far.body.code).toBe('VALIDATION_FAILED');
      expect(far.body.detail).toContain('cursor');
      const capped = await get(admin, `/api/v1/bookings/?page_size=${'9'.repeat(30)}`).expect(200);
      expect(capped.body.results.length).toBeLessThanOrEqual(100);
    });
  });

  describe('GET /api/v1/bookings/my-bookings/', () => {
    it('splits the caller history into active and cancelled, occupancies included', async () => {
      const me = await registerUser(t, { name: 'Mia Mine' });
      const lead = await registerUser(t);
      const date = nextDate();
      const mine = await book(t, me, { room_type: 'PRIVATE', date, time_slot: '09:00:00' });
      const dropped = await book(t, me, { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
      await cancel(t, me, dropped.body.booking_id).expect(200);
      const team = await aTeam(t, [lead.id, me.id, await aMember(t)]);
      const conf = await book(t, lead, {
        room_type: 'CONFERENCE',
        team_id: team,
        date,
        time_slot: '11:00:00',
      });
      const deskByAdmin = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t), me.id],
        date,
        time_slot: '12:00:00',
      });

      const res = await get(me, '/api/v1/bookings/my-bookings/').expect(200);
      expect(res.body.user_info).toEqual({ name: 'Mia Mine', username: me.username });
      expect(res.body).toMatchObject({
        total_bookings: 4,
        active_bookings: 3,
        cancelled_bookings: 1,
        released_bookings: 0,
      });
      expect(res.body.active.map((b: BookingJson) => b.booking_id)).toEqual([
        mine.body.booking_id,
        conf.body.booking_id,
        deskByAdmin.body.booking_id,
      ]);
      expect(res.body.cancelled[0]).toMatchObject({
        booking_id: dropped.body.booking_id,
        status: 'CANCELLED',
      });
      expect(res.body.cancelled[0].cancelled_at).toEqual(expect.any(String));
    });
  });

  describe('POST /api/v1/cancel/{booking_id}/', () => {
    it('cancels, frees the slot at once and keeps the row forever', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      const created = await book(t, user, {
        room_type: 'PRIVATE',
        date,
        time_slot: '14:00:00',
        end_time: '16:00:00',
      });
      const res = await cancel(t, user, created.body.booking_id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Booking cancelled successfully' });

      const { rows } = await t.db.query(
        `SELECT status, cancelled_at, cancelled_by,
                (SELECT count(*)::int FROM room_claims c WHERE c.booking_id = b.id) AS rc,
                (SELECT count(*)::int FROM member_claims c WHERE c.booking_id = b.id) AS mc,
                (SELECT count(*)::int FROM booking_participants p WHERE p.booking_id = b.id) AS pc
         FROM bookings b WHERE booking_id = $1`,
        [created.body.booking_id],
      );
      expect(rows[0]).toMatchObject({
        status: 'CANCELLED',
        cancelled_by: user.id,
        rc: 0,
        mc: 0,
        pc: 1,
      });
      expect(rows[0].cancelled_at).not.toBeNull();

      const again = await cancel(t, user, created.body.booking_id);
      expect(again.status).toBe(404);
      expect(again.body.detail).toBe('Booking not found or already cancelled');

      const seen = await get(user, `/api/v1/bookings/${created.body.booking_id}/`).expect(200);
      expect(seen.body.status).toBe('CANCELLED');

      // The same member and room are free again in both hours.
      const rebook = await book(t, user, {
        room_type: 'PRIVATE',
        date,
        time_slot: '15:00:00',
      });
      expect(rebook.body.room.room_number).toBe('P01');
    });

    it('lets cancel -> rebook -> cancel -> rebook run indefinitely with fresh ids', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      const compact = date.replace(/-/g, '');
      const ids: string[] = [];
      for (let round = 1; round <= 6; round++) {
        const res = await book(t, user, { room_type: 'PRIVATE', date, time_slot: '09:00:00' });
        expect(res.status).toBe(201);
        ids.push(res.body.booking_id);
        await cancel(t, user, res.body.booking_id).expect(200);
      }
      expect(ids).toEqual([
        `BK${compact}090000P01`,
        ...[2, 3, 4, 5, 6].map((n) => `BK${compact}090000P01-${n}`),
      ]);
    });

    it('refuses other participants and strangers with 403 (contract rule 9)', async () => {
      const lead = await registerUser(t);
      const member = await registerUser(t);
      const stranger = await registerUser(t);
      const team = await aTeam(t, [lead.id, member.id, await aMember(t)]);
      const conf = await book(t, lead, {
        room_type: 'CONFERENCE',
        team_id: team,
        date: nextDate(),
        time_slot: '12:00:00',
      });
      const id: string = conf.body.booking_id;

      const forbidden = await cancel(t, member, id);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({
        code: 'CANCEL_FORBIDDEN',
        detail: 'You do not have permission to cancel this booking',
      });
      const foreign = await cancel(t, stranger, id);
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatchObject({
        code: 'CANCEL_FORBIDDEN',
        detail: 'You do not have permission to cancel this booking',
      });
      // Unknown ids stay a 404 for everyone.
      const unknown = await cancel(t, stranger, `${id}-9`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe('Booking not found or already cancelled');
      await cancel(t, lead, id).expect(200);
    });

    it('lets the private-room occupant and admins cancel', async () => {
      const occupant = await registerUser(t);
      const date = nextDate();
      const byAdmin = await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: occupant.id,
        date,
        time_slot: '10:00:00',
      });
      await cancel(t, occupant, byAdmin.body.booking_id).expect(200);

      const own = await book(t, occupant, { room_type: 'PRIVATE', date, time_slot: '11:00:00' });
      await cancel(t, admin, own.body.booking_id).expect(200);
      const { rows } = await t.db.query(`SELECT cancelled_by FROM bookings WHERE booking_id = $1`, [
        own.body.booking_id,
      ]);
      expect(rows[0].cancelled_by).toBe(admin.id);
    });

    it('requires a token', async () => {
      await request(t.url).post('/api/v1/cancel/BK20300116100000P01/').expect(401);
    });
  });

  it('leaves claims matching the active bookings exactly', async () => {
    expect(await invariantViolations(t)).toEqual([]);
  });
});
