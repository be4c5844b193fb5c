import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { ApiProcess, JWT_SECRET, startApi } from './support/api-process';
import { FaultEnvironment, startEnvironment } from './support/environment';
import { call } from './support/http';
import { sleep } from './support/pg-server';
import { dayFromToday, seedMembers } from './support/seed';

const SECRET = `whsec_${Buffer.from('fault-spec-secret-24-bytes!').toString('base64')}`;

/**
 * The outbox: a process killed with SIGKILL after its booking committed, before any send,
 * loses nothing. Process A (its dispatcher off, so it can never send) books and is killed;
 * process B's dispatcher finds the delivery in the outbox and sends it, once.
 */
describe('webhook outbox across a SIGKILL between commit and send', () => {
  let env: FaultEnvironment;
  let a: ApiProcess | undefined;
  let b: ApiProcess | undefined;
  let server: Server;
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    env = await startEnvironment();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await env?.close();
  });

  it('delivers the event of a booking whose process died before sending it, exactly once', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await env.db.query(
      `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, '{*}', $2)`,
      [url, SECRET],
    );
    // Production mode: the local receiver needs WEBHOOK_ALLOW_PRIVATE.
    a = await startApi(env.databaseUrl, {
      WEBHOOK_DISPATCH_MS: '0',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    const [member] = await seedMembers(env.db, 1, JWT_SECRET);
    const booked = await call(a.url, 'POST', '/api/v1/bookings/', member.token, {
      room_type: 'PRIVATE',
      date: dayFromToday(30),
      time_slot: '10:00:00',
    });
    expect(booked.status).toBe(201);
    a.child.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    await sleep(300);
    expect(received).toHaveLength(0);
    const pending = await env.db.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE delivered_at IS NULL`,
    );
    expect(pending.rows[0].n).toBe(1);

    b = await startApi(env.databaseUrl, {
      WEBHOOK_DISPATCH_MS: '200',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    const started = Date.now();
    while (received.length === 0 && Date.now() - started < 15000) await sleep(50);
    const deliveredAfter = Date.now() - started;
    // Time for a duplicate to show, if the dispatcher were to send it again.
    await sleep(1500);
    expect(received).toHaveLength(1);
    const payload = new Webhook(SECRET).verify(
      received[0].body,
      received[0].headers as Record<string, string>,
    ) as { type: string; data: { booking_id: string } };
    expect(payload.type).toBe('booking.created');
    expect(payload.data.booking_id).toBe(booked.body?.booking_id);
    const delivered = await env.db.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE delivered_at IS NOT NULL`,
    );
    expect(delivered.rows[0].n).toBe(1);
    process.stdout.write(
      `[faults] webhook outbox: delivered by the second process ${deliveredAfter} ms after it was healthy\n`,
    );
  });
});
