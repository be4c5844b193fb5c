import { siteZoneSql, type Statement } from '@app/database';

/** The booking $1 (its booking_id) FOR UPDATE: a racing release, cancel or leave waits. */
const LOCK_FOR_CHECK_IN_SQL = `SELECT id, status, created_by, date::text AS date, start_hour, end_hour,
                  checked_in_at,
                  (SELECT ${siteZoneSql('s.timezone')} FROM rooms r JOIN sites s ON s.id = r.site_id
                   WHERE r.id = bookings.room_id) AS site_timezone
           FROM bookings WHERE booking_id = $1 FOR UPDATE`;

/** Whether member $2 takes part in the booking $1 now (read after the lock: not one who left). */
const IS_PARTICIPANT_SQL = `SELECT EXISTS (
             SELECT 1 FROM booking_participants p JOIN bookings b ON b.id = p.booking_id
             WHERE b.booking_id = $1 AND p.member_id = $2 AND p.left_at IS NULL
           ) AS participant`;

/** Checks the booking $1 in at $2 by $3; only an active one not checked in yet. */
const MARK_CHECKED_IN_SQL = `UPDATE bookings SET checked_in_at = $2, checked_in_by = $3
           WHERE id = $1 AND status = 'ACTIVE' AND checked_in_at IS NULL`;

/**
 * Releases up to $3 due no-shows at $4 of the site $5 (whose zone the cutoff is in) and frees
 * all their claims, in one statement: active
 * bookings not checked in that start at or before ($1 date, $2 hour), read from
 * bookings_no_show_idx. Rows another transaction holds (a check-in, a cancel, another sweep)
 * are skipped, not waited for; a row that changed before its lock was granted is checked again
 * against the conditions (READ COMMITTED re-reads it), and the UPDATE checks them once more.
 * Answers the released bookings with the hours they gave back.
 */
const RELEASE_DUE_SQL = `WITH due AS (
         SELECT id FROM bookings
         WHERE status = 'ACTIVE' AND checked_in_at IS NULL AND (date, start_hour) <= ($1::date, $2::int)
           AND room_id = ANY(ARRAY(SELECT id FROM rooms WHERE site_id = $5))
         ORDER BY date, start_hour, id
         LIMIT $3
         FOR UPDATE SKIP LOCKED
       ), released AS (
         UPDATE bookings b SET status = 'RELEASED', released_at = $4
         FROM due WHERE b.id = due.id AND b.status = 'ACTIVE' AND b.checked_in_at IS NULL
         RETURNING b.id, b.booking_id, b.room_id, b.date, b.start_hour, b.end_hour
       ), rc AS (
         DELETE FROM room_claims c USING released r WHERE c.booking_id = r.id
       ), mc AS (
         DELETE FROM member_claims c USING released r WHERE c.booking_id = r.id
       )
       SELECT r.id, r.booking_id, rm.site_id, rm.room_type, rm.room_number, r.date::text AS date, r.start_hour, r.end_hour
       FROM released r JOIN rooms rm ON rm.id = r.room_id
       ORDER BY r.date, r.start_hour, r.id`;

export const CHECK_IN_STATEMENTS = {
  lockBooking: { name: 'ci_lock_booking', text: LOCK_FOR_CHECK_IN_SQL },
  isParticipant: { name: 'ci_is_participant', text: IS_PARTICIPANT_SQL },
  markCheckedIn: { name: 'ci_mark_checked_in', text: MARK_CHECKED_IN_SQL },
  releaseDue: { name: 'ns_release_due', text: RELEASE_DUE_SQL },
} as const satisfies Record<string, Statement>;
