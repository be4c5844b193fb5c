/**
 * Closures as the booking path and availability read them. A room is closed in an hour of a
 * date when a closure of it, or of every room (room_id NULL), covers that date and hour.
 */

/**
 * True when the room `room` is closed in any of the hours `hours` (a smallint[] expression) of
 * the date `date`: for a WHERE or a CASE, reading the closures in the statement's snapshot.
 */
export const closedInHours = (room: string, date: string, hours: string) => `EXISTS (
           SELECT 1 FROM room_closures c
           WHERE c.start_date <= ${date} AND c.end_date >= ${date}
             AND (c.room_id IS NULL OR c.room_id = ${room})
             AND EXISTS (SELECT 1 FROM unnest(${hours}) AS ch(hour)
                         WHERE ch.hour >= c.start_hour AND ch.hour < c.end_hour))`;

/**
 * Closures that cover the date $1: which room (null: all) and which hours; a weekday the
 * booking policy's open_weekdays leaves out closes the whole day (for every room, or for each
 * room of the type whose policy leaves it out).
 */
export const CLOSURES_OF_DAY_SQL = `SELECT room_id, start_hour, end_hour FROM room_closures
       WHERE start_date <= $1 AND end_date >= $1
       UNION ALL
       SELECT r.id, 9::smallint, 18::smallint
       FROM booking_policies p LEFT JOIN rooms r ON r.room_type = p.scope
       WHERE p.open_weekdays IS NOT NULL
         AND NOT (extract(isodow FROM $1::date)::smallint = ANY(p.open_weekdays))
         AND (p.scope = 'ALL' OR r.id IS NOT NULL)`;
