import request from 'supertest';
import type { Clock } from '@app/core';
import { WaitlistExpirySweep, WaitlistService } from '@app/waitlist';
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
  NOW,
  TODAY,
  book,
  cancel,
  dateSequence,
  invariantViolations,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface EntryJson {
  id: number;
  status: string;
  position: number | null;
  request: Record<string, unknown>;
  created_at: string;
  booking_id: string | null;
}

const PRIVATE_ROOMS = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08'];
const at = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;

/** The waitlist with automatic promotion (CAPABILITIES.md section 3). */
describe('waitlist', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let now = NOW;
  const clock: Clock = { now: () => new Date(now) };
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = tolerateTeardownTermination(await startTestApp({ clock }));
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    now = NOW;
    const violations = await invariantViolations(t);
    if (violations.length > 0) throw new Error(`invariants broken: ${violations.join('; ')}`);
  });

  const join = (user: Booker, body: Record<string, unknown>) =>
    request(t.url).post('/api/v1/waitlist/').set(bearer(user.access)).send(body);
  const getEntry = (user: Booker, id: number | string) =>
    request(t.url).get(`/api/v1/waitlist/${id}/`).set(bearer(user.access));
  const withdraw = (user: Booker, id: number | string) =>
    request(t.url).delete(`/api/v1/waitlist/${id}/`).set(bearer(user.access));
  const privateSlot = (date: string, hour = 10) => ({
    room_type: 'PRIVATE',
    date,
    time_slot: at(hour),
  });

  /** Every private room booked by the admin for a walk-in at each hour; the booking ids in room order. */
  async function fillPrivate(date: string, hours: number[] = [10]): Promise<string[]> {
    const ids: string[] = [];
    for (const hour of hours) {
      for (const roomNumber of PRIVATE_ROOMS) {
        const res = await book(t, admin, {
          room_type: 'PRIVATE',
          user_id: await aMember(t),
          date,
          time_slot: at(hour),
          room_number: roomNumber,
        }).expect(201);
        ids.push(res.body.booking_id as string);
      }
    }
    return ids;
  }

  async function entryCount(): Promise<number> {
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM waitlist_entries',
    );
    return rows[0].n;
  }

  async function statusOf(id: number): Promise<{ status: string; booking_id: string | null }> {
    const { rows } = await t.db.query<{ status: string; booking_id: string | null }>(
      'SELECT status, booking_id FROM waitlist_entries WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  describe('joining', () => {
    it('refuses a slot that can be booked now with 409 SLOT_AVAILABLE, writing nothing', async () => {
      const user = await registerUser(t);
      const before = await entryCount();
      const res = await join(user, privateSlot(nextDate())).expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('SLOT_AVAILABLE');
      expect(await entryCount()).toBe(before);
    });

    it('accepts a taken slot: 201 WAITING, position 1, the request normalised, nothing booked', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      await fillPrivate(date);
      const res = await join(user, { ...privateSlot(date), room_number: 'p03' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        status: 'WAITING',
        position: 1,
        request: {
          room_type: 'PRIVATE',
          date,
          time_slot: '10:00:00',
          end_time: '11:00:00',
          user_id: user.id,
          room_number: 'P03',
        },
        created_at: new Date(NOW).toISOString(),
        booking_id: null,
      });
      const { rows } = await t.db.query(
        'SELECT member_id, hour FROM waitlist_claims WHERE entry_id = $1',
        [res.body.id],
      );
      expect(rows).toEqual([{ member_id: user.id, hour: 10 }]);
      const booked = await t.db.query('SELECT 1 FROM bookings WHERE created_by = $1', [user.id]);
      expect(booked.rowCount).toBe(0);
    });

    it('answers what the booking would answer for any other refusal, writing nothing', async () => {
      const user = await registerUser(t);
      const other = await registerUser(t);
      const child = await aMember(t, { age: 8 });
      const date = nextDate();
      await fillPrivate(date, [10, 15]);
      const before = await entryCount();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...privateSlot(date), time_slot: '10:30:00' }, 400, 'INVALID_TIME_SLOT'],
        [{ ...privateSlot(date), time_slot: '18:00:00' }, 400, 'INVALID_TIME_SLOT'],
        [{ ...privateSlot(date), date: '2030-02-30' }, 400, 'VALIDATION_FAILED'],
        [{ ...privateSlot(date), room_type: 'BALLROOM' }, 400, 'VALIDATION_FAILED'],
        [{ ...privateSlot(date), team_id: 3 }, 400, 'VALIDATION_FAILED'],
        [{ ...privateSlot(TODAY, 9) }, 400, 'SLOT_IN_PAST'],
        [{ ...privateSlot(date), user_id: other.id }, 403, 'BOOKING_FORBIDDEN'],
        [
          { room_type: 'CONFERENCE', date, time_slot: '10:00:00', team_id: 999999 },
          404,
          'TEAM_NOT_FOUND',
        ],
        [{ ...privateSlot(date), room_number: 'C01' }, 400, 'ROOM_TYPE_MISMATCH'],
        [{ ...privateSlot(date), room_number: 'P99' }, 404, 'ROOM_NOT_FOUND'],
        [
          { room_type: 'SHARED_DESK', date, time_slot: '10:00:00', user_ids: [user.id, user.id] },
          400,
          'VALIDATION_FAILED',
        ],
      ];
      for (const [body, status, code] of cases) {
        const res = await join(user, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }
      // An admin waiting for a child in a private room: the party rule (rule 3).
      const res = await join(admin, { ...privateSlot(date), user_id: child });
      expect([res.status, res.body.code]).toEqual([400, 'INVALID_PARTY']);
      expect(await entryCount()).toBe(before);
    });

    it('answers MEMBER_DOUBLE_BOOKED when the member is booked elsewhere in the hour', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      await fillPrivate(date);
      await book(t, user, { room_type: 'SHARED_DESK', date, time_slot: '10:00:00' }).expect(201);
      const res = await join(user, privateSlot(date)).expect(409);
      expect(res.body.code).toBe('MEMBER_DOUBLE_BOOKED');
    });

    it('lets an admin wait for someone else, and a non-admin only for parties they are in', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      await fillPrivate(date);
      const res = await join(admin, { ...privateSlot(date), user_id: user.id }).expect(201);
      expect(res.body.request.user_id).toBe(user.id);
      const desk = { room_type: 'SHARED_DESK', date, time_slot: '10:00:00' };
      // Desks are free: a desk for someone else is a 403 before availability is looked at.
      const other = await aMember(t);
      expect((await join(user, { ...desk, user_ids: [other] })).body.code).toBe(
        'BOOKING_FORBIDDEN',
      );
    });

    it('refuses a member who already waits for an overlapping hour of the type (409 ALREADY_WAITING)', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      await fillPrivate(date, [10, 11, 12]);
      await join(user, { ...privateSlot(date), end_time: '12:00:00' }).expect(201);
      const before = await entryCount();
      for (const body of [privateSlot(date, 11), privateSlot(date, 10)]) {
        const res = await join(user, body).expect(409);
        expect(res.body.code).toBe('ALREADY_WAITING');
      }
      // An admin cannot put them in line twice either.
      const res = await join(admin, { ...privateSlot(date, 11), user_id: user.id }).expect(409);
      expect(res.body.code).toBe('ALREADY_WAITING');
      expect(await entryCount()).toBe(before);
      // A later, non-overlapping hour is another wait.
      await join(user, privateSlot(date, 12)).expect(201);
    });

    it('counts every member of a team: one of them waiting blocks another team with them for the same hours', async () => {
      const [a, b, c] = [await registerUser(t), await aMember(t), await aMember(t)];
      const date = nextDate();
      // All four conference rooms taken at 14:00.
      for (const room of ['C01', 'C02', 'C03', 'C04']) {
        const team = await aTeam(t, [await aMember(t), await aMember(t), await aMember(t)]);
        await book(t, admin, {
          room_type: 'CONFERENCE',
          team_id: team,
          date,
          time_slot: '14:00:00',
          room_number: room,
        }).expect(201);
      }
      const conference = { room_type: 'CONFERENCE', date, time_slot: '14:00:00' };
      const first = await aTeam(t, [a.id, b, c]);
      const second = await aTeam(t, [a.id, await aMember(t), await aMember(t)]);
      await join(a, { ...conference, team_id: first }).expect(201);
      const res = await join(admin, { ...conference, team_id: second }).expect(409);
      expect(res.body.code).toBe('ALREADY_WAITING');
      // Another room type at the same hour is not the same wait (private rooms are free: 409 SLOT_AVAILABLE).
      expect((await join(a, privateSlot(date, 14))).body.code).toBe('SLOT_AVAILABLE');
    });

    it('replays a POST with the same Idempotency-Key instead of waiting twice', async () => {
      const user = await registerUser(t);
      const date = nextDate();
      await fillPrivate(date);
      const send = () =>
        request(t.url)
          .post('/api/v1/waitlist/')
          .set(bearer(user.access))
          .set('Idempotency-Key', `wait-${date}`)
          .send(privateSlot(date));
      const first = await send().expect(201);
      const again = await send().expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      const { rows } = await t.db.query(
        'SELECT count(*)::int AS n FROM waitlist_entries WHERE created_by = $1',
        [user.id],
      );
      expect(rows[0].n).toBe(1);
      const other = await request(t.url)
        .post('/api/v1/waitlist/')
        .set(bearer(user.access))
        .set('Idempotency-Key', `wait-${date}`)
        .send(privateSlot(date, 11))
        .expect(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('promotion', () => {
    it('books the first in line when a booking is cancelled, in FIFO order, and shows it everywhere', async () => {
      const [a, b, c] = [await registerUser(t), await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const taken = await fillPrivate(date);
      const ea = (await join(a, privateSlot(date)).expect(201)).body as EntryJson;
      const eb = (await join(b, privateSlot(date)).expect(201)).body as EntryJson;
      const ec = (await join(c, privateSlot(date)).expect(201)).body as EntryJson;
      expect([ea.position, eb.position, ec.position]).toEqual([1, 2, 3]);

      await cancel(t, admin, taken[4]).expect(200);

      const promoted = (await getEntry(a, ea.id).expect(200)).body as EntryJson;
      expect(promoted).toMatchObject({ status: 'PROMOTED', position: null });
      expect(promoted.booking_id).toMatch(/^BK/);
      const booking = await request(t.url)
        .get(`/api/v1/bookings/${promoted.booking_id}/`)
        .set(bearer(a.access))
        .expect(200);
      expect(booking.body).toMatchObject({
        status: 'ACTIVE',
        created_by: a.id,
        date,
        time_slot: '10:00:00',
        end_time: '11:00:00',
        room: { room_number: 'P05' },
        user: { id: a.id },
      });
      const mine = await request(t.url)
        .get('/api/v1/bookings/my-bookings/')
        .set(bearer(a.access))
        .expect(200);
      expect(mine.body.active.map((x: { booking_id: string }) => x.booking_id)).toEqual([
        promoted.booking_id,
      ]);
      expect((await getEntry(b, eb.id)).body).toMatchObject({ status: 'WAITING', position: 1 });
      expect((await getEntry(c, ec.id)).body).toMatchObject({ status: 'WAITING', position: 2 });
      const claims = await t.db.query('SELECT 1 FROM waitlist_claims WHERE entry_id = $1', [ea.id]);
      expect(claims.rowCount).toBe(0);

      await cancel(t, admin, taken[0]).expect(200);
      expect(await statusOf(eb.id)).toMatchObject({ status: 'PROMOTED' });
      expect(await statusOf(ec.id)).toEqual({ status: 'WAITING', booking_id: null });
    });

    it('promotes from a cancel sent with an Idempotency-Key, and its replay promotes no one else', async () => {
      const [a, b] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const taken = await fillPrivate(date);
      const ea = (await join(a, privateSlot(date)).expect(201)).body as EntryJson;
      const eb = (await join(b, privateSlot(date)).expect(201)).body as EntryJson;
      const keyedCancel = () =>
        request(t.url)
          .post(`/api/v1/cancel/${taken[5]}/`)
          .set(bearer(admin.access))
          .set('Idempotency-Key', `cancel-${date}`)
          .send();
      await keyedCancel().expect(200);
      expect((await statusOf(ea.id)).status).toBe('PROMOTED');
      const replay = await keyedCancel().expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await statusOf(eb.id)).toEqual({ status: 'WAITING', booking_id: null });
    });

    it('orders by created_at before id', async () => {
      const [a, b] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const taken = await fillPrivate(date);
      now = '2030-01-15T10:40:00Z';
      const later = (await join(a, privateSlot(date)).expect(201)).body as EntryJson;
      now = '2030-01-15T10:35:00Z';
      const earlier = (await join(b, privateSlot(date)).expect(201)).body as EntryJson;
      expect(earlier.id).toBeGreaterThan(later.id);
      expect((await getEntry(a, later.id)).body.position).toBe(2);
      expect(earlier.position).toBe(1);
      await cancel(t, admin, taken[7]).expect(200);
      expect((await statusOf(earlier.id)).status).toBe('PROMOTED');
      expect((await statusOf(later.id)).status).toBe('WAITING');
    });

    it('passes over an entry whose party got booked elsewhere, and promotes the next in line', async () => {
      const [a, b] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const taken = await fillPrivate(date);
      const ea = (await join(a, privateSlot(date)).expect(201)).body as EntryJson;
      const eb = (await join(b, privateSlot(date)).expect(201)).body as EntryJson;
      await book(t, a, { room_type: 'SHARED_DESK', date, time_slot: '10:00:00' }).expect(201);

      await cancel(t, admin, taken[2]).expect(200);

      expect(await statusOf(ea.id)).toEqual({ status: 'WAITING', booking_id: null });
      expect((await statusOf(eb.id)).status).toBe('PROMOTED');
      expect((await getEntry(a, ea.id)).body.position).toBe(1);
    });

    it('passes over an entry whose hours are not all free and books a shorter one behind it', async () => {
      const [a, b] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const taken = await fillPrivate(date, [10, 11]);
      const long = (await join(a, { ...privateSlot(date), end_time: '12:00:00' }).expect(201))
        .body as EntryJson;
      const short = (await join(b, privateSlot(date)).expect(201)).body as EntryJson;
      expect(short.position).toBe(2);

      await cancel(t, admin, taken[0]).expect(200); // P01 at 10:00 only

      expect((await statusOf(long.id)).status).toBe('WAITING');
      expect((await statusOf(short.id)).status).toBe('PROMOTED');
      // P01 at 11:00 freed as well: P01 at 10:00 is b's now, so the long entry still waits.
      await cancel(t, admin, taken[8]).expect(200);
      expect((await statusOf(long.id)).status).toBe('WAITING');
    });

    it('books a named room only when that room is freed', async () => {
      const [a, b] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const taken = await fillPrivate(date);
      const wantsP08 = (await join(a, { ...privateSlot(date), room_number: 'P08' }).expect(201))
        .body as EntryJson;
      const any = (await join(b, privateSlot(date)).expect(201)).body as EntryJson;
      await cancel(t, admin, taken[0]).expect(200); // P01
      expect((await statusOf(wantsP08.id)).status).toBe('WAITING');
      expect((await statusOf(any.id)).status).toBe('PROMOTED');
      await cancel(t, admin, taken[7]).expect(200); // P08
      const promoted = await statusOf(wantsP08.id);
      expect(promoted.status).toBe('PROMOTED');
      expect(promoted.booking_id).toMatch(/P08-2$/);
    });

    it('promotes a desk party into the freed seats', async () => {
      const a = await registerUser(t);
      const date = nextDate();
      const desks: string[] = [];
      for (const desk of ['S01', 'S02', 'S03']) {
        const members = [await aMember(t), await aMember(t), await aMember(t), await aMember(t)];
        const res = await book(t, admin, {
          room_type: 'SHARED_DESK',
          user_ids: members,
          date,
          time_slot: '16:00:00',
          room_number: desk,
        }).expect(201);
        desks.push(res.body.booking_id as string);
      }
      const friend = await aMember(t);
      const entry = (
        await join(a, {
          room_type: 'SHARED_DESK',
          date,
          time_slot: '16:00:00',
          user_ids: [a.id, friend],
        }).expect(201)
      ).body as EntryJson;
      expect(entry.request).toMatchObject({ user_ids: [a.id, friend] });
      await cancel(t, admin, desks[1]).expect(200);
      const promoted = await statusOf(entry.id);
      expect(promoted.status).toBe('PROMOTED');
      expect(promoted.booking_id).toMatch(/S02-2$/);
    });
  });

  describe('expiry', () => {
    it('expires entries whose first hour has begun, by the sweep, and only those', async () => {
      const user = await registerUser(t);
      const other = await registerUser(t);
      await fillPrivate(TODAY, [11, 13]);
      const soon = (await join(user, privateSlot(TODAY, 11)).expect(201)).body as EntryJson;
      const later = (await join(other, privateSlot(TODAY, 13)).expect(201)).body as EntryJson;
      const sweep = t.app.get(WaitlistExpirySweep);

      now = '2030-01-15T10:59:59Z';
      await sweep.sweep();
      expect((await statusOf(soon.id)).status).toBe('WAITING');

      now = '2030-01-15T11:00:00Z';
      expect(await sweep.sweep()).toBe(1);
      expect((await getEntry(user, soon.id)).body).toMatchObject({
        status: 'EXPIRED',
        position: null,
        booking_id: null,
      });
      expect((await statusOf(later.id)).status).toBe('WAITING');
      const claims = await t.db.query('SELECT 1 FROM waitlist_claims WHERE entry_id = $1', [
        soon.id,
      ]);
      expect(claims.rowCount).toBe(0);
      expect((await withdraw(user, soon.id).expect(409)).body.code).toBe('NOT_WAITING');
    });
    it('expires each entry once when sweeps run at once', async () => {
      const users = [await registerUser(t), await registerUser(t), await registerUser(t)];
      const date = nextDate();
      await fillPrivate(date, [9]);
      const ids: number[] = [];
      for (const user of users) {
        ids.push(((await join(user, privateSlot(date, 9)).expect(201)).body as EntryJson).id);
      }
      now = `${date}T09:00:00Z`;
      // Everything waiting until then is due too (earlier tests' dates).
      const { rows: due } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM waitlist_entries
         WHERE status = 'WAITING' AND (date < $1 OR (date = $1 AND start_hour <= 9))`,
        [date],
      );
      expect(due[0].n).toBeGreaterThanOrEqual(ids.length);
      const waitlist = t.app.get(WaitlistService);
      const counts = await Promise.all([
        waitlist.expireBegun(),
        waitlist.expireBegun(),
        waitlist.expireBegun(),
      ]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(due[0].n);
      for (const id of ids) expect((await statusOf(id)).status).toBe('EXPIRED');
    });
  });

  describe('reading and leaving', () => {
    it('lists own entries (admin: all), paginated, filtered by status', async () => {
      const user = await registerUser(t);
      const stranger = await registerUser(t);
      const date = nextDate();
      await fillPrivate(date, [10, 11, 12]);
      const ids: number[] = [];
      for (const hour of [10, 11, 12]) {
        ids.push(((await join(user, privateSlot(date, hour)).expect(201)).body as EntryJson).id);
      }
      await join(stranger, privateSlot(date, 10)).expect(201);
      await withdraw(user, ids[2]).expect(204);

      const page = await request(t.url)
        .get('/api/v1/waitlist/?page_size=2')
        .set(bearer(user.access))
        .expect(200);
      expect(page.body.count).toBe(3);
      expect(page.body.results.map((e: EntryJson) => e.id)).toEqual([ids[0], ids[1]]);
      expect(page.body.next).toBe('http://api.booking.test/api/v1/waitlist/?page_size=2&page=2');
      expect(page.body.previous).toBeNull();
      const waiting = await request(t.url)
        .get('/api/v1/waitlist/?status=WAITING')
        .set(bearer(user.access))
        .expect(200);
      expect(waiting.body.results.map((e: EntryJson) => e.id)).toEqual([ids[0], ids[1]]);
      const cancelled = await request(t.url)
        .get('/api/v1/waitlist?status=CANCELLED')
        .set(bearer(user.access))
        .expect(200);
      expect(cancelled.body.results).toMatchObject([{ id: ids[2], status: 'CANCELLED' }]);

      const all = await request(t.url)
        .get('/api/v1/waitlist/?page_size=100')
        .set(bearer(admin.access))
        .expect(200);
      expect(all.body.count).toBe(await entryCount());

      for (const query of ['status=LOST', 'page=0', 'page=abc']) {
        const res = await request(t.url)
          .get(`/api/v1/waitlist/?${query}`)
          .set(bearer(user.access))
          .expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      await request(t.url).get('/api/v1/waitlist/?page=9').set(bearer(user.access)).expect(404);
      await request(t.url).get('/api/v1/waitlist/').expect(401);
    });

    it('shows and lets leave one entry to its creator and admins only; 404 to anyone else', async () => {
      const user = await registerUser(t);
      const stranger = await registerUser(t);
      const date = nextDate();
      await fillPrivate(date);
      const entry = (await join(user, privateSlot(date)).expect(201)).body as EntryJson;

      await getEntry(user, entry.id).expect(200);
      await getEntry(admin, entry.id).expect(200);
      expect((await getEntry(stranger, entry.id).expect(404)).body.code).toBe(
        'WAITLIST_ENTRY_NOT_FOUND',
      );
      await withdraw(stranger, entry.id).expect(404);
      expect((await statusOf(entry.id)).status).toBe('WAITING');

      for (const bad of ['abc', '0', '-1', '1.5', '01']) {
        await getEntry(user, bad).expect(400);
        await withdraw(user, bad).expect(400);
      }
      await getEntry(user, '99999999999').expect(404);
      await getEntry(user, 2147483647).expect(404);

      await withdraw(user, entry.id).expect(204);
      expect((await getEntry(user, entry.id)).body).toMatchObject({
        status: 'CANCELLED',
        position: null,
      });
      expect((await withdraw(user, entry.id).expect(409)).body.code).toBe('NOT_WAITING');
      // The hours are free to wait for again.
      await join(user, privateSlot(date)).expect(201);
    });

    it("lets an admin withdraw anyone's entry, and never a promoted one", async () => {
      const [a, b] = [await registerUser(t), await registerUser(t)];
      const date = nextDate();
      const taken = await fillPrivate(date);
      const ea = (await join(a, privateSlot(date)).expect(201)).body as EntryJson;
      const eb = (await join(b, privateSlot(date)).expect(201)).body as EntryJson;
      await cancel(t, admin, taken[3]).expect(200);
      expect((await withdraw(a, ea.id).expect(409)).body.code).toBe('NOT_WAITING');
      await withdraw(admin, eb.id).expect(204);
      expect((await statusOf(eb.id)).status).toBe('CANCELLED');
    });
  });
});
