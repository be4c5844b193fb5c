import request from 'supertest';
import { READ_DATABASE, ReadDatabase } from '@app/database';
import { freePort } from '@app/embedded-postgres';
import { book } from './support/booking-helpers';
import { bearer, createAdmin, dayFromToday, registerUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './support/test-database';

/**
 * DATABASE_READ_URL routing, with a stand-in for the replica: another clone of the migrated
 * template on the same server, which the app never seeds or writes. What the read-only
 * endpoints answer from it (no rooms, no bookings) shows where they read; booking, the account
 * check and the primary's rows show that decisions stay on the primary. A real streaming
 * replica is in test/faults/read-replica.faults-spec.ts.
 */
describe('read source (DATABASE_READ_URL)', () => {
  describe('with a reachable read database', () => {
    let t: TestApp;
    let standIn: string;

    beforeAll(async () => {
      standIn = await createTestDatabase();
      t = await startTestApp({ env: { DATABASE_READ_URL: testServerUrl(standIn) } });
    });

    afterAll(async () => {
      await t?.close();
      await dropTestDatabase(standIn);
    });

    it('reads lists and availability there, books and checks the account on the primary', async () => {
      expect(t.app.get<ReadDatabase>(READ_DATABASE).hasReplica).toBe(true);
      // The account exists only on the primary: the per-request check read it there.
      const user = await registerUser(t);
      const rooms = await request(t.url).get('/api/v1/rooms/').set(bearer(user.access));
      expect(rooms.status).toBe(200);
      expect(rooms.body).toEqual([]);

      const date = dayFromToday(2);
      const booked = await book(t, user, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00',
        end_time: '11:00',
      });
      expect(booked.status).toBe(201);
      const { rows } = await t.db.query('SELECT 1 FROM bookings WHERE booking_id = $1', [
        booked.body.booking_id,
      ]);
      expect(rows).toHaveLength(1);

      const mine = await request(t.url)
        .get('/api/v1/bookings/my-bookings')
        .set(bearer(user.access));
      expect(mine.status).toBe(200);
      expect(mine.body.active).toEqual([]);
      const available = await request(t.url)
        .get(`/api/v1/rooms/available/?date=${date}&time_slot=10:00`)
        .set(bearer(user.access));
      expect(available.status).toBe(200);
      expect(available.body.available_rooms).toEqual([]);
      // A booking missing on the read database (replication lag) is asked of the primary.
      const one = await request(t.url)
        .get(`/api/v1/bookings/${booked.body.booking_id}`)
        .set(bearer(user.access));
      expect(one.status).toBe(200);
      expect(one.body.booking_id).toBe(booked.body.booking_id);
    });

    it('answers the utilisation report from there (no rooms on the stand-in)', async () => {
      const admin = await createAdmin(t);
      const res = await request(t.url)
        .get('/api/v1/reports/utilisation/?from=2030-01-01&to=2030-01-31')
        .set(bearer(admin.access))
        .expect(200);
      expect(res.body.rooms).toEqual([]);
      expect(res.body.room_types.map((r: { bookable_hours: number }) => r.bookable_hours)).toEqual([
        0, 0, 0,
      ]);
    });

    it('answers from the primary once the read database is gone', async () => {
      const user = await registerUser(t);
      await dropTestDatabase(standIn);
      for (let i = 0; i < 3; i++) {
        const rooms = await request(t.url).get('/api/v1/rooms/').set(bearer(user.access));
        expect(rooms.status).toBe(200);
        expect(rooms.body.length).toBeGreaterThan(0);
      }
      const booked = await book(t, user, {
        room_type: 'PRIVATE',
        date: dayFromToday(3),
        time_slot: '10:00',
        end_time: '11:00',
      });
      expect(booked.status).toBe(201);
      const mine = await request(t.url)
        .get('/api/v1/bookings/my-bookings')
        .set(bearer(user.access));
      expect(mine.status).toBe(200);
      expect(mine.body.active.map((b: { booking_id: string }) => b.booking_id)).toEqual([
        booked.body.booking_id,
      ]);
    });
  });

  it('starts and answers from the primary when the read database is unreachable at start', async () => {
    const t = await startTestApp({
      env: { DATABASE_READ_URL: `postgres://postgres@127.0.0.1:${await freePort()}/none` },
    });
    try {
      const user = await registerUser(t);
      const rooms = await request(t.url).get('/api/v1/rooms/').set(bearer(user.access));
      expect(rooms.status).toBe(200);
      expect(rooms.body.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('is the primary itself without DATABASE_READ_URL', async () => {
    const t = await startTestApp();
    try {
      const read = t.app.get<ReadDatabase>(READ_DATABASE);
      expect(read.hasReplica).toBe(false);
      expect(read.primary.isInitialized).toBe(true);
    } finally {
      await t.close();
    }
  });
});
