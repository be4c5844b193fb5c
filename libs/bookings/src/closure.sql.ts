/**
 * Closures as the booking path and availability read them. A room is closed in an hour of a
 * date when a closure of it, of every room of its site (room_id NULL, site_id its site), or of
 * every room of every site (both NULL) covers that date and hour.
 */

/**
 * True when the room `room` of the site `site` is closed in any of the hours `hours` (a
 * smallint[] expression) of the date `date`: for a WHERE or a CASE, reading the closures in
 * the statement's snapshot.
 */
export const closedInHours = (room: string, site: string, date: string, hours: string) => `EXISTS (
           SELECT 1 FROM room_closures c
           WHERE c.start_date <= ${date} AND c.end_date >= ${date}
             AND (c.room_id = ${room}
                  OR (c.room_id IS NULL AND (c.site_id IS NULL OR c.site_id = ${site})))
             AND EXISTS (SELECT 1 FROM unnest(${hours}) AS ch(hour)
                         WHERE ch.hour >= c.start_hour AND ch.hour < c.end_hour))`;

/**
 * Closures that cover the date `date` at the site `site` (SQL expressions): which room (null:
 * all of the site) and which hours; a weekday the booking policy's open_weekdays (the
 * company's or the site's) leaves out closes the whole day (for every room, or for each room
 * of the type whose policy leaves it out). Room closures of other sites' rooms may come back;
 * the caller only asks about its own.
 */
export const closuresOfDaySql = (
  date: string,
  site: string,
) => `SELECT room_id, start_hour, end_hour
       FROM room_closures
       WHERE start_date <= ${date} AND end_date >= ${date} AND (site_id IS NULL OR site_id = ${site})
       UNION ALL
       SELECT r.id, 9::smallint, 18::smallint
       FROM booking_policies p LEFT JOIN rooms r ON r.room_type = p.scope AND r.site_id = ${site}
       WHERE p.open_weekdays IS NOT NULL AND (p.site_id IS NULL OR p.site_id = ${site})
         AND NOT (extract(isodow FROM ${date})::smallint = ANY(p.open_weekdays))
         AND (p.scope = 'ALL' OR r.id IS NOT NULL)`;
