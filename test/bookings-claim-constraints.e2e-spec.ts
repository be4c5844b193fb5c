import type { PoolClient } from 'pg';
import type { Response } from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { aMember, createAdmin, RegisteredUser } from './support/factories';
import { book, pinnedClock, tolerateTeardownTermination } from './support/booking-helpers';

/**
 * The unique indexes on claims are the last line: a claim the booking's locked read could not
 * see (inserted without the room-day lock, committed while the booking was deciding) must
 * still end as the policy's 409, never a 500.
 */
describe('claims committed behind a booking', () => {
  let t: TestApp;
  let admin: RegisteredUser;

  beforeAll(async () => {
    t = tolerateTeardownTermination(
      // Long enough for the booking to wait on the claim's index until the commit below.
      await startTestApp({ clock: pinnedClock(), env: { DB_LOCK_TIMEOUT_MS: '20000' } }),
    );
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * Runs `conflict` in a transaction of its own, sends the booking, and commits once the
   * booking waits on a lock (its insert meeting the uncommitted claim in a unique index).
   */
  async function bookWhileCommitting(
    conflict: (client: PoolClient) => Promise<unknown>,
    send: () => PromiseLike<Response>,
  ): Promise<Response> {
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      await conflict(client);
      const response = Promise.resolve(send());
      const waited = await untilSomeoneWaitsOnALock();
      await client.query('COMMIT');
      // A booking that never waited was answered without the index: nothing would be proved.
      if (!waited) throw new Error('the booking never waited on the uncommitted claim');
      return await response;
    } finally {
      client.release();
    }
  }

  /** Polls pg_stat_activity for up to 10 s: does a session of this database wait on a lock? */
  async function untilSomeoneWaitsOnALock(): Promise<boolean> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await t.db.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0].waiting > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  it('answers 409 SLOT_TAKEN when the room it chose was claimed meanwhile', async () => {
    const date = '2030-01-20';
    const slot = { room_type: 'PRIVATE', date, time_slot: '10:00:00' };
    for (let i = 0; i < 7; i++) {
      expect((await book(t, admin, { ...slot, user_id: await aMember(t) })).status).toBe(201);
    }
    // P01-P07 are taken: the booking can only choose P08, claimed here without its room-day lock.
    const res = await bookWhileCommitting(
      (client) =>
        client.query(
          `WITH b AS (
             INSERT INTO bookings (booking_id, room_id, date, start_hour, end_hour, created_by)
             SELECT 'RAW-P08', id, $1, 10, 11, $2 FROM rooms WHERE room_number = 'P08'
             RETURNING id, room_id)
           INSERT INTO room_claims (booking_id, room_id, seat_number, date, hour)
           SELECT id, room_id, 0, $1, 10 FROM b`,
          [date, admin.id],
        ),
      () => book(t, admin, slot),
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SLOT_TAKEN');
  });

  it('answers 409 MEMBER_DOUBLE_BOOKED naming the member claimed meanwhile', async () => {
    const date = '2030-01-21';
    const [first, second] = [await aMember(t), await aMember(t)];
    const res = await bookWhileCommitting(
      (client) =>
        client.query(
          `WITH b AS (
             INSERT INTO bookings (booking_id, room_id, date, start_hour, end_hour, created_by)
             SELECT 'RAW-MEMBER', id, $1, 10, 11, $2 FROM rooms WHERE room_number = 'P01'
             RETURNING id)
           INSERT INTO member_claims (booking_id, member_id, date, hour)
           SELECT id, $2, $1, 10 FROM b`,
          [date, second],
        ),
      () =>
        book(t, admin, {
          room_type: 'SHARED_DESK',
          user_ids: [first, second],
          date,
          time_slot: '10:00:00',
        }),
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MEMBER_DOUBLE_BOOKED');
    // The second of the party: named from the violation, not guessed.
    expect(res.body.detail).toContain(`(member ${second})`);
  });
});
