/**
 * The utilisation report in one statement, whatever the range: days come from generate_series,
 * closures are expanded to (day, hour) only where they overlap the range, the range's bookings
 * are read by index and summed per room (desk parties and moves by hash joins: correlated
 * subqueries per booking inflated the cost estimate past jit_above_cost, and JIT took seconds).
 * Parameters: $1 from (date), $2 to (date), $3 room type or NULL for all, $4 the workspace time
 * zone (of sites without their own), $5 open hours per day (9). Open weekdays come from booking_policies
 * (the company's and each room's site's).
 *
 * A room's bookable hours are its seats (a desk's capacity, 1 for a whole room) times the open
 * hours (9 a day, open weekdays) less the distinct closed hours of open days (a room closure
 * and a workspace closure over the same hour count once; a site's workspace closure closes only
 * that site's rooms). Per booking:
 * - cancelled before it began: its seat-hours are cancelled hours (a rescheduled booking's
 *   old hours are a move, not a cancellation, and are not counted);
 * - cancelled after it began: booked for the hours that had begun when it was cancelled;
 * - released: booked, and released; checked in: booked, and checked in;
 * - seat-hours: a desk booking counts each participant still in it, a whole room counts 1.
 */
export const UTILISATION_BY_ROOM_SQL = `
WITH open_days AS (
  -- Open days per site and room type: the company's and the site's open_weekdays, for all
  -- types and for the type; a day must be open in each that is set.
  SELECT s.id AS site_id, t.room_type, d::date AS day
  FROM generate_series($1::date, $2::date, interval '1 day') AS d
  CROSS JOIN sites s
  CROSS JOIN (VALUES ('PRIVATE'), ('CONFERENCE'), ('SHARED_DESK')) AS t(room_type)
  WHERE NOT EXISTS (
    SELECT 1 FROM booking_policies p
    WHERE (p.site_id IS NULL OR p.site_id = s.id) AND p.scope IN ('ALL', t.room_type)
      AND p.open_weekdays IS NOT NULL
      AND NOT (extract(isodow FROM d)::smallint = ANY (p.open_weekdays)))
),
report_rooms AS (
  SELECT r.id, r.site_id, r.room_number, r.room_type,
         CASE WHEN r.room_type = 'SHARED_DESK' THEN r.capacity ELSE 1 END AS seats,
         coalesce(s.timezone, $4::text) AS timezone
  FROM rooms r
  JOIN sites s ON s.id = r.site_id
  WHERE r.is_active AND ($3::text IS NULL OR r.room_type = $3::text)
),
closed_hours AS (
  SELECT rr.id AS room_id, count(DISTINCT (od.day, h.hour))::int AS hours
  FROM report_rooms rr
  JOIN room_closures c
    ON (c.room_id = rr.id OR (c.room_id IS NULL AND (c.site_id IS NULL OR c.site_id = rr.site_id)))
   AND c.start_date <= $2::date AND c.end_date >= $1::date
  JOIN open_days od ON od.site_id = rr.site_id AND od.room_type = rr.room_type
   AND od.day BETWEEN c.start_date AND c.end_date
  CROSS JOIN LATERAL generate_series(c.start_hour::int, c.end_hour - 1) AS h(hour)
  GROUP BY rr.id
),
desk_seats AS (
  SELECT p.booking_id, count(*)::int AS seats
  FROM bookings b
  JOIN report_rooms rr ON rr.id = b.room_id AND rr.room_type = 'SHARED_DESK'
  JOIN booking_participants p ON p.booking_id = b.id AND p.left_at IS NULL
  WHERE b.date >= $1::date AND b.date <= $2::date
  GROUP BY p.booking_id
),
booking_hours AS (
  SELECT b.room_id,
         b.status,
         b.checked_in_at IS NOT NULL AS checked_in,
         b.status = 'CANCELLED' AND l.cancelled_local <= l.starts_local
           AND moved.rescheduled_from IS NULL AS cancelled_before_start,
         CASE WHEN b.status <> 'CANCELLED' THEN b.end_hour - b.start_hour
              WHEN l.cancelled_local <= l.starts_local THEN 0
              ELSE least(b.end_hour - b.start_hour,
                         ceil(extract(epoch FROM l.cancelled_local - l.starts_local) / 3600)::int)
         END AS held_hours,
         b.end_hour - b.start_hour AS hours,
         CASE WHEN rr.room_type = 'SHARED_DESK' THEN coalesce(ds.seats, 0) ELSE 1 END AS seats
  FROM bookings b
  JOIN report_rooms rr ON rr.id = b.room_id
  -- Wall-clock times in the room's site's zone; only cancelled bookings need the conversion.
  CROSS JOIN LATERAL (
    SELECT b.date + make_time(b.start_hour, 0, 0) AS starts_local,
           CASE WHEN b.status = 'CANCELLED' THEN b.cancelled_at AT TIME ZONE rr.timezone END
             AS cancelled_local
  ) l
  LEFT JOIN desk_seats ds ON ds.booking_id = b.id
  LEFT JOIN (SELECT rescheduled_from FROM bookings WHERE rescheduled_from IS NOT NULL) moved
    ON moved.rescheduled_from = b.booking_id
  WHERE b.date >= $1::date AND b.date <= $2::date
),
booked_by_room AS (
  SELECT bh.room_id,
         sum(bh.held_hours * bh.seats)::int AS booked,
         (sum(bh.held_hours * bh.seats) FILTER (WHERE bh.checked_in))::int AS checked_in,
         (sum(bh.held_hours * bh.seats) FILTER (WHERE bh.status = 'RELEASED'))::int AS released,
         (sum(bh.hours * bh.seats) FILTER (WHERE bh.cancelled_before_start))::int AS cancelled
  FROM booking_hours bh
  GROUP BY bh.room_id
)
SELECT rr.id AS room_id, rr.room_number, rr.room_type,
       rr.seats * ((SELECT count(*)::int FROM open_days od WHERE od.site_id = rr.site_id AND od.room_type = rr.room_type) * $5::int - coalesce(ch.hours, 0)) AS bookable_hours,
       coalesce(bb.booked, 0) AS booked_hours,
       coalesce(bb.checked_in, 0) AS checked_in_hours,
       coalesce(bb.released, 0) AS released_hours,
       coalesce(bb.cancelled, 0) AS cancelled_hours
FROM report_rooms rr
LEFT JOIN closed_hours ch ON ch.room_id = rr.id
LEFT JOIN booked_by_room bb ON bb.room_id = rr.id
ORDER BY rr.room_number`;
