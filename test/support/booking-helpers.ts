import request from 'supertest';
import type { Clock } from '@app/core';
import { bearer, RegisteredUser } from './factories';
import { startTestApp, TestApp } from './test-app';

/** Helpers for booking specs: a pinned clock, booking and cancelling over HTTP, invariants in SQL. */

/** "Now" for booking specs: 2030-01-15 10:30 UTC, so 09:00 and 10:00 that day have begun. */
export const NOW = '2030-01-15T10:30:00Z';
export const TODAY = '2030-01-15';
export const pinnedClock = (iso = NOW): Clock => ({ now: () => new Date(iso) });

export function addDaysTo(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A fresh future date per call, so scenarios never share a slot. */
export function dateSequence(start = addDaysTo(TODAY, 1)): () => string {
  let n = 0;
  return () => addDaysTo(start, n++);
}

export type Booker = Pick<RegisteredUser, 'access'>;

export function book(t: TestApp | string, user: Booker, body: Record<string, unknown>) {
  const url = typeof t === 'string' ? t : t.url;
  return request(url).post('/api/v1/bookings/').set(bearer(user.access)).send(body);
}

export function cancel(t: TestApp | string, user: Booker, bookingId: string) {
  const url = typeof t === 'string' ? t : t.url;
  return request(url).post(`/api/v1/cancel/${bookingId}/`).set(bearer(user.access)).send();
}

/**
 * Invariants that must hold after any interleaving. Returns human-readable violations
 * (empty when all hold):
 * - claims belong to active bookings only, and every active booking holds exactly one
 *   seat-hour claim per (hour, seat) and one member-hour claim per (participant, hour);
 * - no room/seat-hour or member-hour claimed twice (the unique indexes make it impossible,
 *   checked anyway); a whole room holds at most one active booking per hour.
 */
export async function invariantViolations(t: TestApp): Promise<string[]> {
  const checks: [string, string][] = [
    [
      'claims of cancelled bookings',
      `SELECT b.booking_id FROM bookings b WHERE b.status <> 'ACTIVE' AND (
         EXISTS (SELECT 1 FROM room_claims c WHERE c.booking_id = b.id) OR
         EXISTS (SELECT 1 FROM member_claims c WHERE c.booking_id = b.id))`,
    ],
    [
      'active bookings with the wrong number of room claims',
      `SELECT b.booking_id FROM bookings b JOIN rooms r ON r.id = b.room_id
       WHERE b.status = 'ACTIVE' AND (SELECT count(*) FROM room_claims c WHERE c.booking_id = b.id)
         <> (b.end_hour - b.start_hour) * CASE WHEN r.room_type = 'SHARED_DESK'
              THEN (SELECT count(*) FROM booking_participants p WHERE p.booking_id = b.id AND p.seat_number IS NOT NULL AND p.left_at IS NULL)
              ELSE 1 END`,
    ],
    [
      'active bookings with the wrong number of member claims',
      `SELECT b.booking_id FROM bookings b
       WHERE b.status = 'ACTIVE' AND (SELECT count(*) FROM member_claims c WHERE c.booking_id = b.id)
         <> (b.end_hour - b.start_hour) * (SELECT count(*) FROM booking_participants p WHERE p.booking_id = b.id AND p.left_at IS NULL)`,
    ],
    [
      'room claims outside their booking',
      `SELECT b.booking_id FROM room_claims c JOIN bookings b ON b.id = c.booking_id
       WHERE c.room_id <> b.room_id OR c.date <> b.date OR c.hour < b.start_hour OR c.hour >= b.end_hour`,
    ],
    [
      'rooms or seats double-booked',
      `SELECT r.room_number || ' ' || c.date || ' ' || c.hour FROM room_claims c JOIN rooms r ON r.id = c.room_id
       GROUP BY r.room_number, c.date, c.hour, c.seat_number HAVING count(*) > 1`,
    ],
    [
      'members double-booked',
      `SELECT c.member_id || ' ' || c.date || ' ' || c.hour FROM member_claims c
       GROUP BY c.member_id, c.date, c.hour HAVING count(*) > 1`,
    ],
    [
      'whole rooms with two active bookings in an hour',
      `SELECT r.room_number || ' ' || b.date || ' ' || h FROM bookings b JOIN rooms r ON r.id = b.room_id,
         generate_series(b.start_hour, b.end_hour - 1) AS h
       WHERE b.status = 'ACTIVE' AND r.room_type <> 'SHARED_DESK'
       GROUP BY r.room_number, b.date, h HAVING count(*) > 1`,
    ],
    [
      'desks over capacity',
      `SELECT r.room_number || ' ' || c.date || ' ' || c.hour FROM room_claims c JOIN rooms r ON r.id = c.room_id
       WHERE r.room_type = 'SHARED_DESK' GROUP BY r.room_number, r.capacity, c.date, c.hour
       HAVING count(*) > r.capacity`,
    ],
  ];
  const violations: string[] = [];
  for (const [name, sql] of checks) {
    const { rows } = await t.db.query<Record<string, string>>(sql);
    if (rows.length > 0) {
      violations.push(`${name}: ${rows.map((r) => Object.values(r)[0]).join(', ')}`);
    }
  }
  return violations;
}

/**
 * The harness's raw `t.db` pool has no 'error' listener. pg's Pool.end() resolves before its
 * sockets are closed, so the DROP DATABASE ... WITH (FORCE) in close() can terminate a client
 * that is still ending; the pool then re-emits 57P01 with nobody listening and Jest fails
 * whichever spec runs next in that worker. Listening here keeps teardown noise out of results.
 */
export function tolerateTeardownTermination(t: TestApp): TestApp {
  t.db.on('error', () => undefined);
  return t;
}

/**
 * Two API instances on one database, on the pinned clock, with a horizon long enough for
 * RACE_ROUNDS fresh days: what the race specs race across.
 */
export async function startTwoInstances(): Promise<[TestApp, TestApp]> {
  const clock = pinnedClock();
  const env = { BOOKING_HORIZON_DAYS: '3650' };
  const first = tolerateTeardownTermination(await startTestApp({ clock, env }));
  const second = tolerateTeardownTermination(
    await startTestApp({ clock, env, database: first.database }),
  );
  return [first, second];
}
