import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { aMember, bearer, createAdmin, registerUser, RegisteredUser } from '../support/factories';
import {
  TODAY,
  addDaysTo,
  book,
  cancel,
  invariantViolations,
  startTwoInstances,
} from '../support/booking-helpers';

/**
 * Promotion from the waitlist under concurrency, over two API instances on one database: the
 * cancel that frees an hour books the first waiting entry that fits, in its own transaction,
 * while other requests for the same hour race it. Checked with SQL afterwards.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 3);
const WAITING = 20;
const PRIVATE_ROOMS = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08'];
const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 10));

describe('waitlist races (two API instances, one database)', () => {
  let t: TestApp;
  let t2: TestApp;
  let admin: RegisteredUser;
  let waiters: RegisteredUser[];
  let others: RegisteredUser[];
  let day = 1;
  const freshDate = () => addDaysTo(TODAY, day++);
  const urlFor = (i: number) => (i % 2 === 0 ? t.url : t2.url);
  const slot = (date: string) => ({ room_type: 'PRIVATE', date, time_slot: '10:00:00' });
  const join = (url: string, user: RegisteredUser, body: Record<string, unknown>) =>
    request(url).post('/api/v1/waitlist/').set(bearer(user.access)).send(body);

  beforeAll(async () => {
    [t, t2] = await startTwoInstances();
    admin = await createAdmin(t);
    waiters = await Promise.all(Array.from({ length: WAITING }, () => registerUser(t)));
    others = await Promise.all(Array.from({ length: 8 }, () => registerUser(t2)));
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
  });

  /** Every private room taken at 10:00 on `date` by walk-ins; their booking ids in room order. */
  async function fillPrivate(date: string): Promise<string[]> {
    const ids: string[] = [];
    for (const roomNumber of PRIVATE_ROOMS) {
      const res = await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: await aMember(t),
        date,
        time_slot: '10:00:00',
        room_number: roomNumber,
      }).expect(201);
      ids.push(res.body.booking_id as string);
    }
    return ids;
  }

  async function activePrivateAtTen(date: string): Promise<{ member_id: number }[]> {
    const { rows } = await t.db.query<{ member_id: number }>(
      `SELECT b.member_id FROM bookings b JOIN rooms r ON r.id = b.room_id
       WHERE r.room_type = 'PRIVATE' AND b.date = $1 AND b.start_hour <= 10 AND b.end_hour > 10
         AND b.status = 'ACTIVE'`,
      [date],
    );
    return rows;
  }

  it('20 waiting for one hour and a cancel racing other requests: exactly one promoted, the first in line that fits', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const date = freshDate();
      const taken = await fillPrivate(date);
      const entryIds: number[] = [];
      for (const [i, waiter] of waiters.entries()) {
        const res = await join(urlFor(i), waiter, slot(date)).expect(201);
        entryIds.push(res.body.id as number);
      }
      // The first in line got booked elsewhere at that hour: it no longer fits.
      await book(t2, waiters[0], {
        room_type: 'SHARED_DESK',
        date,
        time_slot: '10:00:00',
      }).expect(201);

      const racing: Promise<{ what: string; status: number; code?: string }>[] = [
        (async () => {
          await jitter();
          const res = await cancel(urlFor(round), admin, taken[round % 8]);
          return { what: 'cancel', status: res.status };
        })(),
        ...others.slice(0, 4).map(async (other, i) => {
          await jitter();
          const res = await join(urlFor(i), other, slot(date));
          return { what: 'join', status: res.status, code: res.body.code as string | undefined };
        }),
        ...others.slice(4, 8).map(async (other, i) => {
          await jitter();
          const res = await book(urlFor(i + 1), other, slot(date));
          return { what: 'book', status: res.status, code: res.body.code as string | undefined };
        }),
        (async () => {
          await jitter();
          const res = await request(urlFor(round + 1))
            .delete(`/api/v1/waitlist/${entryIds[WAITING - 1]}/`)
            .set(bearer(waiters[WAITING - 1].access));
          return { what: 'withdraw', status: res.status };
        })(),
        ...waiters.slice(1, 4).map(async (waiter, i) => {
          await jitter();
          const res = await request(urlFor(i)).get('/api/v1/waitlist/').set(bearer(waiter.access));
          return { what: 'list', status: res.status };
        }),
      ];
      const outcomes = await Promise.all(racing);
      const byWhat = (what: string) => outcomes.filter((o) => o.what === what);
      expect(byWhat('cancel')).toEqual([{ what: 'cancel', status: 200 }]);
      expect(byWhat('withdraw')).toEqual([{ what: 'withdraw', status: 204 }]);
      // The hour is never free to anyone but the line: joins wait, direct bookings are refused.
      expect(byWhat('join').map((o) => o.status)).toEqual([201, 201, 201, 201]);
      expect(byWhat('book').map((o) => [o.status, o.code])).toEqual(
        Array.from({ length: 4 }, () => [409, 'SLOT_TAKEN']),
      );
      expect(byWhat('list').every((o) => o.status === 200)).toBe(true);

      const { rows } = await t.db.query<{ id: number; status: string; booking_id: string | null }>(
        `SELECT id, status, booking_id FROM waitlist_entries WHERE date = $1 ORDER BY created_at, id`,
        [date],
      );
      const promoted = rows.filter((r) => r.status === 'PROMOTED');
      expect(promoted.map((r) => r.id)).toEqual([entryIds[1]]);
      expect(rows.find((r) => r.id === entryIds[0])?.status).toBe('WAITING');
      expect(rows.find((r) => r.id === entryIds[WAITING - 1])?.status).toBe('CANCELLED');
      expect(rows.filter((r) => r.status === 'WAITING')).toHaveLength(WAITING - 2 + 4);
      const booking = await t.db.query<{ member_id: number; status: string; created_by: number }>(
        'SELECT member_id, status, created_by FROM bookings WHERE booking_id = $1',
        [promoted[0].booking_id],
      );
      expect(booking.rows).toEqual([
        { member_id: waiters[1].id, status: 'ACTIVE', created_by: waiters[1].id },
      ]);
      const atTen = await activePrivateAtTen(date);
      expect(atTen).toHaveLength(8);
      expect(atTen.filter((b) => b.member_id === waiters[1].id)).toHaveLength(1);
      expect(await invariantViolations(t)).toEqual([]);
    }
  });

  it('a cancel racing a direct booking of the same hour: one booking in the slot, never two', async () => {
    const rounds = 2 * ROUNDS + 2;
    for (let round = 0; round < rounds; round++) {
      const date = freshDate();
      const taken = await fillPrivate(date);
      const waiter = waiters[round % WAITING];
      const booker = others[round % 8];
      const entry = (await join(t.url, waiter, slot(date)).expect(201)).body as { id: number };
      // Odd rounds: the waiter is booked elsewhere, so the freed room is anyone's.
      const waiterFits = round % 2 === 0;
      if (!waiterFits) {
        await book(t, waiter, { room_type: 'SHARED_DESK', date, time_slot: '10:00:00' }).expect(
          201,
        );
      }

      const [cancelled, direct] = await Promise.all([
        (async () => {
          await jitter();
          return cancel(urlFor(round), admin, taken[round % 8]);
        })(),
        (async () => {
          await jitter();
          return book(urlFor(round + 1), booker, slot(date));
        })(),
      ]);
      expect(cancelled.status).toBe(200);
      const { rows } = await t.db.query<{ status: string }>(
        'SELECT status FROM waitlist_entries WHERE id = $1',
        [entry.id],
      );
      const atTen = (await activePrivateAtTen(date)).map((b) => b.member_id);
      const directOutcome = [direct.status, direct.body.code as string | undefined];
      // With a waiter that fits, the waiter has the room first, in the cancel's transaction,
      // whenever the direct booking runs; without one, the room is whoever's comes first.
      const expected = waiterFits
        ? { direct: [409, 'SLOT_TAKEN'], entry: 'PROMOTED', booked: 8, waiterBooked: true }
        : {
            direct: direct.status === 201 ? [201, undefined] : [409, 'SLOT_TAKEN'],
            entry: 'WAITING',
            booked: direct.status === 201 ? 8 : 7,
            waiterBooked: false,
          };
      expect({
        direct: directOutcome,
        entry: rows[0].status,
        booked: atTen.length,
        waiterBooked: atTen.includes(waiter.id),
      }).toEqual(expected);
      expect(await invariantViolations(t)).toEqual([]);
    }
  });
});
