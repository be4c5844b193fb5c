import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FreedHours, HoursFreedHooks, ReleaseSweep } from '@app/bookings';
import type { Clock } from '@app/core';
import { buildApiIfStale, freePort, healthy, startApi, stop } from './support/api-process';
import {
  Booker,
  book,
  cancel,
  invariantViolations,
  tolerateTeardownTermination,
} from './support/booking-helpers';
import { runCliWith } from './support/cli';
import { aTeam, bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { testServerUrl } from './support/test-database';

interface BookingJson {
  booking_id: string;
  status: string;
  room: { room_number: string };
  checked_in_at: string | null;
  checked_in_by: number | null;
  released_at: string | null;
  cancelled_at: string | null;
}

/** A clock a spec moves: every time rule of the app reads it. */
function movableClock(iso: string): Clock & { set(iso: string): void } {
  let current = new Date(iso).getTime();
  return {
    now: () => new Date(current),
    set: (next: string) => {
      current = new Date(next).getTime();
    },
  };
}

/**
 * Bookings are made on 2030-01-15; each scenario takes a fresh day, earlier than the last one's:
 * a sweep at a scenario's "now" then never reaches the no-shows other scenarios left behind.
 */
const CREATED_AT = '2030-01-15T08:00:00Z';
let dayCounter = 0;
const freshDate = () => {
  dayCounter += 1;
  return new Date(Date.UTC(2030, 5, 1 - dayCounter)).toISOString().slice(0, 10);
};

interface Notified {
  hours: FreedHours[];
  /** RELEASED bookings on the date as the freeing transaction sees them, and as others do. */
  releasedInside: number;
  releasedOutside: number;
}

describe('check-in and release of no-shows', () => {
  let t: TestApp;
  const clock = movableClock(CREATED_AT);
  let admin: RegisteredUser;
  let a: RegisteredUser;
  let b: RegisteredUser;
  let stranger: RegisteredUser;
  const notified: Notified[] = [];

  beforeAll(async () => {
    t = tolerateTeardownTermination(
      await startTestApp({ clock, env: { BOOKING_HORIZON_DAYS: '3650' } }),
    );
    admin = await createAdmin(t);
    [a, b, stranger] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    // Where the waitlist listens: inside the transaction that freed the hours, before its commit.
    const releasedOn = `SELECT count(*)::int AS n FROM bookings WHERE status = 'RELEASED' AND date = $1`;
    t.app.get(HoursFreedHooks).register(async (tx, hours) => {
      const [inside] = await tx.manager.query<{ n: number }[]>(releasedOn, [hours[0].date]);
      const outside = await t.db.query<{ n: number }>(releasedOn, [hours[0].date]);
      notified.push({
        hours,
        releasedInside: inside.n,
        releasedOutside: outside.rows[0].n,
      });
    });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => clock.set(CREATED_AT));

  const at = (date: string, time: string) => clock.set(`${date}T${time}Z`);
  const checkIn = (user: Booker, bookingId: string, key?: string) => {
    const req = request(t.url)
      .post(`/api/v1/bookings/${bookingId}/check-in/`)
      .set(bearer(user.access));
    return key === undefined ? req.send() : req.set('Idempotency-Key', key).send();
  };
  const sweep = () => t.app.get(ReleaseSweep).runOnce();

  async function bookPrivate(user: Booker, date: string, from = '10:00:00', to?: string) {
    const res = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: from,
      ...(to ? { end_time: to } : {}),
    });
    expect(res.status).toBe(201);
    return res.body as BookingJson;
  }

  async function row(bookingId: string) {
    const { rows } = await t.db.query<{
      status: string;
      checked_in_at: Date | null;
      checked_in_by: number | null;
      released_at: Date | null;
      room_claims: number;
      member_claims: number;
    }>(
      `SELECT status, checked_in_at, checked_in_by, released_at,
              (SELECT count(*)::int FROM room_claims c WHERE c.booking_id = b.id) AS room_claims,
              (SELECT count(*)::int FROM member_claims c WHERE c.booking_id = b.id) AS member_claims
       FROM bookings b WHERE booking_id = $1`,
      [bookingId],
    );
    return rows[0];
  }

  describe('the window', () => {
    it.each(['09:45:00', '10:00:00', '10:14:59'])('open at %s (booking 10:00)', async (time) => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      at(date, time);
      const res = await checkIn(a, made.booking_id).expect(200);
      expect(res.body).toMatchObject({
        booking_id: made.booking_id,
        status: 'ACTIVE',
        checked_in_at: `${date}T${time}.000Z`,
        checked_in_by: a.id,
        released_at: null,
      });
      const stored = await row(made.booking_id);
      expect(stored.checked_in_at?.toISOString()).toBe(`${date}T${time}.000Z`);
      expect(stored.checked_in_by).toBe(a.id);
    });

    it.each([
      ['09:44:59', /^Too early: check-in for the booking starting .* 10:00 opens at 09:45/],
      ['10:15:00', /^Too late: check-in for the booking starting .* 10:00 closed at 10:15/],
      ['16:00:00', /^Too late/],
    ])('closed at %s: 409, nothing written', async (time, detail) => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      at(date, time);
      const res = await checkIn(a, made.booking_id).expect(409);
      expect(res.body).toMatchObject({ code: 'CHECK_IN_CLOSED', status: 409 });
      expect(res.body.detail).toMatch(detail);
      expect(await row(made.booking_id)).toMatchObject({ status: 'ACTIVE', checked_in_at: null });
    });

    it('is read in the workspace time zone', async () => {
      const tokyo = tolerateTeardownTermination(
        await startTestApp({
          clock,
          database: t.database,
          env: { WORKSPACE_TIMEZONE: 'Asia/Tokyo', BOOKING_HORIZON_DAYS: '3650' },
        }),
      );
      try {
        const date = freshDate();
        const made = await book(tokyo, a, { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
        expect(made.status).toBe(201);
        // 10:00 in Tokyo is 01:00 UTC: the window opens at 00:45 UTC.
        const checkInThere = () =>
          request(tokyo.url)
            .post(`/api/v1/bookings/${made.body.booking_id}/check-in/`)
            .set(bearer(a.access));
        at(date, '00:44:59');
        const early = await checkInThere().expect(409);
        expect(early.body.detail).toMatch(/opens at 09:45/);
        at(date, '00:45:00');
        const open = await checkInThere().expect(200);
        expect(open.body.checked_in_at).toBe(`${date}T00:45:00.000Z`);
      } finally {
        await tokyo.close();
      }
    });
  });

  describe('who may check in', () => {
    it('the creator, a desk member, a team member, the occupant of a room booked for them, an admin', async () => {
      const date = freshDate();
      const [c, d] = await Promise.all([registerUser(t), registerUser(t)]);
      const desk = await book(t, a, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '10:00:00',
        user_ids: [a.id, b.id],
      }).expect(201);
      const deskToo = await book(t, c, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '11:00:00',
        user_ids: [c.id, d.id],
      }).expect(201);
      const team = await aTeam(t, [a.id, c.id, d.id]);
      const conference = await book(t, a, {
        room_type: 'CONFERENCE',
        date,
        time_slot: '12:00:00',
        team_id: team,
      }).expect(201);
      const forB = await book(t, admin, {
        room_type: 'PRIVATE',
        date,
        time_slot: '13:00:00',
        user_id: b.id,
      }).expect(201);
      const bsOwn = await bookPrivate(b, date, '14:00:00');

      at(date, '09:50:00');
      expect((await checkIn(a, desk.body.booking_id).expect(200)).body.checked_in_by).toBe(a.id);
      at(date, '11:00:00');
      expect((await checkIn(d, deskToo.body.booking_id).expect(200)).body.checked_in_by).toBe(d.id);
      at(date, '12:05:00');
      expect((await checkIn(c, conference.body.booking_id).expect(200)).body.checked_in_by).toBe(
        c.id,
      );
      at(date, '13:10:00');
      expect((await checkIn(b, forB.body.booking_id).expect(200)).body.checked_in_by).toBe(b.id);
      at(date, '14:00:00');
      expect((await checkIn(admin, bsOwn.booking_id).expect(200)).body.checked_in_by).toBe(
        admin.id,
      );
    });

    it('not a stranger (403, nothing written), nor a participant who left', async () => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      const desk = await book(t, a, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '11:00:00',
        user_ids: [a.id, b.id],
      }).expect(201);
      await request(t.url)
        .post(`/api/v1/bookings/${desk.body.booking_id}/leave/`)
        .set(bearer(b.access))
        .expect(200);
      at(date, '10:00:00');
      const res = await checkIn(stranger, made.booking_id).expect(403);
      expect(res.body).toMatchObject({
        code: 'CHECK_IN_FORBIDDEN',
        detail: 'You do not have permission to check in this booking',
      });
      expect(await row(made.booking_id)).toMatchObject({ checked_in_at: null });
      at(date, '11:00:00');
      await checkIn(b, desk.body.booking_id).expect(403);
      expect(await row(desk.body.booking_id)).toMatchObject({ checked_in_at: null });
    });

    it('needs a token', async () => {
      await request(t.url).post('/api/v1/bookings/BK20300116100000P01/check-in/').expect(401);
    });
  });

  describe('idempotent', () => {
    it('a second check-in, by anyone allowed and even after the window, answers the same booking', async () => {
      const date = freshDate();
      const desk = await book(t, a, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '10:00:00',
        user_ids: [a.id, b.id],
      }).expect(201);
      const id = desk.body.booking_id as string;
      at(date, '09:58:00');
      const first = await checkIn(b, id).expect(200);
      at(date, '10:05:00');
      const again = await checkIn(a, id).expect(200);
      at(date, '11:30:00');
      const late = await checkIn(b, id).expect(200);
      const checkInOf = (body: BookingJson) => ({
        booking_id: body.booking_id,
        status: body.status,
        checked_in_at: body.checked_in_at,
        checked_in_by: body.checked_in_by,
        released_at: body.released_at,
      });
      for (const res of [again, late]) {
        // Each caller sees the members as the members list shows them to them; the rest is equal.
        expect(checkInOf(res.body)).toEqual(checkInOf(first.body));
        expect(res.body).toMatchObject({
          checked_in_at: `${date}T09:58:00.000Z`,
          checked_in_by: b.id,
        });
      }
    });

    it('with an Idempotency-Key: replayed as it was; another booking with the key is a 422', async () => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      const other = await bookPrivate(a, date, '11:00:00');
      at(date, '10:00:00');
      const first = await checkIn(a, made.booking_id, 'check-in-1').expect(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      at(date, '10:01:00');
      const replay = await checkIn(a, made.booking_id, 'check-in-1').expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      const reused = await checkIn(a, other.booking_id, 'check-in-1').expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await row(other.booking_id)).toMatchObject({ checked_in_at: null });
    });

    it('a refusal with a key is stored too: too early, then the same key answers too early', async () => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      at(date, '09:00:00');
      await checkIn(a, made.booking_id, 'early-key').expect(409);
      at(date, '10:00:00');
      const replay = await checkIn(a, made.booking_id, 'early-key').expect(409);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await row(made.booking_id)).toMatchObject({ checked_in_at: null });
    });

    it.each([
      ['too long', 'k'.repeat(256)],
      ['not ASCII', 'clé'],
      ['empty', ''],
    ])('a malformed key (%s) is a 400, nothing written', async (_name, key) => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      at(date, '10:00:00');
      const res = await request(t.url)
        .post(`/api/v1/bookings/${made.booking_id}/check-in/`)
        .set(bearer(a.access))
        .set('Idempotency-Key', key)
        .send();
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await row(made.booking_id)).toMatchObject({ checked_in_at: null });
    });
  });

  describe('404 as for cancel', () => {
    it.each([
      ['an unknown booking', 'BK20300116100000P01-9'],
      ['a malformed id', 'not-a-booking'],
      ['a lower-case id', 'bk20300116100000p01'],
      ['an over-long id', `BK20300116100000${'P'.repeat(60)}`],
      ['an id with SQL in it', "BK1'%20OR%20'1'='1"],
    ])('%s', async (_name, id) => {
      const res = await checkIn(admin, id).expect(404);
      expect(res.body).toMatchObject({
        code: 'BOOKING_NOT_FOUND',
        detail: 'Booking not found or already cancelled',
      });
    });

    it('a cancelled booking', async () => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      await cancel(t, a, made.booking_id).expect(200);
      at(date, '10:00:00');
      await checkIn(a, made.booking_id).expect(404);
    });
  });

  describe('release', () => {
    it('releases a no-show at start + 15 min: RELEASED, every claim freed, the hours bookable at once and free in availability', async () => {
      const date = freshDate();
      const noShow = await bookPrivate(a, date, '10:00:00', '12:00:00');
      const present = await bookPrivate(b, date, '10:00:00', '12:00:00');
      const later = await bookPrivate(stranger, date, '11:00:00');
      at(date, '10:05:00');
      await checkIn(b, present.booking_id).expect(200);

      at(date, '10:14:59');
      expect(await sweep()).toBe(0);
      expect(await row(noShow.booking_id)).toMatchObject({ status: 'ACTIVE', room_claims: 2 });

      at(date, '10:15:00');
      const notifiedBefore = notified.length;
      expect(await sweep()).toBe(1);
      expect(await row(noShow.booking_id)).toEqual({
        status: 'RELEASED',
        checked_in_at: null,
        checked_in_by: null,
        released_at: new Date(`${date}T10:15:00Z`),
        room_claims: 0,
        member_claims: 0,
      });
      expect(await row(present.booking_id)).toMatchObject({ status: 'ACTIVE', room_claims: 2 });
      expect(await row(later.booking_id)).toMatchObject({ status: 'ACTIVE', room_claims: 1 });
      // The hours-freed listeners ran in the releasing transaction, with the booking's range.
      expect(notified.slice(notifiedBefore)).toEqual([
        {
          hours: [{ roomType: 'PRIVATE', date, startHour: 10, endHour: 12 }],
          releasedInside: 1,
          releasedOutside: 0,
        },
      ]);
      expect(await sweep()).toBe(0);

      const room = noShow.room.room_number;
      const available = await request(t.url)
        .get('/api/v1/rooms/available/')
        .query({ date, time_slot: '11:00:00', room_type: 'PRIVATE' })
        .set(bearer(stranger.access))
        .expect(200);
      const freeRooms = (available.body.available_rooms as { room_number: string }[]).map(
        (r) => r.room_number,
      );
      expect(freeRooms).toContain(room);
      expect(freeRooms).not.toContain(present.room.room_number);
      const c = await registerUser(t);
      const rebooked = await book(t, c, {
        room_type: 'PRIVATE',
        date,
        time_slot: '11:00:00',
        room_number: room,
      }).expect(201);
      expect(rebooked.body.room.room_number).toBe(room);
      // The no-show's own member may book those hours again too.
      await book(t, a, { room_type: 'PRIVATE', date, time_slot: '11:00:00' }).expect(201);
      expect(await invariantViolations(t)).toEqual([]);
    });

    it('shows free in the day grid like an hour freed by a cancellation', async () => {
      const date = freshDate();
      const [c, d] = await Promise.all([registerUser(t), registerUser(t)]);
      const released = await bookPrivate(c, date, '12:00:00', '14:00:00');
      const cancelled = await bookPrivate(d, date, '12:00:00', '14:00:00');
      const privateRooms = async () => {
        const res = await request(t.url)
          .get('/api/v1/rooms/availability/')
          .query({ date, room_type: 'PRIVATE' })
          .set(bearer(c.access))
          .expect(200);
        return JSON.stringify(res.body);
      };
      at(date, '12:20:00');
      const before = await privateRooms();
      await cancel(t, d, cancelled.booking_id).expect(200);
      // Cancel writes its time from the same clock as check-in and release.
      const { rows } = await t.db.query<{ cancelled_at: Date }>(
        `SELECT cancelled_at FROM bookings WHERE booking_id = $1`,
        [cancelled.booking_id],
      );
      expect(rows[0].cancelled_at).toEqual(new Date(`${date}T12:20:00Z`));
      const afterCancel = await privateRooms();
      expect(afterCancel).not.toEqual(before);
      await sweep();
      expect((await row(released.booking_id)).status).toBe('RELEASED');
      const afterRelease = await privateRooms();
      expect(afterRelease).not.toEqual(afterCancel);
      // Both gave back 13:00 alike: the grid counts one more free room there for each.
      const count13 = (grid: string) =>
        (
          JSON.parse(grid) as { slots: { time_slot: string; PRIVATE: { count: number } }[] }
        ).slots.find((h) => h.time_slot === '13:00:00')?.PRIVATE.count;
      expect(count13(afterRelease)).toBe((count13(afterCancel) ?? 0) + 1);
      expect(count13(afterCancel)).toBe((count13(before) ?? 0) + 1);
    });

    it('a released booking: check-in, cancel, leave, reschedule are 404; listed under its status; my-bookings counts it', async () => {
      const date = freshDate();
      const c = await registerUser(t);
      const made = await book(t, c, {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '10:00:00',
        user_ids: [c.id, b.id],
      }).expect(201);
      const id = made.body.booking_id as string;
      at(date, '10:20:00');
      expect(await sweep()).toBe(1);
      const gone = {
        code: 'BOOKING_NOT_FOUND',
        detail: 'Booking not found or already cancelled',
      };
      expect((await checkIn(c, id).expect(404)).body).toMatchObject(gone);
      expect((await cancel(t, c, id).expect(404)).body).toMatchObject(gone);
      const left = await request(t.url)
        .post(`/api/v1/bookings/${id}/leave/`)
        .set(bearer(b.access))
        .expect(404);
      expect(left.body).toMatchObject(gone);
      const moved = await request(t.url)
        .post(`/api/v1/bookings/${id}/reschedule/`)
        .set(bearer(c.access))
        .send({ time_slot: '15:00:00' })
        .expect(404);
      expect(moved.body).toMatchObject(gone);

      const listed = await request(t.url)
        .get('/api/v1/bookings/')
        .query({ status: 'RELEASED' })
        .set(bearer(c.access))
        .expect(200);
      expect(listed.body.results.map((x: BookingJson) => [x.booking_id, x.status])).toEqual([
        [id, 'RELEASED'],
      ]);
      const active = await request(t.url)
        .get('/api/v1/bookings/')
        .query({ status: 'ACTIVE' })
        .set(bearer(c.access))
        .expect(200);
      expect(active.body.count).toBe(0);

      const mine = await request(t.url)
        .get('/api/v1/bookings/my-bookings/')
        .set(bearer(c.access))
        .expect(200);
      expect(mine.body).toMatchObject({
        total_bookings: 1,
        active_bookings: 0,
        cancelled_bookings: 1,
        released_bookings: 1,
        active: [],
      });
      expect(mine.body.cancelled[0]).toMatchObject({
        booking_id: id,
        status: 'RELEASED',
        released_at: `${date}T10:20:00.000Z`,
        cancelled_at: null,
        checked_in_at: null,
      });
      const got = await request(t.url)
        .get(`/api/v1/bookings/${id}/`)
        .set(bearer(c.access))
        .expect(200);
      expect(got.body).toMatchObject({ status: 'RELEASED', released_at: `${date}T10:20:00.000Z` });
    });

    it('never releases a booking checked in, nor one not yet due', async () => {
      const date = freshDate();
      const early = await bookPrivate(a, date, '09:00:00');
      const checked = await bookPrivate(b, date, '09:00:00');
      at(date, '08:50:00');
      await checkIn(b, checked.booking_id).expect(200);
      at(date, '17:30:00');
      expect(await sweep()).toBe(1);
      expect((await row(early.booking_id)).status).toBe('RELEASED');
      expect(await row(checked.booking_id)).toMatchObject({ status: 'ACTIVE', room_claims: 1 });
    });

    it('AUTO_RELEASE_AFTER_MIN=0: nothing is released, and check-in stays open until the end', async () => {
      const off = tolerateTeardownTermination(
        await startTestApp({
          clock,
          database: t.database,
          env: { AUTO_RELEASE_AFTER_MIN: '0', BOOKING_HORIZON_DAYS: '3650' },
        }),
      );
      try {
        const date = freshDate();
        const made = await bookPrivate(a, date, '10:00:00', '12:00:00');
        const other = await bookPrivate(b, date, '10:00:00');
        at(date, '11:59:00');
        expect(await off.app.get(ReleaseSweep).runOnce()).toBe(0);
        await request(off.url)
          .post(`/api/v1/bookings/${made.booking_id}/check-in/`)
          .set(bearer(a.access))
          .expect(200);
        at(date, '12:00:00');
        const late = await request(off.url)
          .post(`/api/v1/bookings/${other.booking_id}/check-in/`)
          .set(bearer(b.access))
          .expect(409);
        expect(late.body.detail).toMatch(/^Too late: .* closed at 11:00, when the booking ended/);
        expect(await row(other.booking_id)).toMatchObject({ status: 'ACTIVE', room_claims: 1 });
      } finally {
        await off.close();
      }
    });
  });

  describe('CLOCK_OFFSET_S across processes', () => {
    /** Seconds from the wall clock to `iso`: what CLOCK_OFFSET_S a process needs to live then. */
    const offsetTo = (iso: string) =>
      String(Math.round((new Date(iso).getTime() - Date.now()) / 1000));

    it('the CLI release-no-shows acts on its own "now": not yet due releases 0, past due releases it', async () => {
      const date = freshDate();
      const made = await bookPrivate(a, date);
      at(date, '09:00:00'); // the in-process app's "now": long before the release point
      expect(await sweep()).toBe(0);
      const cli = (iso: string) =>
        runCliWith(
          t.database,
          { CLOCK_OFFSET_S: offsetTo(iso), BOOKING_HORIZON_DAYS: '3650' },
          'release-no-shows',
        );
      // A minute of margin either side: the wall clock moves while the CLI starts.
      expect(await cli(`${date}T10:14:00Z`)).toBe('released 0 no-show bookings\n');
      expect((await row(made.booking_id)).status).toBe('ACTIVE');
      expect(await cli(`${date}T10:16:00Z`)).toBe('released 1 no-show booking\n');
      expect(await row(made.booking_id)).toMatchObject({ status: 'RELEASED', room_claims: 0 });
      const releasedAt = (await row(made.booking_id)).released_at as Date;
      expect(Math.abs(releasedAt.getTime() - new Date(`${date}T10:16:00Z`).getTime())).toBeLessThan(
        30_000,
      );
    });

    describe('a second API process', () => {
      let scratch: string;
      beforeAll(() => buildApiIfStale(), 120000);
      beforeEach(() => {
        scratch = mkdtempSync(join(tmpdir(), 'check-in-e2e-'));
      });
      afterEach(() => rmSync(scratch, { recursive: true, force: true }));

      it('sweeps by itself on its shifted clock while this one, before the release point, does not; stops cleanly', async () => {
        const date = freshDate();
        const made = await bookPrivate(a, date);
        const kept = await bookPrivate(b, date, '11:00:00');
        at(date, '10:10:00');
        expect(await sweep()).toBe(0);
        const port = await freePort();
        const run = startApi(scratch, {
          DATABASE_URL: testServerUrl(t.database),
          MIGRATIONS_RUN: 'false',
          SEED_ROOMS: 'false',
          JWT_SECRET: TEST_JWT_SECRET,
          LOG_LEVEL: 'warn',
          PORT: String(port),
          RELEASE_SWEEP_S: '1',
          CLOCK_OFFSET_S: offsetTo(`${date}T10:30:00Z`),
        });
        try {
          await healthy(run, port);
          const deadline = Date.now() + 15000;
          while ((await row(made.booking_id)).status !== 'RELEASED' && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 200));
          }
          expect(await row(made.booking_id)).toMatchObject({ status: 'RELEASED', room_claims: 0 });
          expect((await row(kept.booking_id)).status).toBe('ACTIVE');
          // The other process's "now" is 10:30: too early there for 11:00; here at 10:50, open.
          const there = await request(`http://127.0.0.1:${port}`)
            .post(`/api/v1/bookings/${kept.booking_id}/check-in/`)
            .set(bearer(b.access))
            .expect(409);
          expect(there.body.detail).toMatch(/^Too early/);
          at(date, '10:50:00');
          await checkIn(b, kept.booking_id).expect(200);
        } finally {
          expect(await stop(run)).toBe(0);
        }
        expect(run.stderr()).toBe('');
      }, 60000);
    });
  });
});
