import request from 'supertest';
import { ReleaseSweep } from '@app/bookings';
import type { Clock } from '@app/core';
import { bearer, registerUser, RegisteredUser } from '../support/factories';
import { book, invariantViolations, tolerateTeardownTermination } from '../support/booking-helpers';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Two sweeps (two API instances) and a check-in race on the same no-show, every round on a
 * fresh day; what happened is then checked in SQL. The check-in goes to a third instance whose
 * clock is a second behind the sweepers' (10:14:59 against 10:15:00): each side acts on its
 * own "now", as processes on different hosts do, so both are entitled to win.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 20);
const CREATED_AT = '2030-01-15T08:00:00Z';

function movableClock(): Clock & { set(iso: string): void } {
  let current = new Date(CREATED_AT).getTime();
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = new Date(iso).getTime();
    },
  };
}

/**
 * Runs the jobs at once, each after a random pause of up to 15 ms past its `lead` (the
 * check-in, an HTTP round trip, starts a little earlier than the sweeps, called in-process, so
 * either side wins in some rounds); results in job order.
 */
async function race<T>(jobs: { lead: number; run: () => Promise<T> }[]): Promise<T[]> {
  return Promise.all(
    jobs.map(async ({ lead, run }) => {
      await new Promise((resolve) => setTimeout(resolve, lead + Math.random() * 15));
      return run();
    }),
  );
}

describe('check-in against release (two sweeping instances and a third taking the check-in, one database)', () => {
  const sweeperClocks = [movableClock(), movableClock()];
  const checkInClock = movableClock();
  let sweepers: TestApp[];
  let checkInApp: TestApp;
  let member: RegisteredUser;

  beforeAll(async () => {
    const env = { BOOKING_HORIZON_DAYS: '3650' };
    const first = tolerateTeardownTermination(await startTestApp({ clock: sweeperClocks[0], env }));
    const database = first.database;
    const second = tolerateTeardownTermination(
      await startTestApp({ clock: sweeperClocks[1], env, database }),
    );
    checkInApp = tolerateTeardownTermination(
      await startTestApp({ clock: checkInClock, env, database }),
    );
    sweepers = [first, second];
    member = await registerUser(first);
  });
  afterAll(async () => {
    await checkInApp.close();
    await sweepers[1].close();
    await sweepers[0].close();
  });

  const setClocks = (sweepAt: string, checkInAt: string) => {
    for (const clock of sweeperClocks) clock.set(sweepAt);
    checkInClock.set(checkInAt);
  };

  it(`exactly one wins, ${ROUNDS} rounds: checked in and kept, or released with every claim freed`, async () => {
    const t = sweepers[0];
    const wins = { checkIn: 0, release: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const date = new Date(Date.UTC(2030, 1, 1 + round)).toISOString().slice(0, 10);
      setClocks(CREATED_AT, CREATED_AT);
      const made = await book(t, member, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        end_time: '12:00:00',
      });
      expect(made.status).toBe(201);
      const bookingId = made.body.booking_id as string;
      setClocks(`${date}T10:15:00Z`, `${date}T10:14:59Z`);

      const [checkIn, ...released] = await race<number>([
        {
          lead: 0,
          run: async () =>
            (
              await request(checkInApp.url)
                .post(`/api/v1/bookings/${bookingId}/check-in/`)
                .set(bearer(member.access))
            ).status,
        },
        { lead: 5, run: () => sweepers[0].app.get(ReleaseSweep).runOnce() },
        { lead: 5, run: () => sweepers[1].app.get(ReleaseSweep).runOnce() },
      ]);

      const { rows } = await t.db.query<{
        status: string;
        checked_in: boolean;
        released: boolean;
        room_claims: number;
        member_claims: number;
      }>(
        `SELECT status, checked_in_at IS NOT NULL AS checked_in, released_at IS NOT NULL AS released,
                (SELECT count(*)::int FROM room_claims c WHERE c.booking_id = b.id) AS room_claims,
                (SELECT count(*)::int FROM member_claims c WHERE c.booking_id = b.id) AS member_claims
         FROM bookings b WHERE booking_id = $1`,
        [bookingId],
      );
      const releases = released.reduce((sum, n) => sum + n, 0);
      const checkedInWon = checkIn === 200;
      if (checkedInWon) wins.checkIn++;
      else wins.release++;
      expect({ checkIn, releases, ...rows[0] }).toEqual(
        checkedInWon
          ? {
              checkIn: 200,
              releases: 0,
              status: 'ACTIVE',
              checked_in: true,
              released: false,
              room_claims: 2,
              member_claims: 2,
            }
          : {
              checkIn: 404,
              releases: 1,
              status: 'RELEASED',
              checked_in: false,
              released: true,
              room_claims: 0,
              member_claims: 0,
            },
      );
    }
    expect(wins.checkIn + wins.release).toBe(ROUNDS);

    // Later sweeps never release what was checked in.
    setClocks('2031-01-01T12:00:00Z', '2031-01-01T12:00:00Z');
    await Promise.all(sweepers.map((s) => s.app.get(ReleaseSweep).runOnce()));
    const { rows: after } = await t.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM bookings GROUP BY status ORDER BY status`,
    );
    expect(after).toEqual(
      [
        { status: 'ACTIVE', n: wins.checkIn },
        { status: 'RELEASED', n: wins.release },
      ].filter((r) => r.n > 0),
    );
    expect(await invariantViolations(t)).toEqual([]);
  }, 120000);
});
