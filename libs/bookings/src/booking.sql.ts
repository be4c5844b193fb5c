import { siteZoneSql, type Statement } from '@app/database';
import { SITE_FOR_REQUEST_SQL } from '@app/rooms';
import { closedInHours, closuresOfDaySql } from './closure.sql';

/**
 * The hot statements of the availability endpoints and of the booking transaction, in one
 * place: the repositories run them, and the benchmark (bench/) EXPLAINs them and runs the
 * availability ones behind its bare handler, from the build, so the figures always measure
 * the statements the API runs.
 */

/**
 * An availability read in one statement (one round trip) and one row: the site the request
 * means (SITE_FOR_REQUEST_SQL: the code $1, else the only site, else the home site of member
 * $2) and, as a json array by room number (`[]` when none), its active rooms of the type $3
 * (null: every type), each with the hours of its seats claimed on the date $4 (one element
 * per seat-hour, counted in Node: cheaper than grouping per room here; only the hour $5
 * unless null) and the hours it is closed as a mask (bit h: closed in the hour h). No site,
 * no row. One row of json: pg parses one row, not a row and two timestamps per room;
 * created_at stays text. The claims are read room by room (room_claims_room_date_idx), so the
 * read costs the same whatever other sites have booked; the day's closures are worked out
 * once (MATERIALIZED: inlined, they were read again for every room). Rooms are `rm`: the
 * closures' SQL has its own `r`.
 */
export const AVAILABILITY_SQL = `WITH site AS (${SITE_FOR_REQUEST_SQL}),
       closed AS MATERIALIZED (${closuresOfDaySql('$4::date', '(SELECT id FROM site)')})
       SELECT s.id AS site_id, s.code AS site_code, s.name AS site_name, s.timezone AS site_timezone,
              coalesce((
                SELECT json_agg(json_build_object(
                         'id', rm.id, 'room_number', rm.room_number, 'room_type', rm.room_type,
                         'capacity', rm.capacity, 'created_at', rm.created_at,
                         'claimed', ARRAY(SELECT c.hour FROM room_claims c
                                          WHERE c.room_id = rm.id AND c.date = $4::date
                                            AND ($5::smallint IS NULL OR c.hour = $5::smallint)),
                         'closed', (SELECT coalesce(bit_or(1 << h), 0)
                                    FROM closed k, generate_series(k.start_hour, k.end_hour - 1) AS h
                                    WHERE k.room_id IS NULL OR k.room_id = rm.id))
                       ORDER BY rm.room_number)
                FROM rooms rm
                WHERE rm.site_id = s.id AND rm.is_active AND ($3::text IS NULL OR rm.room_type = $3::text)),
                '[]') AS rooms
       FROM site s`;

/**
 * Prepared once per connection and, after PostgreSQL's five trial runs, planned once too (its
 * generic plan is as cheap as a custom one): planning it costs about what running it does.
 */
export const AVAILABILITY_STATEMENT: Statement = {
  name: 'av_availability',
  text: AVAILABILITY_SQL,
};

/**
 * Rooms of a type ($1) at a site ($3) with their room-day rows for $2 locked FOR UPDATE, in
 * room-id order: a booking never waits for another site's locks.
 */
export const LOCK_ROOM_DAYS_SQL = `SELECT r.id, r.room_number, r.capacity,
                  (SELECT count(*)::int FROM rooms WHERE site_id = $3 AND room_type = $1) AS rooms_of_type
           FROM room_days d JOIN rooms r ON r.id = d.room_id
           WHERE d.date = $2 AND r.site_id = $3 AND r.room_type = $1
           ORDER BY d.room_id FOR UPDATE OF d`;

/** Creates the missing room-day rows of a type ($1) at a site ($3) for a date ($2), so there is something to lock. */
export const ENSURE_ROOM_DAYS_SQL = `INSERT INTO room_days (room_id, date)
         SELECT id, $2::date FROM rooms WHERE site_id = $3 AND room_type = $1 ORDER BY id
         ON CONFLICT DO NOTHING`;

/**
 * The absolute start of the hour $hour of the date $date in the zone $zone: member-hour claims
 * are compared on it, so rule 7 holds across sites in different zones.
 */
export const absoluteHour = (date: string, hour: string, zone: string) =>
  `((${date}::date + make_interval(hours => ${hour}::int)) AT TIME ZONE ${zone})`;

/**
 * Booking ids already taken by the room number `number` on the date and start hour: those of
 * every site's room with that number (they share ids), read through bookings_booking_id_c_idx
 * as one range [base, base || '.'), which holds base and base-n and nothing of other numbers.
 */
