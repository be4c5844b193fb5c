import request from 'supertest';
import { bearer, createAdmin, registerUser, RegisteredUser } from '../support/factories';
import {
  TODAY,
  addDaysTo,
  book,
  invariantViolations,
  startTwoInstances,
} from '../support/booking-helpers';
import type { TestApp } from '../support/test-app';

/**
 * Series racing single bookings for the same hours, over two API instances on one database,
 * with real parallel requests; rules 6 and 7 are then checked in SQL. A series locks the
 * room-days of all its dates (by date, then room id) and a single booking one date's (by room
 * id): nothing may deadlock, every request is answered 201 or 409.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 6);
const DAYS = 5;
const SERIES_PER_ROUND = 8;
const SINGLES_PER_ROUND = 8;

interface Outcome {
  kind: string;
  status: number;
  body: { code?: string; series_id?: string; booked?: unknown[] };
}

/** Runs the jobs at once in a random order, each after 0-20 ms; results in job order. */
async function race(jobs: (() => Promise<Outcome>)[]): Promise<Outcome[]> {
  const results = new Array<Outcome>(jobs.length);
  await Promise.all(
    jobs.map(async (job, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      results[i] = await job();
    }),
  );
  return results;
}

describe('series races (two API instances, one database)', () => {
  let t: TestApp;
  let t2: TestApp;
  let members: RegisteredUser[];
  const urlFor = (i: number) => (i % 2 === 0 ? t.url : t2.url);

  beforeAll(async () => {
    [t, t2] = await startTwoInstances();
    await createAdmin(t);
    members = [];
    for (let batch = 0; batch < 2; batch++) {
      members.push(...(await Promise.all(Array.from({ length: 8 }, () => registerUser(t)))));
    }
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
  });

  it(`holds rules 6 and 7 over ${ROUNDS} rounds, answering every request 201 or 409`, async () => {
    const statuses: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const start = addDaysTo(TODAY, 1 + round * (DAYS + 2));
      const dates = Array.from({ length: DAYS }, (_, i) => addDaysTo(start, i));
      const seriesMembers = members.slice(0, SERIES_PER_ROUND);
      const singleMembers = members.slice(SERIES_PER_ROUND, SERIES_PER_ROUND + SINGLES_PER_ROUND);
      const jobs: (() => Promise<Outcome>)[] = [
        // 8 series for 5 days in the 8 private rooms, half all-or-nothing, half skipping.
        ...seriesMembers.map((m, i) => async () => {
          const res = await request(urlFor(i))
            .post('/api/v1/bookings/series/')
            .set(bearer(m.access))
            .send({
              room_type: 'PRIVATE',
              time_slot: '10:00:00',
              end_time: i % 3 === 0 ? '12:00:00' : undefined,
              start_date: start,
              recurrence: { frequency: 'DAILY', count: DAYS },
              on_conflict: i % 2 === 0 ? 'fail' : 'skip',
            });
          return { kind: 'series', status: res.status, body: res.body };
        }),
        // 8 single bookings of the same hours, so the rooms run out on some dates.
        ...singleMembers.map((m, i) => async () => {
          const res = await book(urlFor(i + 1), m, {
            room_type: 'PRIVATE',
            date: dates[i % DAYS],
            time_slot: i % 2 === 0 ? '10:00:00' : '11:00:00',
          });
          return { kind: 'single', status: res.status, body: res.body };
        }),
        // Series members booking a desk in the same hours: rule 7 across room types.
        ...seriesMembers.slice(0, 3).map((m, i) => async () => {
          const res = await book(urlFor(i), m, {
            room_type: 'SHARED_DESK',
            date: dates[(round + i) % DAYS],
            time_slot: '10:00:00',
          });
          return { kind: 'desk', status: res.status, body: res.body };
        }),
      ];
      const outcomes = await race(jobs);
      for (const o of outcomes) {
        const key = `${o.kind} ${o.status} ${o.body.code ?? ''}`.trim();
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      // Every request answered, none with a 5xx (a deadlock, a lock timeout, a bug).
      expect(outcomes.filter((o) => o.status !== 201 && o.status !== 409)).toEqual([]);
      // No room, seat or member twice in an hour; claims consistent with active bookings.
      expect(await invariantViolations(t)).toEqual([]);
      // all-or-nothing series wrote all their dates; every 201 is in the database as answered.
      for (const o of outcomes.filter((x) => x.kind === 'series' && x.status === 201)) {
        const { rows } = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bookings WHERE series_id = $1 AND status = 'ACTIVE'`,
          [o.body.series_id],
        );
        expect(rows[0].n).toBe(o.body.booked?.length);
      }
      const { rows: orphans } = await t.db.query(
        `SELECT s.id FROM booking_series s
         WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.series_id = s.id)`,
      );
      expect(orphans).toEqual([]);
      const { rows: partial } = await t.db.query(
        `SELECT s.id FROM booking_series s JOIN bookings b ON b.series_id = s.id
         WHERE s.start_date = $1 GROUP BY s.id HAVING count(*) NOT BETWEEN 1 AND $2`,
        [start, DAYS],
      );
      expect(partial).toEqual([]);
    }
    // Deadlocks are retried (so would not show above): none may have happened at all.
    await new Promise((resolve) => setTimeout(resolve, 1500)); // statistics are flushed lazily
    const { rows: stats } = await t.db.query<{ deadlocks: number }>(
      `SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`,
    );
    expect(stats[0].deadlocks).toBe(0);
    // The race had something to decide: some series and singles lost.
    const lost = Object.entries(statuses)
      .filter(([key]) => key.includes('409'))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(lost).toBeGreaterThan(0);
    expect(Object.keys(statuses).some((key) => key.startsWith('series 201'))).toBe(true);
  });

  it('one Idempotency-Key sent 10 times at once over both instances books the series once', async () => {
    const [ada] = members;
    const start = addDaysTo(TODAY, 400);
    const body = {
      room_type: 'PRIVATE',
      time_slot: '16:00:00',
      start_date: start,
      recurrence: { frequency: 'WEEKLY', count: 5 },
    };
    const key = `series-race-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(urlFor(i))
          .post('/api/v1/bookings/series/')
          .set(bearer(ada.access))
          .set('Idempotency-Key', key)
          .send(body),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    const inFlight = answers.filter((a) => a.status === 409);
    expect(created.length + inFlight.length).toBe(10);
    expect(inFlight.every((a) => a.body.code === 'IDEMPOTENCY_KEY_IN_FLIGHT')).toBe(true);
    expect(new Set(created.map((a) => a.body.series_id)).size).toBe(1);
    const { rows } = await t.db.query<{ series: number; bookings: number }>(
      `SELECT count(DISTINCT s.id)::int AS series, count(b.id)::int AS bookings
       FROM booking_series s JOIN bookings b ON b.series_id = s.id WHERE s.start_date = $1`,
      [start],
    );
    expect(rows[0]).toEqual({ series: 1, bookings: 5 });
  });
});
