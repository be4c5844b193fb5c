import { ApiProcess, JWT_SECRET, startApi } from './support/api-process';
import { BookingLoad, Outcome, countBy } from './support/booking-load';
import { FaultEnvironment, startEnvironment } from './support/environment';
import { call } from './support/http';
import {
  activeBookingIds,
  invariantViolations,
  waitForApiSessionsGone,
} from './support/invariants';
import { sleep } from './support/pg-server';
import { Member, seedMembers } from './support/seed';

/**
 * An API process killed with SIGKILL in the middle of booking traffic leaves no partial
 * booking: its open transactions die with its connections. Three kills at different moments.
 */
describe('API killed with SIGKILL under booking load', () => {
  let env: FaultEnvironment;
  let members: Member[];
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    env = await startEnvironment();
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  it('leaves no claim without its booking and no booking without its claims', async () => {
    const confirmed: string[] = [];
    const rounds: string[] = [];
    for (let round = 0; round < 3; round++) {
      api = await startApi(env.databaseUrl);
      members ??= await seedMembers(env.db, 200, JWT_SECRET);
      const current = api;
      const load = new BookingLoad(() => current.url, members, 16, 1 + round * 60);
      await sleep(800 + round * 350);
      current.child.kill('SIGKILL');
      const exit = await current.exited;
      const outcomes = await load.stop();
      expect(exit.signal).toBe('SIGKILL');

      // The killed process's sessions end; PostgreSQL rolls back whatever they had open.
      expect(await waitForApiSessionsGone(env.db)).toBe(0);
      const codes = countBy(outcomes, (o) => o.status);
      rounds.push(`round ${round + 1}: ${JSON.stringify(codes)}`);
      // Before the kill everything succeeded; at the kill, connections were cut (status 0).
      expect(Object.keys(codes).every((code) => code === '201' || code === '0')).toBe(true);
      confirmed.push(
        ...outcomes
          .filter((o): o is Outcome & { body: { booking_id: string } } => o.status === 201)
          .map((o) => o.body.booking_id),
      );
      expect(await invariantViolations(env.db)).toEqual({});
    }
    process.stdout.write(`[faults] SIGKILL: ${rounds.join('; ')}\n`);

    // Every booking answered 201 exists. Requests cut by the kill may have committed just
    // before it (the client never heard): those must be whole bookings, which the invariants
    // above already proved; list them for the record.
    const active = await activeBookingIds(env.db);
    expect(active).toEqual(expect.arrayContaining(confirmed));
    const unheard = active.filter((id) => !confirmed.includes(id));
    process.stdout.write(
      `[faults] SIGKILL: ${confirmed.length} confirmed bookings all present; ` +
        `${unheard.length} committed at the moment of a kill without an answer\n`,
    );

    // A fresh API on the same database books again.
    api = await startApi(env.databaseUrl);
    const again = await call(api.url, 'POST', '/api/v1/bookings/', members[0].token, {
      room_type: 'PRIVATE',
      date: new Date(Date.now() + 300 * 86400000).toISOString().slice(0, 10),
      time_slot: '10:00:00',
    });
    expect(again.status).toBe(201);
  });
});