export const idsTakenSql = (date: string, hour: string, number: string) => {
  const base = `('BK' || to_char(${date}::date, 'YYYYMMDD') || lpad(${hour}::text, 2, '0') || '0000' || ${number})`;
  return `(SELECT count(*)::int FROM bookings
            WHERE booking_id COLLATE "C" >= ${base} COLLATE "C"
              AND booking_id COLLATE "C" < (${base} || '.') COLLATE "C")`;
};

/**
 * Party members ($4) locked FOR KEY SHARE, the claims of the rooms of a type ($3) at the site
 * ($6) and those members' claims of the same absolute hours, wherever (the hours $2 of the date
 * $1 in the site's zone $7), per room the booking ids taken at the first hour ($5), and each
 * room of the type as it is now: open (active, not closed in those hours: a candidate, with its
 * current number and capacity) or closed. Read after the room-day lock, so a room change or
 * closure that held it is seen. `ownClaims` leaves out the claims of a booking being moved.
 */
const partyAndClaimsSql = (ownClaims: string) => `WITH party AS (
         SELECT id, name, age, gender FROM members
         WHERE id = ANY($4::int[]) AND deleted_at IS NULL
         ORDER BY id FOR KEY SHARE
       )
       SELECT 'member' AS kind, id, age::int AS num, NULL::smallint AS hour, name, gender::text
         FROM party
       UNION ALL
       SELECT 'room', room_id, seat_number, hour, NULL, NULL FROM room_claims
         WHERE date = $1 AND hour = ANY($2::smallint[])
           AND room_id = ANY(ARRAY(SELECT id FROM rooms WHERE site_id = $6 AND room_type = $3))${ownClaims}
       UNION ALL
       SELECT 'member_claim', mc.member_id, NULL, h.hour, NULL, NULL
         FROM unnest($2::smallint[]) AS h(hour)
         JOIN member_claims mc ON mc.starts_at = ${absoluteHour('$1', 'h.hour', '$7::text')}
         WHERE mc.member_id = ANY($4::int[])${ownClaims.replace('booking_id', 'mc.booking_id')}
       UNION ALL
       SELECT 'start', r.id, ${idsTakenSql('$1', '$5', 'r.room_number')}, NULL, NULL, NULL
         FROM rooms r WHERE r.site_id = $6 AND r.room_type = $3
       UNION ALL
       SELECT CASE WHEN r.is_active AND NOT ${closedInHours('r.id', 'r.site_id', '$1', '$2::smallint[]')}
                   THEN 'open_room' ELSE 'closed_room' END,
              r.id, r.capacity::int, NULL, r.room_number, NULL
         FROM rooms r WHERE r.site_id = $6 AND r.room_type = $3`;

export const PARTY_AND_CLAIMS_SQL = partyAndClaimsSql('');

/** The same, but the claims of the booking being moved ($8) do not count. */
export const PARTY_AND_CLAIMS_EXCEPT_SQL = partyAndClaimsSql(`
           AND booking_id <> $8`);

/**
 * Booking, participants, seat-hour and member-hour claims in one statement; a member-hour
 * carries its absolute start in the site's zone ($13).
 */
export const insertPlanSql = (rescheduledFrom: { column: string; value: string }) => `WITH b AS (
         INSERT INTO bookings (booking_id, room_id, member_id, team_id, date, start_hour, end_hour, created_by${rescheduledFrom.column})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8${rescheduledFrom.value})
         RETURNING id, created_at
       ), p AS (
         INSERT INTO booking_participants (booking_id, member_id, seat_number)
         SELECT b.id, x.member_id, x.seat_number
         FROM b, unnest($9::int[], $10::smallint[]) AS x(member_id, seat_number)
       ), rc AS (
         INSERT INTO room_claims (booking_id, room_id, seat_number, date, hour)
         SELECT b.id, $2, s.seat, $5, h.hour
         FROM b, unnest($11::smallint[]) AS s(seat), unnest($12::smallint[]) AS h(hour)
         ORDER BY h.hour, s.seat
       ), mc AS (
         INSERT INTO member_claims (booking_id, member_id, date, hour, starts_at)
         SELECT b.id, m.member_id, $5, h.hour, ${absoluteHour('$5', 'h.hour', '$13::text')}
         FROM b, unnest($9::int[]) AS m(member_id), unnest($12::smallint[]) AS h(hour)
         ORDER BY m.member_id, h.hour
       )
       SELECT id, created_at FROM b`;

export const INSERT_PLAN_SQL = insertPlanSql({ column: '', value: '' });

/** The same for a booking moved from the booking_id $14. */
export const INSERT_MOVED_PLAN_SQL = insertPlanSql({
  column: ', rescheduled_from',
  value: ', $14',
});

/**
 * Flips the bookings whose id matches `ids` (a condition on $1) to CANCELLED by $2 at $3 (the
 * service's clock; the database's when null) and frees every seat-hour and member-hour held.
 */
