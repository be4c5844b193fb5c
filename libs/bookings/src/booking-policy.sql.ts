import type { Statement } from '@app/database';

/**
 * Every scope's limits of the company (site_id NULL) and of the site $1: at most eight rows,
 * read by the booking transaction with its locks; the caller merges them (stricter wins).
 */
export const POLICIES_SQL = `SELECT scope, site_id, max_hours_per_day, max_hours_per_week,
         max_active_bookings, min_notice_min, cancel_cutoff_min, open_weekdays
       FROM booking_policies WHERE site_id IS NULL OR site_id = $1::int
       ORDER BY scope, site_id NULLS FIRST`;

/**
 * The party's member rows ($1) FOR NO KEY UPDATE in id order: what the quotas count is a
 * member's, so two bookings of one member decide their quotas one after the other. This lock
 * does not conflict with the FOR KEY SHARE every booking takes on its party.
 */
export const LOCK_QUOTA_MEMBERS_SQL = `SELECT id FROM members WHERE id = ANY($1::int[])
       ORDER BY id FOR NO KEY UPDATE`;

/**
 * What the quotas count, read after that lock: the members' ($1) hours per date and room type
 * from $2 to $3 (the member-hours of their active bookings), and their active bookings that
 * have not ended at ($4 date, $5 hour) per room type; the booking $6 (one being moved) left out.
 */
export const QUOTA_COUNTS_SQL = `SELECT 'hours' AS kind, mc.member_id, mc.date::text AS date, r.room_type,
              count(*)::int AS n
       FROM member_claims mc JOIN bookings b ON b.id = mc.booking_id JOIN rooms r ON r.id = b.room_id
       WHERE mc.member_id = ANY($1::int[]) AND mc.date BETWEEN $2::date AND $3::date
         AND mc.booking_id <> $6
       GROUP BY mc.member_id, mc.date, r.room_type
       UNION ALL
       SELECT 'active', p.member_id, NULL, r.room_type, count(*)::int
       FROM booking_participants p JOIN bookings b ON b.id = p.booking_id
         JOIN rooms r ON r.id = b.room_id
       WHERE p.member_id = ANY($1::int[]) AND p.left_at IS NULL AND b.status = 'ACTIVE'
         AND b.id <> $6 AND (b.date > $4::date OR (b.date = $4::date AND b.end_hour > $5))
       GROUP BY p.member_id, r.room_type`;

export const POLICY_STATEMENTS = {
  policies: { name: 'pol_policies', text: POLICIES_SQL },
  lockMembers: { name: 'pol_lock_members', text: LOCK_QUOTA_MEMBERS_SQL },
  quotaCounts: { name: 'pol_quota_counts', text: QUOTA_COUNTS_SQL },
} as const satisfies Record<string, Statement>;
