import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HoursFreedHooks, ReleaseSweep, SlotTaken } from '@app/bookings';
import type { Clock } from '@app/core';
import { runInTransaction } from '@app/database';
import { WaitlistExpirySweep } from '@app/waitlist';
import { Outbox } from '@app/webhooks';
import { startTestApp, TestApp } from './support/test-app';
import { aMember, bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import { NOW, TODAY, book, cancel, dateSequence } from './support/booking-helpers';

/** What a receiver got: the raw body and headers, as a consumer would verify them. */
interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A local HTTP receiver; `answer` picks each request's status (default 200). */
class Receiver {
  readonly received: Received[] = [];
  answer: (n: number) => number = () => 200;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.statusCode = this.answer(this.received.length);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Payloads received so far, each verified with the endpoint's secret. */
  verified(secret: string): { type: string; data: Record<string, unknown> }[] {
    const webhook = new Webhook(secret);
    return this.received.map(
      (r) =>
        webhook.verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: Record<string, unknown>;
        },
    );
  }
}

async function eventually<T>(probe: () => Promise<T> | T, done: (v: T) => boolean, ms = 8000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhooks', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let member: RegisteredUser;
  let receiver: Receiver;
  let now = NOW;
  const clock: Clock = { now: () => new Date(now) };
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { WEBHOOK_DISPATCH_MS: '50', WEBHOOK_RETRY_BASE_MS: '200' },
    });
    admin = await createAdmin(t);
    member = await registerUser(t, { username: 'hooked', email: 'hooked@example.com' });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    now = NOW;
    receiver = await new Receiver().start();
    // Each test starts with no endpoint, so only its own receives anything.
    await t.db.query(`DELETE FROM webhook_endpoints`);
  });
  afterEach(async () => {
    await receiver.stop();
  });

  const subscribe = (body: Record<string, unknown>, user: RegisteredUser = admin) =>
    request(t.url).post('/api/v1/webhooks/').set(bearer(user.access)).send(body);
  const attempts = (id: number, query = '') =>
    request(t.url).get(`/api/v1/webhooks/${id}/deliveries/${query}`).set(bearer(admin.access));
  const privateBooking = (user: RegisteredUser, date: string, hour = 10) =>
    book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: `${String(hour).padStart(2, '0')}:00:00`,
    });

  it('delivers a signed booking.created that the standardwebhooks library verifies', async () => {
    const created = await subscribe({ url: receiver.url, events: ['*'], description: 'all' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      url: receiver.url,
      events: ['*'],
      description: 'all',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
      is_active: true,
      created_at: expect.any(String),
      failing_since: null,
    });
    const booked = await privateBooking(member, nextDate());
    expect(booked.status).toBe(201);

    await eventually(
      () => receiver.received.length,
      (n) => n >= 1,
    );
    const [payload] = receiver.verified(created.body.secret);
    expect(payload.type).toBe('booking.created');
    expect(payload.data).toMatchObject({
      booking_id: booked.body.booking_id,
      room_type: 'PRIVATE',
      time_slot: '10:00:00',
      user_id: member.id,
    });
    expect(receiver.received[0].headers['webhook-id']).toMatch(/^msg_\d+$/);
    // Another secret does not verify it.
    expect(() => receiver.verified(`whsec_${Buffer.alloc(24, 1).toString('base64')}`)).toThrow();

    const listed = await eventually(
      () => attempts(created.body.id),
      (res) => res.body.results?.length === 1,
    );
    expect(listed.body.results[0]).toMatchObject({
      event_type: 'booking.created',
      attempt: 1,
      status_code: 200,
      error: null,
      succeeded: true,
      message_id: receiver.received[0].headers['webhook-id'],
    });
  });

  it('retries a 500 and delivers the same message again', async () => {
    receiver.answer = (n) => (n === 1 ? 500 : 200);
    const created = await subscribe({ url: receiver.url, events: ['booking.cancelled'] });
    const booked = await privateBooking(member, nextDate());
    expect((await cancel(t, member, booked.body.booking_id)).status).toBe(200);

    await eventually(
      () => receiver.received.length,
      (n) => n >= 2,
    );
    const payloads = receiver.verified(created.body.secret);
    expect(payloads.map((p) => p.type)).toEqual(['booking.cancelled', 'booking.cancelled']);
    expect(payloads[1].data).toMatchObject({
      booking_id: booked.body.booking_id,
      cancelled_by: member.id,
    });
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    const listed = await eventually(
      () => attempts(created.body.id),
      (res) => res.body.results?.length === 2,
    );
    expect(
      listed.body.results.map((a: { status_code: number; attempt: number }) => [
        a.attempt,
        a.status_code,
      ]),
    ).toEqual([
      [2, 200],
      [1, 500],
    ]);
    // Paginated with a cursor as the other lists.
    const first = await attempts(created.body.id, '?page_size=1');
    const second = await attempts(created.body.id, `?cursor=${first.body.next_cursor}`);
    expect(second.body.results[0]).toMatchObject({
      attempt: 1,
      status_code: 500,
      error: 'HTTP 500',
      succeeded: false,
      duration_ms: expect.any(Number),
    });
  });

  it('keeps the order per endpoint: nothing after a failing event until it succeeds', async () => {
    receiver.answer = (n) => (n <= 2 ? 503 : 200);
    const created = await subscribe({ url: receiver.url, events: ['booking.created'] });
    const date = nextDate();
    const ids: string[] = [];
    for (const hour of [9, 10, 11, 12, 13]) {
      const res = await privateBooking(member, date, hour);
      expect(res.status).toBe(201);
      ids.push(res.body.booking_id);
    }
    await eventually(
      () => receiver.received.length,
      (n) => n >= 7,
    );
    const seen = receiver.verified(created.body.secret).map((p) => p.data.booking_id);
    // The first event three times (two failures), then the rest in commit order.
    expect(seen.slice(0, 7)).toEqual([ids[0], ids[0], ids[0], ...ids.slice(1)]);
  });

  it('keeps the order with two processes booking and dispatching', async () => {
    const other = await startTestApp({
      database: t.database,
      clock,
      env: { WEBHOOK_DISPATCH_MS: '20', WEBHOOK_RETRY_BASE_MS: '200' },
    });
    try {
      const created = await subscribe({ url: receiver.url, events: ['booking.created'] });
      const ids: string[] = [];
      const date = nextDate();
      for (const hour of [9, 10, 11, 12, 13, 14, 15, 16, 17]) {
        // Alternate the process that books: both write to the outbox.
        const res = await book(hour % 2 ? other.url : t.url, member, {
          room_type: 'SHARED_DESK',
          date,
          time_slot: `${String(hour).padStart(2, '0')}:00:00`,
        });
        expect(res.status).toBe(201);
        ids.push(res.body.booking_id);
      }
      await eventually(
        () => receiver.received.length,
        (n) => n >= ids.length,
      );
      await new Promise((r) => setTimeout(r, 300));
      const seen = receiver.verified(created.body.secret).map((p) => p.data.booking_id);
      expect(seen).toEqual(ids);
    } finally {
      await other.close();
    }
  });

  it('sends nothing for a rolled-back change', async () => {
    await subscribe({ url: receiver.url, events: ['*'] });
    const before = await t.db.query(`SELECT count(*)::int AS n FROM webhook_events`);
    const dataSource = t.app.get(DataSource);
    await expect(
      runInTransaction(dataSource, async ({ manager }) => {
        await Outbox.enqueue(manager, 'booking.created', { booking_id: 'rolled-back' });
        throw new Error('the change fails after its event was written');
      }),
    ).rejects.toThrow('the change fails');
    // A refused booking writes nothing either.
    const date = nextDate();
    const taker = await privateBooking(member, date);
    expect(taker.status).toBe(201);
    expect((await privateBooking(member, date)).status).toBe(409);
    // A cancel whose own transaction fails after it wrote its event (a freed-hours hook throws).
    let failCancel = true;
    t.app.get(HoursFreedHooks).register((_tx, freed) => {
      if (failCancel && freed.some((f) => f.date === date)) throw new SlotTaken();
      return Promise.resolve();
    });
    try {
      expect((await cancel(t, member, taker.body.booking_id)).status).toBe(409);
    } finally {
      failCancel = false;
    }

    await eventually(
      () => receiver.received.length,
      (n) => n >= 1,
    );
    await new Promise((r) => setTimeout(r, 300));
    const after = await t.db.query(`SELECT count(*)::int AS n FROM webhook_events`);
    expect(after.rows[0].n - before.rows[0].n).toBe(1);
    expect(receiver.received.map((r) => JSON.parse(r.body).data.booking_id)).toEqual([
      taker.body.booking_id,
    ]);
  });

  it('writes one event with a statement planned once per connection, several in order', async () => {
    const client = await t.db.connect();
    const types: string[] = [];
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO webhook_endpoints (url, events, secret) VALUES ('https://example.com/x', '{*}', 's')`,
      );
      const run = async (data: Record<string, unknown> | Record<string, unknown>[]) => {
        const { statement, values } = Outbox.call('booking.created', data);
        const { rows } = await client.query<{ name: string }>({
          name: statement.name,
          text: statement.text,
          values: values as unknown[],
        });
        types.push(statement.name);
        return rows;
      };
      // Past PostgreSQL's five trial (custom) plans, the one-event statement runs its generic plan.
      for (let i = 0; i < 8; i++) await run({ booking_id: `one-${i}` });
      const { rows: plans } = await client.query<{ generic_plans: string }>(
        'SELECT generic_plans FROM pg_prepared_statements WHERE name = $1',
        [types[0]],
      );
      expect(Number(plans[0].generic_plans)).toBeGreaterThan(0);
      await run([{ booking_id: 'many-1' }, { booking_id: 'many-2' }, { booking_id: 'many-3' }]);
      expect(new Set(types).size).toBe(2);
      const { rows } = await client.query<{ booking_id: string }>(
        `SELECT data->>'booking_id' AS booking_id FROM webhook_events
         WHERE data->>'booking_id' LIKE 'one-%' OR data->>'booking_id' LIKE 'many-%' ORDER BY id`,
      );
      expect(rows.map((r) => r.booking_id)).toEqual([
        ...Array.from({ length: 8 }, (_, i) => `one-${i}`),
        'many-1',
        'many-2',
        'many-3',
      ]);
    } finally {
      await client.query('ROLLBACK');
      await client.query('DEALLOCATE ALL');
      client.release();
    }
  });

  it('writes an event in the transaction of every change the contract lists', async () => {
    const created = await subscribe({ url: receiver.url, events: ['*'] });
    const date = TODAY;
    const typesSince = async (id: number) =>
      (
        await t.db.query<{ type: string }>(
          `SELECT type FROM webhook_events WHERE id > $1 ORDER BY id`,
          [id],
        )
      ).rows.map((r) => r.type);
    const { rows } = await t.db.query(`SELECT coalesce(max(id), 0)::int AS id FROM webhook_events`);
    const start = rows[0].id as number;

    // Check-in: a booking at 11:00 today, 10 minutes before it starts.
    const checked = await privateBooking(member, date, 11);
    now = `${TODAY}T10:50:00Z`;
    const checkIn = await request(t.url)
      .post(`/api/v1/bookings/${checked.body.booking_id}/check-in/`)
      .set(bearer(member.access));
    expect(checkIn.status).toBe(200);

    // Every private room at 13:00, a waitlist entry for it, then a cancel promotes it.
    now = NOW;
    const taken: string[] = [];
    for (;;) {
      const res = await book(t, admin, {
        room_type: 'PRIVATE',
        date,
        time_slot: '13:00:00',
        user_id: await aMember(t),
      });
      if (res.status === 409) break;
      taken.push(res.body.booking_id);
    }
    const joined = await request(t.url)
      .post('/api/v1/waitlist/')
      .set(bearer(member.access))
      .send({ room_type: 'PRIVATE', date, time_slot: '13:00:00' });
    expect(joined.status).toBe(201);
    expect((await cancel(t, admin, taken[0])).status).toBe(200);

    // Another entry for 14:00 that expires when 14:00 begins.
    for (;;) {
      const res = await book(t, admin, {
        room_type: 'PRIVATE',
        date,
        time_slot: '14:00:00',
        user_id: await aMember(t),
      });
      if (res.status === 409) break;
    }
    const waiting = await request(t.url)
      .post('/api/v1/waitlist/')
      .set(bearer(admin.access))
      .send({ room_type: 'PRIVATE', date, time_slot: '14:00:00', user_id: await aMember(t) });
    expect(waiting.status).toBe(201);

    // A series and its cancellation.
    const series = await request(t.url)
      .post('/api/v1/bookings/series/')
      .set(bearer(member.access))
      .send({
        room_type: 'PRIVATE',
        start_date: nextDate(),
        time_slot: '16:00:00',
        recurrence: { frequency: 'DAILY', count: 2 },
      });
    expect(series.status).toBe(201);
    const cancelled = await request(t.url)
      .post(`/api/v1/series/${series.body.series_id}/cancel/`)
      .set(bearer(member.access));
    expect(cancelled.status).toBe(200);

    // No-shows released and the waiting entry expired, at 14:20.
    now = `${TODAY}T14:20:00Z`;
    expect(await t.app.get(ReleaseSweep).runOnce()).toBeGreaterThan(0);
    expect(await t.app.get(WaitlistExpirySweep).sweep()).toBe(1);

    const types = new Set(await typesSince(start));
    expect([...types].sort()).toEqual(
      [
        'booking.created',
        'booking.checked_in',
        'booking.cancelled',
        'booking.promoted',
        'booking.released',
        'series.created',
        'series.cancelled',
        'waitlist.expired',
      ].sort(),
    );
    // A cancel that promotes: the cancel's event comes before the promotion's.
    const order = await typesSince(start);
    const cancelAt = order.indexOf('booking.cancelled');
    expect(order.indexOf('booking.promoted')).toBeGreaterThan(cancelAt);
    // Every one of them reaches the "*" endpoint.
    const total = order.length;
    await eventually(
      () => receiver.received.length,
      (n) => n >= total,
      15000,
    );
    expect(receiver.verified(created.body.secret).map((p) => p.type)).toEqual(order);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const cases: Record<string, unknown>[] = [
      { url: 'not a url', events: ['*'] },
      { url: 'ftp://example.com/hook', events: ['*'] },
      { url: 'https://user:secret@example.com/hook', events: ['*'] },
      { url: 'https://example.com/hook', events: [] },
      { url: 'https://example.com/hook', events: ['booking.exploded'] },
      { url: 'https://example.com/hook', events: 'booking.created' },
      { url: 'https://example.com/hook' },
      { events: ['*'] },
      { url: `https://example.com/${'x'.repeat(2100)}`, events: ['*'] },
    ];
    for (const body of cases) {
      const res = await subscribe(body);
      expect([JSON.stringify(body).slice(0, 60), res.status, res.body.code]).toEqual([
        JSON.stringify(body).slice(0, 60),
        400,
        'VALIDATION_FAILED',
      ]);
    }
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM webhook_endpoints`);
    expect(rows[0].n).toBe(0);
    const refused = await subscribe({ url: receiver.url, events: ['*'] }, member);
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM webhook_endpoints`)).rows[0].n).toBe(
      0,
    );
  });

  it('refuses non-https and private addresses outside development unless allowed', async () => {
    const strict = await startTestApp({
      database: t.database,
      env: { WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_DISPATCH_MS: '0' },
    });
    try {
      for (const url of [
        'http://example.com/hook',
        'https://localhost/hook',
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://192.168.1.1/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/hook',
        'https://[::ffff:127.0.0.1]/hook',
      ]) {
        const res = await request(strict.url)
          .post('/api/v1/webhooks/')
          .set(bearer(admin.access))
          .send({ url, events: ['*'] });
        expect([url, res.status, res.body.errors?.[0]?.field]).toEqual([url, 400, 'url']);
      }
      const created = await subscribe({ url: 'https://example.com/hook', events: ['*'] });
      const patched = await request(strict.url)
        .patch(`/api/v1/webhooks/${created.body.id}/`)
        .set(bearer(admin.access))
        .send({ url: 'https://127.0.0.1/hook' });
      expect([patched.status, patched.body.errors?.[0]?.field]).toEqual([400, 'url']);
      const kept = await request(strict.url)
        .get(`/api/v1/webhooks/${created.body.id}/`)
        .set(bearer(admin.access));
      expect(kept.body.url).toBe('https://example.com/hook');
    } finally {
      await strict.close();
    }
  });

  it('lists, shows (never the secret), changes and deletes endpoints', async () => {
    const created = await subscribe({ url: receiver.url, events: ['booking.created'] });
    const id = created.body.id as number;
    const one = await request(t.url).get(`/api/v1/webhooks/${id}/`).set(bearer(admin.access));
    expect(one.status).toBe(200);
    expect(one.body.secret).toBeUndefined();
    const list = await request(t.url).get('/api/v1/webhooks/').set(bearer(admin.access));
    expect(list.body.results.map((e: { id: number }) => e.id)).toEqual([id]);
    expect(list.body.results[0].secret).toBeUndefined();

    const patched = await request(t.url)
      .patch(`/api/v1/webhooks/${id}/`)
      .set(bearer(admin.access))
      .send({ events: ['booking.cancelled', 'booking.cancelled'], is_active: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ['booking.cancelled'], is_active: false });
    // Inactive: nothing is queued for it.
    await privateBooking(member, nextDate());
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`,
      [id],
    );
    expect(rows[0].n).toBe(0);

    const removed = await request(t.url)
      .delete(`/api/v1/webhooks/${id}/`)
      .set(bearer(admin.access));
    expect(removed.status).toBe(204);
    const gone = await request(t.url).get(`/api/v1/webhooks/${id}/`).set(bearer(admin.access));
    expect([gone.status, gone.body.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
  });

  it('disables an endpoint that has failed for 3 days', async () => {
    receiver.answer = () => 500;
    const created = await subscribe({ url: receiver.url, events: ['booking.created'] });
    await t.db.query(
      `UPDATE webhook_endpoints SET failing_since = now() - interval '3 days 1 minute' WHERE id = $1`,
      [created.body.id],
    );
    await privateBooking(member, nextDate());
    const endpoint = await eventually(
      () => request(t.url).get(`/api/v1/webhooks/${created.body.id}/`).set(bearer(admin.access)),
      (res) => res.body.is_active === false,
    );
    expect(endpoint.body.failing_since).not.toBeNull();
    expect(receiver.received).toHaveLength(1);
    // Audited in the statement that disabled it, by the system (no actor), once.
    const { rows } = await t.db.query(
      `SELECT actor_id, data FROM audit_log
       WHERE action = 'webhook.disabled' AND entity = 'webhook' AND entity_id = $1`,
      [String(created.body.id)],
    );
    expect(rows).toEqual([
      {
        actor_id: null,
        data: expect.objectContaining({ reason: 'no successful delivery for 3 days' }),
      },
    ]);
  });
});