export const cancelBookingsSql = (ids: string) => `WITH u AS (
         UPDATE bookings SET status = 'CANCELLED', cancelled_at = coalesce($3::timestamptz, now()), cancelled_by = $2
         WHERE id ${ids}
       ), rc AS (
         DELETE FROM room_claims WHERE booking_id ${ids}
       )
       DELETE FROM member_claims WHERE booking_id ${ids}`;

/** The cancel of the booking $1 (its id). */
export const CANCEL_BOOKING_SQL = cancelBookingsSql('= $1');

/** The room with the number $1 at the site $2 and its type, whatever the type asked for. */
export const ROOM_BY_NUMBER_SQL = `SELECT id, room_type FROM rooms WHERE site_id = $2 AND room_number = $1`;

/** The booking $1 (its booking_id) FOR UPDATE, with what a move needs to know of it. */
export const LOCK_BOOKING_FOR_MOVE_SQL = `SELECT b.id, b.booking_id, b.status, b.created_by, b.member_id,
                  b.team_id, t.name AS team_name, b.room_id, r.room_number, r.room_type,
                  r.capacity, b.date::text AS date, b.start_hour, b.end_hour, r.site_id,
                  (SELECT ${siteZoneSql('timezone')} FROM sites WHERE id = r.site_id) AS site_timezone
           FROM bookings b JOIN rooms r ON r.id = b.room_id LEFT JOIN teams t ON t.id = b.team_id
           WHERE b.booking_id = $1 FOR UPDATE OF b`;

/** Who takes part in the booking $1 (its booking_id) now, seated first. */
export const CURRENT_PARTICIPANTS_SQL = `SELECT p.member_id, p.seat_number
           FROM booking_participants p JOIN bookings b ON b.id = p.booking_id
           WHERE b.booking_id = $1 AND p.left_at IS NULL
           ORDER BY p.seat_number NULLS LAST, p.member_id`;

/**
 * Rooms of a type ($1) at a site ($3) with their room-day rows for the dates $2 locked FOR
 * UPDATE, by date then room id: the order a single booking locks one date's rows in, so
 * neither deadlocks.
 */
export const LOCK_ROOM_DAYS_OF_DATES_SQL = `SELECT r.id, r.room_number, r.capacity, d.date::text AS date,
                  (SELECT count(*)::int FROM rooms WHERE site_id = $3 AND room_type = $1) AS rooms_of_type
           FROM room_days d JOIN rooms r ON r.id = d.room_id
           WHERE d.date = ANY($2::date[]) AND r.site_id = $3 AND r.room_type = $1
           ORDER BY d.date, d.room_id FOR UPDATE OF d`;

/** Creates the missing room-day rows of a type ($1) at a site ($3) for the dates $2. */
export const ENSURE_ROOM_DAYS_OF_DATES_SQL = `INSERT INTO room_days (room_id, date)
         SELECT r.id, d.date FROM rooms r, unnest($2::date[]) AS d(date)
         WHERE r.site_id = $3 AND r.room_type = $1 ORDER BY d.date, r.id
         ON CONFLICT DO NOTHING`;

/** The booking transaction's statements, named: parsed once per connection, then only bound. */
export const BOOKING_STATEMENTS = {
  ensureRoomDays: { name: 'bk_ensure_room_days', text: ENSURE_ROOM_DAYS_SQL },
  lockRoomDays: { name: 'bk_lock_room_days', text: LOCK_ROOM_DAYS_SQL },
  partyAndClaims: { name: 'bk_party_and_claims', text: PARTY_AND_CLAIMS_SQL },
  insertPlan: { name: 'bk_insert_plan', text: INSERT_PLAN_SQL },
  roomByNumber: { name: 'bk_room_by_number', text: ROOM_BY_NUMBER_SQL },
} as const satisfies Record<string, Statement>;

/** A move's statements: the booking transaction's, for two dates and without its own claims. */
export const MOVE_STATEMENTS = {
  lockBooking: { name: 'mv_lock_booking', text: LOCK_BOOKING_FOR_MOVE_SQL },
  participants: { name: 'mv_participants', text: CURRENT_PARTICIPANTS_SQL },
  ensureRoomDays: { name: 'mv_ensure_room_days', text: ENSURE_ROOM_DAYS_OF_DATES_SQL },
  lockRoomDays: { name: 'mv_lock_room_days', text: LOCK_ROOM_DAYS_OF_DATES_SQL },
  partyAndClaims: { name: 'mv_party_and_claims', text: PARTY_AND_CLAIMS_EXCEPT_SQL },
  cancelOld: { name: 'mv_cancel_old', text: CANCEL_BOOKING_SQL },
  insertPlan: { name: 'mv_insert_plan', text: INSERT_MOVED_PLAN_SQL },
} as const satisfies Record<string, Statement>;
