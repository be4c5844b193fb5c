import { siteZoneSql, type Statement } from '@app/database';
import {
  ENSURE_ROOM_DAYS_OF_DATES_SQL,
  LOCK_ROOM_DAYS_OF_DATES_SQL,
  ROOM_BY_NUMBER_SQL,
  absoluteHour,
  cancelBookingsSql,
  idsTakenSql,
  insertPlanSql,
} from './booking.sql';
import { closedInHours } from './closure.sql';

/**
 * The series transaction's statements. Locking reuses the move's multi-date statements (the
 * room-days of every occurrence date, by date then room id: the order a single booking locks
 * one date's rows in, so neither deadlocks); the claims of every date are read at once.
 */

/** Rooms of a type ($1) at a site ($2), by id, without locks: what a dry run allocates from. */
export const ROOMS_OF_TYPE_SQL = `SELECT id, room_number, capacity,
                  count(*) OVER ()::int AS rooms_of_type
           FROM rooms WHERE site_id = $2 AND room_type = $1 ORDER BY id`;

/**
 * The single booking's party-and-claims read for the dates $1 at once: party members ($3)
 * locked FOR KEY SHARE, the seat-hours of the rooms of a type ($4) at the site ($6) and the
 * member-hours of those members at the same absolute hours (the hours $2 of those dates in the
 * site's zone $7), and per room and date the booking ids taken at the first hour ($5); the
 * active rooms of the type as they are now, and per date the rooms a closure covers in those
 * hours. Every dated row says its date.
 */
export const PARTY_AND_CLAIMS_OF_DATES_SQL = `WITH party AS (
         SELECT id, name, age, gender FROM members
         WHERE id = ANY($3::int[]) AND deleted_at IS NULL
         ORDER BY id FOR KEY SHARE
       )
       SELECT 'member' AS kind, id, age::int AS num, NULL::smallint AS hour, NULL::text AS date,
              name, gender::text
         FROM party
       UNION ALL
       SELECT 'room', room_id, seat_number, hour, date::text, NULL, NULL FROM room_claims
         WHERE date = ANY($1::date[]) AND hour = ANY($2::smallint[])
           AND room_id = ANY(ARRAY(SELECT id FROM rooms WHERE site_id = $6 AND room_type = $4))
       UNION ALL
       SELECT 'member_claim', mc.member_id, NULL, h.hour, d.date::text, NULL, NULL
         FROM unnest($1::date[]) AS d(date) CROSS JOIN unnest($2::smallint[]) AS h(hour)
         JOIN member_claims mc ON mc.starts_at = ${absoluteHour('d.date', 'h.hour', '$7::text')}
         WHERE mc.member_id = ANY($3::int[])
       UNION ALL
       SELECT 'start', r.id, ${idsTakenSql('d.date', '$5', 'r.room_number')}, NULL, d.date::text, NULL, NULL
         FROM rooms r, unnest($1::date[]) AS d(date) WHERE r.site_id = $6 AND r.room_type = $4
       UNION ALL
       SELECT 'open_room', r.id, r.capacity::int, NULL, NULL, r.room_number, NULL
         FROM rooms r WHERE r.site_id = $6 AND r.room_type = $4 AND r.is_active
       UNION ALL
       SELECT 'closed_room', r.id, NULL, NULL, d.date::text, r.room_number, NULL
         FROM rooms r, unnest($1::date[]) AS d(date)
         WHERE r.site_id = $6 AND r.room_type = $4
           AND ${closedInHours('r.id', 'r.site_id', 'd.date', '$2::smallint[]')}`;

export const INSERT_SERIES_SQL = `INSERT INTO booking_series
         (id, room_type, start_date, start_hour, end_hour, recurrence, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`;

/** A booking with its claims (the single booking's insert), as an occurrence of the series $14. */
export const INSERT_OCCURRENCE_SQL = insertPlanSql({ column: ', series_id', value: ', $14' });

/** The zone of the site of a series' rooms (no row: no occurrence). */
export const ZONE_OF_SERIES_SQL = `SELECT ${siteZoneSql('s.timezone')} AS timezone FROM bookings b
           JOIN rooms r ON r.id = b.room_id JOIN sites s ON s.id = r.site_id
           WHERE b.series_id = $1 LIMIT 1`;

/** The series $1. */
export const SERIES_SQL = `SELECT id, room_type, start_date::text AS start_date, start_hour, end_hour,
                  recurrence, created_by
           FROM booking_series WHERE id = $1`;

/**
 * The active occurrences of the series $1 on or after $2, FOR UPDATE in id order (a racing
 * cancel, leave or move of one of them waits; two series cancels lock in the same order).
 */
export const LOCK_ACTIVE_OCCURRENCES_SQL = `SELECT b.id, (SELECT site_id FROM rooms WHERE id = b.room_id) AS site_id,
                  b.booking_id, b.created_by, b.member_id,
                  b.date::text AS date, b.start_hour, b.end_hour
           FROM bookings b
           WHERE b.series_id = $1 AND b.status = 'ACTIVE' AND b.date >= $2
           ORDER BY b.id FOR UPDATE`;

/** The single cancel for the bookings $1 (ids) at once, cancelled by $2 at $3. */
export const CANCEL_OCCURRENCES_SQL = cancelBookingsSql('= ANY($1::int[])');

export const SERIES_STATEMENTS = {
  lockRoomDays: { name: 'sr_lock_room_days', text: LOCK_ROOM_DAYS_OF_DATES_SQL },
  ensureRoomDays: { name: 'sr_ensure_room_days', text: ENSURE_ROOM_DAYS_OF_DATES_SQL },
  roomsOfType: { name: 'sr_rooms_of_type', text: ROOMS_OF_TYPE_SQL },
  partyAndClaims: { name: 'sr_party_and_claims', text: PARTY_AND_CLAIMS_OF_DATES_SQL },
  roomByNumber: { name: 'sr_room_by_number', text: ROOM_BY_NUMBER_SQL },
  insertSeries: { name: 'sr_insert_series', text: INSERT_SERIES_SQL },
  insertOccurrence: { name: 'sr_insert_occurrence', text: INSERT_OCCURRENCE_SQL },
  series: { name: 'sr_series', text: SERIES_SQL },
  lockActiveOccurrences: { name: 'sr_lock_active', text: LOCK_ACTIVE_OCCURRENCES_SQL },
  cancelOccurrences: { name: 'sr_cancel', text: CANCEL_OCCURRENCES_SQL },
} as const satisfies Record<string, Statement>;
