import { connect } from 'node:net';
import request from 'supertest';
import { IdempotencyKeys } from '@app/idempotency';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, registerUser, RegisteredUser } from './support/factories';
import {
  addDaysTo,
  book,
  cancel,
  invariantViolations,
  NOW,
  TODAY,
  tolerateTeardownTermination,
} from './support/booking-helpers';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Idempotency-Key on POST /bookings/ and POST /cancel/{id}/ (CAPABILITIES.md section 4). */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let now = new Date(NOW);
  let day = 2;
  let serial = 0;
  // Far enough ahead that moving the clock a day or two keeps every slot in the future.
  const freshDate = () => addDaysTo(TODAY, day++);
  const freshKey = () => `key-${Date.now()}-${serial++}`;

  beforeAll(async () => {
    t = await startTestApp({ clock: { now: () => now }, env: { BOOKING_HORIZON_DAYS: '365' } });
    tolerateTeardownTermination(t);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    now = new Date(NOW);
  });

  const keyedBook = (
    user: RegisteredUser,
    key: string,
    body: object | string,
    path = '/api/v1/bookings/',
  ) =>
    request(t.url)
      .post(path)
      .set(bearer(user.access))
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  const keyedCancel = (user: RegisteredUser, key: string, bookingId: string) =>
    request(t.url)
      .post(`/api/v1/cancel/${bookingId}/`)
      .set(bearer(user.access))
      .set('Idempotency-Key', key)
      .send();

  const bookingsOf = async (user: RegisteredUser) => {
    const { rows } = await t.db.query<{ booking_id: string; status: string }>(
      `SELECT booking_id, status FROM bookings WHERE created_by = $1 ORDER BY id`,
      [user.id],
    );
    return rows;
  };
  const storedAnswers = async (user: RegisteredUser) => {
    const { rows } = await t.db.query<{ key: string; status: number }>(
      `SELECT key, status FROM idempotency_keys WHERE account_id = $1 ORDER BY created_at, key`,
      [user.id],
    );
    return rows;
  };
  const privateRoom = (date = freshDate()) => ({
    room_type: 'PRIVATE',
    date,
    time_slot: '10:00:00',
  });

  describe('replays', () => {
    it('answers a repeated booking with the stored 201, byte for byte, and books once', async () => {
      const user = await registerUser(t);
      const key = freshKey();
      const body = privateRoom();
      const first = await keyedBook(user, key, body);
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      const again = await keyedBook(user, key, body);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers['content-length']).toBe(first.headers['content-length']);

      // Without the trailing slash, and the same JSON written in another key order.
      const reordered = `{"time_slot":"10:00:00", "date":"${body.date}","room_type":"PRIVATE"}`;
      const variant = await keyedBook(user, key, reordered, '/api/v1/bookings');
      expect(variant.status).toBe(201);
      expect(variant.headers['idempotent-replayed']).toBe('true');
      expect(variant.text).toBe(first.text);

      expect(await bookingsOf(user)).toEqual([
        { booking_id: first.body.booking_id, status: 'ACTIVE' },
      ]);
      expect(await storedAnswers(user)).toEqual([{ key, status: 201 }]);
    });

    it('replays a cancel: 200 again instead of 404, and nothing else changes', async () => {
      const user = await registerUser(t);
      const booked = await book(t, user, privateRoom());
      const key = freshKey();
      const first = await keyedCancel(user, key, booked.body.booking_id);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ message: 'Booking cancelled successfully' });
      const { rows: before } = await t.db.query(
        `SELECT cancelled_at FROM bookings WHERE booking_id = $1`,
        [booked.body.booking_id],
      );

      const again = await keyedCancel(user, key, booked.body.booking_id);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      const { rows: after } = await t.db.query(
        `SELECT cancelled_at FROM bookings WHERE booking_id = $1`,
        [booked.body.booking_id],
      );
      expect(after).toEqual(before);
      // Without the key, the same cancel is a 404 (already cancelled).
      expect((await cancel(t, user, booked.body.booking_id)).status).toBe(404);
    });

    it('stores a refusal from inside the transaction and replays it after the slot frees', async () => {
      const holder = await registerUser(t);
      const user = await registerUser(t);
      const date = freshDate();
      // Take all 8 private rooms at 10:00 with 8 members.
      const holders = [
        holder,
        ...(await Promise.all(Array.from({ length: 7 }, () => registerUser(t)))),
      ];
      const taken = await Promise.all(holders.map((h) => book(t, h, privateRoom(date))));
      expect(taken.map((r) => r.status)).toEqual(Array(8).fill(201));

      const key = freshKey();
      const refused = await keyedBook(user, key, privateRoom(date));
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('SLOT_TAKEN');
      expect(refused.headers['idempotent-replayed']).toBeUndefined();

      expect((await cancel(t, holder, taken[0].body.booking_id)).status).toBe(200);
      const again = await keyedBook(user, key, privateRoom(date));
      expect(again.status).toBe(409);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['content-type']).toBe(refused.headers['content-type']);
      expect(again.text).toBe(refused.text);
      expect(await bookingsOf(user)).toEqual([]);
      // The slot is free: a new key books it.
      expect((await keyedBook(user, freshKey(), privateRoom(date))).status).toBe(201);
    });

    it('stores refusals given before the transaction (body validation, rule checks) too', async () => {
      const user = await registerUser(t);
      const invalidKey = freshKey();
      const invalid = { ...privateRoom(), time_slot: '25:00:00' };
      const first = await keyedBook(user, invalidKey, invalid);
      expect(first.status).toBe(400);
      const again = await keyedBook(user, invalidKey, invalid);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);

      const pastKey = freshKey();
      const past = { room_type: 'PRIVATE', date: TODAY, time_slot: '09:00:00' };
      const inThePast = await keyedBook(user, pastKey, past);
      expect(inThePast.status).toBe(400);
      expect(inThePast.body.code).toBe('SLOT_IN_PAST');

      const cancelKey = freshKey();
      const unknown = await keyedCancel(user, cancelKey, 'nope');
      expect(unknown.status).toBe(404);
      expect((await keyedCancel(user, cancelKey, 'nope')).headers['idempotent-replayed']).toBe(
        'true',
      );
      expect(await storedAnswers(user)).toEqual(
        expect.arrayContaining([
          { key: invalidKey, status: 400 },
          { key: pastKey, status: 400 },
          { key: cancelKey, status: 404 },
        ]),
      );
    });
  });

  describe('reuse', () => {
    it('refuses the key with another body or another path: 422, nothing done', async () => {
      const user = await registerUser(t);
      const key = freshKey();
      const body = privateRoom();
      const first = await keyedBook(user, key, body);
      expect(first.status).toBe(201);

      const otherBody = await keyedBook(user, key, { ...body, time_slot: '11:00:00' });
      expect(otherBody.status).toBe(422);
      expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);

      const otherPath = await keyedCancel(user, key, first.body.booking_id);
      expect(otherPath.status).toBe(422);
      expect(otherPath.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

      expect(await bookingsOf(user)).toEqual([
        { booking_id: first.body.booking_id, status: 'ACTIVE' },
      ]);
    });

    it('keeps the keys of two accounts apart', async () => {
      const ada = await registerUser(t);
      const bob = await registerUser(t);
      const key = freshKey();
      const date = freshDate();
      const forAda = await keyedBook(ada, key, privateRoom(date));
      const forBob = await keyedBook(bob, key, privateRoom(date));
      expect([forAda.status, forBob.status]).toEqual([201, 201]);
      expect(forBob.headers['idempotent-replayed']).toBeUndefined();
      expect(forBob.body.booking_id).not.toBe(forAda.body.booking_id);
      // Even with a different body, Bob's key is his own.
      const bobElse = await keyedBook(bob, freshKey(), privateRoom());
      expect(bobElse.status).toBe(201);
      expect(await bookingsOf(ada)).toHaveLength(1);
      expect(await bookingsOf(bob)).toHaveLength(2);
    });
  });

  describe('malformed keys', () => {
    it.each([
      ['empty', ''],
      ['256 characters', 'k'.repeat(256)],
      ['non-ASCII', 'caf\u00e9'],
      ['a tab inside', 'a\tb'],
    ])('%s: 400 naming the header, nothing booked', async (_case, key) => {
      const user = await registerUser(t);
      const res = await keyedBook(user, key, privateRoom());
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        { field: 'Idempotency-Key', message: expect.stringContaining('1-255 printable ASCII') },
      ]);
      expect(await bookingsOf(user)).toEqual([]);
      expect(await storedAnswers(user)).toEqual([]);
    });

    /** A booking request written on a raw socket, with header lines no HTTP client would send. */
    const rawBooking = (user: RegisteredUser, keyLines: string) => {
      const body = JSON.stringify(privateRoom());
      const { port } = new URL(t.url);
      return new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1');
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString('latin1')));
        socket.on('end', () => resolve(received));
        socket.on('error', reject);
        socket.write(
          `POST /api/v1/bookings/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${user.access}\r\n` +
            `${keyLines}Content-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
    };

    it('a key sent twice: 400 naming the header', async () => {
      const user = await registerUser(t);
      const answer = await rawBooking(user, 'Idempotency-Key: one\r\nIdempotency-Key: two\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('"field":"Idempotency-Key"');
      expect(await bookingsOf(user)).toEqual([]);
    });

    it('a control character: 400 from the HTTP parser, nothing booked', async () => {
      const user = await registerUser(t);
      const answer = await rawBooking(user, 'Idempotency-Key: a\x01b\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('application/problem+json');
      expect(await bookingsOf(user)).toEqual([]);
    });

    it('255 printable characters (spaces and symbols included) are a key', async () => {
      const user = await registerUser(t);
      const key = `${'~ !"#'.repeat(50)}abcde`;
      expect(key).toHaveLength(255);
      const body = privateRoom();
      expect((await keyedBook(user, key, body)).status).toBe(201);
      const again = await keyedBook(user, key, body);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });
  });

  describe('expiry', () => {
    it('after 24 h the key is unused: the same request is processed again', async () => {
      const user = await registerUser(t);
      const key = freshKey();
      const body = privateRoom();
      const first = await keyedBook(user, key, body);
      expect(first.status).toBe(201);
      expect((await cancel(t, user, first.body.booking_id)).status).toBe(200);

      now = new Date(Date.parse(NOW) + DAY_MS - 1000);
      const within = await keyedBook(user, key, body);
      expect(within.headers['idempotent-replayed']).toBe('true');

      now = new Date(Date.parse(NOW) + DAY_MS + 1000);
      const after = await keyedBook(user, key, body);
      expect(after.status).toBe(201);
      expect(after.headers['idempotent-replayed']).toBeUndefined();
      expect(after.body.booking_id).not.toBe(first.body.booking_id);
      expect((await bookingsOf(user)).map((b) => b.status)).toEqual(['CANCELLED', 'ACTIVE']);
      // The stored answer is now the new one, kept 24 h from now.
      const again = await keyedBook(user, key, body);
      expect(again.text).toBe(after.text);
    });

    it('the sweep deletes expired answers and keeps live ones', async () => {
      const user = await registerUser(t);
      const old = freshKey();
      expect((await keyedBook(user, old, privateRoom())).status).toBe(201);
      now = new Date(Date.parse(NOW) + DAY_MS / 2);
      const recent = freshKey();
      expect((await keyedBook(user, recent, privateRoom())).status).toBe(201);

      now = new Date(Date.parse(NOW) + DAY_MS + 1000);
      const keys = t.app.get(IdempotencyKeys);
      await keys.deleteExpired(1);
      expect((await storedAnswers(user)).map((a) => a.key)).toEqual([recent]);
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM idempotency_keys WHERE expires_at <= $1`,
        [now],
      );
      expect(rows[0].n).toBe(0);
    });
  });

  describe('afterwards', () => {
    it('leaves the booking invariants intact', async () => {
      expect(await invariantViolations(t)).toEqual([]);
    });
  });
});
