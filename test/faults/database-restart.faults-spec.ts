import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess, JWT_SECRET, startApi } from './support/api-process';
import { BookingLoad, countBy, isAcknowledged } from './support/booking-load';
import { FaultEnvironment, startEnvironment } from './support/environment';
import { call } from './support/http';
import { activeBookingRows, invariantViolations, reconcileBookings } from './support/invariants';
import { sleep } from './support/pg-server';
import { Member, seedMembers } from './support/seed';

/**
 * The database restarts in the middle of a load of bookings, by an operator (fast shutdown:
 * sessions are told and closed) or by a crash (SIGKILL of the postmaster, recovery at start):
 * requests during the outage get a quick 503 problem+json (never a 500, never a hang), the API
 * recovers by itself, every booking answered 201 exists, and every other booking is one whose
 * COMMIT reached the server while its answer was lost with the database (answered 503
 * DATABASE_UNAVAILABLE): the client could not know, and resolves it by its Idempotency-Key or
 * by re-reading its bookings. No booking was refused with a 4xx yet exists.
 */
describe.each([
  ['a restart (fast shutdown)', 'fast'],
  ['a crash (SIGKILL of the postmaster)', 'crash'],
] as const)('database outage under booking load: %s', (_name, stopMode) => {
  let env: FaultEnvironment;
  let api: ApiProcess;
  let members: Member[];

  beforeAll(async () => {
    env = await startEnvironment();
    api = await startApi(env.databaseUrl);
    members = await seedMembers(env.db, 200, JWT_SECRET);
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  it('answers 503 quickly while the database is down, recovers, and loses or invents no booking', async () => {
    const load = new BookingLoad(() => api.url, members, 16, 1);
    await sleep(1500);

    const downAt = load.elapsed();
    await env.pg.stop(stopMode);
    await sleep(300);
    const healthDuring = await call(api.url, 'GET', '/health', undefined, undefined, 5000);
    const roomsDuring = await call(api.url, 'GET', '/api/v1/rooms/', members[0].token);
    await sleep(1700);
    await env.pg.start();
    const upAt = load.elapsed();

    // Keep the load on until bookings have succeeded again for a while (or give up at 15 s).
    const deadline = Date.now() + 15000;
    let recoveredAt: number | undefined;
    while (Date.now() < deadline) {
      recoveredAt = load.outcomes.find((o) => o.sentAt > upAt && o.status === 201)?.sentAt;
      if (recoveredAt !== undefined && load.elapsed() > recoveredAt + 1000) break;
      await sleep(100);
    }
    const outcomes = await load.stop();
    const healthAfter = await call(api.url, 'GET', '/health');

    const codes = countBy(outcomes, (o) => o.status);
    const during = outcomes.filter((o) => o.status !== 201);
    const slowest503 = Math.max(0, ...during.map((o) => o.ms));
    const byCode = countBy(
      during,
      (o) => (o.body?.code as string | undefined) ?? o.error ?? 'none',
    );
    const reconciliation = reconcileBookings(outcomes, await activeBookingRows(env.db));
    process.stdout.write(
      `[faults] ${stopMode} stop: ${outcomes.length} bookings sent, status ${JSON.stringify(codes)}, ` +
        `non-201 codes ${JSON.stringify(byCode)}; down at ${Math.round(downAt)} ms, up at ` +
        `${Math.round(upAt)} ms, first 201 sent ${Math.round((recoveredAt ?? NaN) - upAt)} ms after; ` +
        `slowest non-201 ${Math.round(slowest503)} ms; health during ${healthDuring.status}; ` +
        `bookings: ${reconciliation.acknowledged} acknowledged (201), ` +
        `${reconciliation.committedAnswerLost} committed with the answer lost (503)\n`,
    );

    if (codes[500] || codes[0]) {
      const logFile = join(tmpdir(), `faults-${stopMode}-stop-api-${process.pid}.log`);
      writeFileSync(logFile, api.output());
      process.stdout.write(
        `[faults] ${stopMode} stop: unexpected answers; the API's log is in ${logFile}\n`,
      );
    }

    // During the outage: 503 problem+json, fast; GET too; health reports the database down.
    expect(roomsDuring.status).toBe(503);
    expect(roomsDuring.contentType).toMatch(/^application\/problem\+json/);
    expect(roomsDuring.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(healthDuring.status).toBe(503);
    expect(Object.keys(codes).sort()).toEqual(['201', '503']);
    for (const o of during) {
      expect(o.contentType).toMatch(/^application\/problem\+json/);
      expect(o.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    }
    expect(slowest503).toBeLessThan(4000);
    expect(codes[503]).toBeGreaterThan(0);

    // Recovery by itself, within seconds of the server accepting connections again.
    expect(recoveredAt).toBeDefined();
    expect(recoveredAt! - upAt).toBeLessThan(5000);
    expect(healthAfter.status).toBe(200);

    // The invariants hold. Every 201 exists; every other booking had its answer lost with the
    // database (its COMMIT got through, the reply did not), never refused nor never asked for.
    expect(await invariantViolations(env.db)).toEqual({});
    const confirmed = outcomes.filter(isAcknowledged).map((o) => o.body.booking_id);
    expect(new Set(confirmed).size).toBe(confirmed.length);
    expect(reconciliation.missing).toEqual([]);
    expect(reconciliation.unexplained).toEqual([]);
    expect(reconciliation.acknowledged).toBe(confirmed.length);
  });
});
