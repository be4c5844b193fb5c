import { Pool } from 'pg';
import { Outcome, isAcknowledged, isAnswerLost, requestKey } from './booking-load';

/**
 * The booking invariants, as SQL over the whole database. Each query returns offending rows;
 * the result maps a description to its offending rows (empty when everything holds).
 */
const CHECKS: Record<string, string> = {
  'room claim without its ACTIVE booking (or outside its room/date/hours)': `
    SELECT rc.* FROM room_claims rc LEFT JOIN bookings b ON b.id = rc.booking_id
    WHERE b.id IS NULL OR b.status <> 'ACTIVE' OR rc.room_id <> b.room_id OR rc.date <> b.date
       OR rc.hour < b.start_hour OR rc.hour >= b.end_hour`,
  'member claim without its ACTIVE booking (or outside its date/hours)': `
    SELECT mc.* FROM member_claims mc LEFT JOIN bookings b ON b.id = mc.booking_id
    WHERE b.id IS NULL OR b.status <> 'ACTIVE' OR mc.date <> b.date
       OR mc.hour < b.start_hour OR mc.hour >= b.end_hour`,
  'member claim of a member who is not a (current) participant': `
    SELECT mc.* FROM member_claims mc
    WHERE NOT EXISTS (SELECT 1 FROM booking_participants p
                      WHERE p.booking_id = mc.booking_id AND p.member_id = mc.member_id
                        AND p.left_at IS NULL)`,
  'ACTIVE booking with an hour its room claims do not cover': `
    SELECT b.id, b.booking_id, h.hour FROM bookings b
    CROSS JOIN LATERAL generate_series(b.start_hour, b.end_hour - 1) AS h(hour)
    WHERE b.status = 'ACTIVE' AND NOT EXISTS (
      SELECT 1 FROM room_claims rc WHERE rc.booking_id = b.id AND rc.hour = h.hour)`,
  'ACTIVE booking without participants': `
    SELECT b.id, b.booking_id FROM bookings b
    WHERE b.status = 'ACTIVE'
      AND NOT EXISTS (SELECT 1 FROM booking_participants p
                      WHERE p.booking_id = b.id AND p.left_at IS NULL)`,
  'participant of an ACTIVE booking without a member claim for one of its hours': `
    SELECT b.id, b.booking_id, p.member_id, h.hour FROM bookings b
    JOIN booking_participants p ON p.booking_id = b.id AND p.left_at IS NULL
    CROSS JOIN LATERAL generate_series(b.start_hour, b.end_hour - 1) AS h(hour)
    WHERE b.status = 'ACTIVE' AND NOT EXISTS (
      SELECT 1 FROM member_claims mc
      WHERE mc.booking_id = b.id AND mc.member_id = p.member_id AND mc.hour = h.hour)`,
  'seat-hour claimed twice': `
    SELECT date, hour, room_id, seat_number, count(*) FROM room_claims
    GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`,
  'member-hour claimed twice': `
    SELECT member_id, date, hour, count(*) FROM member_claims
    GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  'whole room (private/conference) with two ACTIVE bookings in one hour': `
    SELECT b1.id, b2.id FROM bookings b1
    JOIN bookings b2 ON b2.room_id = b1.room_id AND b2.date = b1.date AND b2.id > b1.id
     AND b2.start_hour < b1.end_hour AND b1.start_hour < b2.end_hour
    JOIN rooms r ON r.id = b1.room_id AND r.room_type <> 'SHARED_DESK'
    WHERE b1.status = 'ACTIVE' AND b2.status = 'ACTIVE'`,
};

export async function invariantViolations(db: Pool): Promise<Record<string, unknown[]>> {
  const violations: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(CHECKS)) {
    const { rows } = await db.query(sql);
    if (rows.length > 0) violations[name] = rows.slice(0, 5);
  }
  return violations;
}

export async function activeBookingIds(db: Pool): Promise<string[]> {
  const { rows } = await db.query<{ booking_id: string }>(
    `SELECT booking_id FROM bookings WHERE status = 'ACTIVE' ORDER BY booking_id`,
  );
  return rows.map((r) => r.booking_id);
}

export interface ActiveBookingRow {
  booking_id: string;
  created_by: number;
  date: string;
  time_slot: string;
}

export async function activeBookingRows(db: Pool): Promise<ActiveBookingRow[]> {
  const { rows } = await db.query<ActiveBookingRow>(
    `SELECT booking_id, created_by, to_char(date, 'YYYY-MM-DD') AS date,
            lpad(start_hour::text, 2, '0') || ':00:00' AS time_slot
     FROM bookings WHERE status = 'ACTIVE' ORDER BY booking_id`,
  );
  return rows;
}

/**
 * What a load's answers say against what the database holds. Holds when `missing` and
 * `unexplained` are empty: every 201 exists, and every other booking is one whose answer was
 * lost with the database (committed, answer lost), never one refused or never asked for.
 */
export interface BookingReconciliation {
  /** Answered 201, and present. */
  acknowledged: number;
  /** Present although the request was answered DATABASE_UNAVAILABLE (or not at all). */
  committedAnswerLost: number;
  /** Answered 201 but not in the database: a lost booking. */
  missing: string[];
  /** Present although its request was refused otherwise (or never sent): an invented booking. */
  unexplained: { booking_id: string; answered: string }[];
}

export function reconcileBookings(
  outcomes: Outcome[],
  active: ActiveBookingRow[],
): BookingReconciliation {
  const acknowledged = new Set(outcomes.filter(isAcknowledged).map((o) => o.body.booking_id));
  const present = new Set(active.map((b) => b.booking_id));
  const answerFor = new Map(
    outcomes.map((o) => [requestKey(o.plan.member.id, o.plan.body.date, o.plan.body.time_slot), o]),
  );
  const result: BookingReconciliation = {
    acknowledged: 0,
    committedAnswerLost: 0,
    missing: [...acknowledged].filter((id) => !present.has(id)),
    unexplained: [],
  };
  for (const booking of active) {
    if (acknowledged.has(booking.booking_id)) {
      result.acknowledged++;
      continue;
    }
    const answer = answerFor.get(requestKey(booking.created_by, booking.date, booking.time_slot));
    if (answer && isAnswerLost(answer)) {
      result.committedAnswerLost++;
    } else {
      result.unexplained.push({
        booking_id: booking.booking_id,
        answered: answer ? `${answer.status} ${String(answer.body?.code)}` : 'never requested',
      });
    }
  }
  return result;
}

/** Sessions of the API still open on the server (a killed API's backends linger briefly). */
export async function waitForApiSessionsGone(db: Pool, timeoutMs = 10000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'workspace-booking'`,
    );
    if (rows[0].n === 0 || Date.now() > deadline) return rows[0].n;
    await new Promise((r) => setTimeout(r, 50));
  }
}
