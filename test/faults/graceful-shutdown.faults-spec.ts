import { Client } from 'pg';
import { ApiProcess, JWT_SECRET, startApi } from './support/api-process';
import { FaultEnvironment, startEnvironment } from './support/environment';
import { Answer, call } from './support/http';
import { invariantViolations } from './support/invariants';
import { sleep } from './support/pg-server';
import { Member, dayFromToday, seedMembers } from './support/seed';

/**
 * SIGTERM drains: requests already in flight complete with 2xx, then the process exits 0.
 * Requests are made slow by a test transaction holding table locks they need.
 */
describe('SIGTERM under in-flight requests', () => {
  let env: FaultEnvironment;
  let api: ApiProcess;
  let members: Member[];
  let cleanup: () => Promise<unknown> = () => Promise.resolve();

  beforeAll(async () => {
    env = await startEnvironment();
    api = await startApi(env.databaseUrl);
    members = await seedMembers(env.db, 20, JWT_SECRET);
  });

  afterAll(async () => {
    await cleanup();
    await api?.stop();
    await env?.close();
  });

  it('finishes the slow requests with 2xx, refuses new work, and exits 0', async () => {
    const blocker = new Client({ connectionString: env.databaseUrl });
    blocker.on('error', () => undefined);
    await blocker.connect();
    cleanup = () => blocker.end().catch(() => undefined);
    await blocker.query('BEGIN');
    // Reads of rooms wait on the first lock; booking inserts into room_claims on the second
    // (well inside the bookings' 5 s lock_timeout).
    await blocker.query('LOCK TABLE rooms IN ACCESS EXCLUSIVE MODE');
    await blocker.query('LOCK TABLE room_claims IN EXCLUSIVE MODE');

    const inFlight: Promise<Answer>[] = [];
    for (let i = 0; i < 4; i++) {
      inFlight.push(call(api.url, 'GET', '/api/v1/rooms/', members[i].token));
      inFlight.push(
        call(api.url, 'POST', '/api/v1/bookings/', members[10 + i].token, {
          room_type: 'PRIVATE',
          date: dayFromToday(5),
          time_slot: '10:00:00',
        }),
      );
    }
    // Until all eight are inside PostgreSQL, waiting on the locks.
    const deadline = Date.now() + 5000;
    let waiting = 0;
    while (Date.now() < deadline) {
      const { rows } = await env.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE application_name = 'workspace-booking' AND wait_event_type = 'Lock'`,
      );
      waiting = rows[0].n;
      if (waiting === 8) break;
      await sleep(25);
    }
    expect(waiting).toBe(8);

    const termAt = performance.now();
    api.child.kill('SIGTERM');
    await sleep(400);
    // Still running (draining), and no longer taking new connections.
    expect(api.child.exitCode).toBeNull();
    const late = await call(api.url, 'GET', '/health', undefined, undefined, 2000);
    expect(late.status === 0 || late.status === 503).toBe(true);

    await blocker.query('COMMIT');
    await blocker.end();
    const answers = await Promise.all(inFlight);
    const exit = await api.exited;
    const exitMs = performance.now() - termAt;
    process.stdout.write(
      `[faults] SIGTERM: in-flight answers ${answers.map((a) => a.status).join(',')}; ` +
        `request after SIGTERM ${late.status || late.error}; exit code ${exit.code} ${Math.round(exitMs)} ms after SIGTERM\n`,
    );

    expect(answers.map((a) => a.status)).toEqual([200, 201, 200, 201, 200, 201, 200, 201]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await invariantViolations(env.db)).toEqual({});
    const { rows } = await env.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings WHERE status = 'ACTIVE'`,
    );
    expect(rows[0].n).toBe(4);
  });
});
