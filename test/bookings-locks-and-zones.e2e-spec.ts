import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, registerUser, RegisteredUser } from './support/factories';
import { book, pinnedClock, tolerateTeardownTermination } from './support/booking-helpers';

/** Room-day lock granularity, bounded lock waits, and "the past" judged in WORKSPACE_TIMEZONE. */
describe('room-day locks and lock timeouts', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = tolerateTeardownTermination(
      await startTestApp({ clock: pinnedClock(), env: { DB_LOCK_TIMEOUT_MS: '300' } }),
    );
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 503 BUSY with Retry-After while the room-day rows are held, other days never wait', async () => {
    const held = '2030-02-10';
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO room_days (room_id, date) SELECT id, $1 FROM rooms ON CONFLICT DO NOTHING`,
        [held],
      );
      await client.query(`SELECT * FROM room_days WHERE date = $1 FOR UPDATE`, [held]);

      // Were it waiting on the held rows, lock_timeout (300 ms) would have made it a 503.
      const other = await book(t, user, {
        room_type: 'PRIVATE',
        date: '2030-02-11',
        time_slot: '10:00:00',
      });
      expect(other.status).toBe(201);

      const blocked = await book(t, user, {
        room_type: 'PRIVATE',
        date: held,
        time_slot: '10:00:00',
      });
      expect(blocked.status).toBe(503);
      expect(blocked.body.code).toBe('BUSY');
      expect(blocked.headers['retry-after']).toBeDefined();
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    const after = await book(t, user, {
      room_type: 'PRIVATE',
      date: held,
      time_slot: '10:00:00',
    });
    expect(after.status).toBe(201);
  });

  it('waits on committed room-day rows another transaction holds FOR UPDATE', async () => {
    // Committed first: the booking's own insert of them then has nothing to wait for, so
    // only its FOR UPDATE can meet the lock held below.
    const held = '2030-02-12';
    await t.db.query(`INSERT INTO room_days (room_id, date) SELECT id, $1 FROM rooms`, [held]);
    const slot = { room_type: 'PRIVATE', date: held, time_slot: '10:00:00' };
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM room_days WHERE date = $1 FOR UPDATE`, [held]);
      const blocked = await book(t, user, slot);
      expect(blocked.status).toBe(503);
      expect(blocked.body.code).toBe('BUSY');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect((await book(t, user, slot)).status).toBe(201);
  });
});

describe('WORKSPACE_TIMEZONE=Asia/Tokyo', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    // 2030-01-15 10:30 UTC is 19:30 in Tokyo: the whole Tokyo day of the 15th has begun.
    t = tolerateTeardownTermination(
      await startTestApp({ clock: pinnedClock(), env: { WORKSPACE_TIMEZONE: 'Asia/Tokyo' } }),
    );
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('judges the past in the workspace zone, not UTC', async () => {
    const late = await book(t, user, {
      room_type: 'PRIVATE',
      date: '2030-01-15',
      time_slot: '17:00:00',
    });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('SLOT_IN_PAST');
    const tomorrow = await book(t, user, {
      room_type: 'PRIVATE',
      date: '2030-01-16',
      time_slot: '09:00:00',
    });
    expect(tomorrow.status).toBe(201);
  });

  it('shows the Tokyo day as over in availability', async () => {
    const res = await request(t.url)
      .get('/api/v1/rooms/availability/?date=2030-01-15')
      .set(bearer(user.access))
      .expect(200);
    expect(res.body.slots.every((s: { PRIVATE: { count: number } }) => s.PRIVATE.count === 0)).toBe(
      true,
    );
  });
});
