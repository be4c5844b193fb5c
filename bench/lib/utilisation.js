'use strict';
/**
 * The utilisation report over a year of a busy office: bookings generated in two set-based
 * statements on past dates (no other phase books there), then GET /api/v1/reports/utilisation/
 * called one at a time, as an admin would, and timed.
 *
 * Every active room, every day of the range: private rooms booked hour by hour, conference
 * rooms in 2-hour blocks, each desk by two pairs (seats 1-2 and 3-4) hour by hour, each slot
 * taken 4 times in 5. Of those, 1 in 12 cancelled the day before, 1 in 50 cancelled 30 minutes
 * in, 1 in 10 released, 3 in 5 checked in, the rest active without a check-in.
 */
const http = require('node:http');
const { join } = require('node:path');

const REPORT_SQL = () =>
  require(
    join(
      process.env.API_DIST ?? join(__dirname, '..', '..', 'dist/apps/api'),
      'libs/bookings/src/utilisation.sql.js',
    ),
  ).UTILISATION_BY_ROOM_SQL;

/** Execution time of the report's one statement in PostgreSQL (EXPLAIN ANALYZE, all rooms). */
async function explainReport(pool, from, to) {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${REPORT_SQL()}`, [
    from,
    to,
    null,
    'UTC',
    9,
  ]);
  const plan = rows[0]['QUERY PLAN'][0];
  return {
    planning_ms: Math.round(plan['Planning Time'] * 10) / 10,
    execution_ms: Math.round(plan['Execution Time'] * 10) / 10,
  };
}

/** Bookings of the dates from..to, and the desk parties; resolves with the counts. */
async function seedBusyYear(pool, memberIds, from, to) {
  const bookings = await pool.query(
    `WITH slots AS (
       SELECT d::date AS date, r.id AS room_id, r.room_number, r.room_type, s.start_hour,
              s.start_hour + CASE WHEN r.room_type = 'CONFERENCE' THEN 2 ELSE 1 END AS end_hour,
              pair
       FROM generate_series($1::date, $2::date, interval '1 day') AS d
       CROSS JOIN rooms r
       CROSS JOIN LATERAL (
         SELECT h AS start_hour FROM generate_series(9, 17) AS h
         WHERE r.room_type <> 'CONFERENCE' OR (h - 9) % 2 = 0 AND h <= 15
       ) s
       CROSS JOIN LATERAL generate_series(1, CASE WHEN r.room_type = 'SHARED_DESK' THEN 2 ELSE 1 END) AS pair
       WHERE r.is_active
     ),
     drawn AS (
       SELECT slots.*,
              abs(hashtext(date::text || room_id || '-' || start_hour || '-' || pair)::bigint) AS draw,
              (date + make_time(start_hour, 0, 0)) AT TIME ZONE 'UTC' AS starts_at
       FROM slots
     ),
     plan AS (
       SELECT drawn.*, $3::int[] AS members,
              CASE WHEN draw % 600 < 50 THEN 'EARLY_CANCEL'
                   WHEN draw % 600 < 62 THEN 'LATE_CANCEL'
                   WHEN draw % 600 < 122 THEN 'RELEASED'
                   WHEN draw % 600 < 482 THEN 'CHECKED_IN'
                   ELSE 'ACTIVE' END AS fate
       FROM drawn WHERE draw % 5 < 4
     )
     INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, status,
                           created_by, created_at, cancelled_at, cancelled_by, checked_in_at,
                           checked_in_by, released_at)
     SELECT 'BK' || to_char(date, 'YYYYMMDD') || lpad(start_hour::text, 2, '0') || '0000' ||
              room_number || CASE WHEN room_type = 'SHARED_DESK' THEN '-' || pair ELSE '' END,
            room_id, m, date, start_hour, end_hour,
            CASE fate WHEN 'EARLY_CANCEL' THEN 'CANCELLED' WHEN 'LATE_CANCEL' THEN 'CANCELLED'
                      WHEN 'RELEASED' THEN 'RELEASED' ELSE 'ACTIVE' END,
            m, starts_at - interval '7 days',
            CASE fate WHEN 'EARLY_CANCEL' THEN starts_at - interval '1 day'
                      WHEN 'LATE_CANCEL' THEN starts_at + interval '30 minutes' END,
            CASE WHEN fate IN ('EARLY_CANCEL', 'LATE_CANCEL') THEN m END,
            CASE WHEN fate = 'CHECKED_IN' THEN starts_at + interval '3 minutes' END,
            CASE WHEN fate = 'CHECKED_IN' THEN m END,
            CASE WHEN fate = 'RELEASED' THEN starts_at + interval '15 minutes' END
     FROM plan CROSS JOIN LATERAL (SELECT members[(1 + draw % array_length(members, 1))::int] AS m) who`,
    [from, to, memberIds],
  );
  // A desk booking holds two seats: its creator and the next member.
  const participants = await pool.query(
    `INSERT INTO booking_participants (booking_id, member_id, seat_number)
     SELECT b.id, p.member_id, p.seat
     FROM bookings b JOIN rooms r ON r.id = b.room_id
     CROSS JOIN LATERAL (
       SELECT b.member_id AS member_id, (2 * right(b.booking_id, 1)::int - 1)::smallint AS seat
       UNION ALL
       SELECT ($3::int[])[1 + array_position($3::int[], b.member_id) % array_length($3::int[], 1)],
              (2 * right(b.booking_id, 1)::int)::smallint
     ) p
     WHERE r.room_type = 'SHARED_DESK' AND b.date BETWEEN $1::date AND $2::date`,
    [from, to, memberIds],
  );
  await pool.query('ANALYZE bookings; ANALYZE booking_participants');
  return { bookings: bookings.rowCount, deskParticipants: participants.rowCount };
}

function getText(agent, url, path, token, accept) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.get(
      `${url}${path}`,
      { agent, headers: { authorization: `Bearer ${token}`, accept } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(chunks).toString(),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: error.message, ms: 0 }));
  });
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round1 = (x) => Math.round(x * 10) / 10;

/** One warm-up call, then `calls` sequential JSON calls and one CSV call; latencies in ms. */
async function timeReport(url, token, from, to, calls) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const path = `/api/v1/reports/utilisation/?from=${from}&to=${to}`;
  const codes = {};
  const count = (status) => (codes[status] = (codes[status] ?? 0) + 1);
  const warm = await getText(agent, url, path, token, 'application/json');
  count(warm.status);
  const latencies = [];
  let report = null;
  for (let i = 0; i < calls; i++) {
    const res = await getText(agent, url, path, token, 'application/json');
    count(res.status);
    latencies.push(res.ms);
    if (res.status === 200) report = JSON.parse(res.body);
  }
  const csv = await getText(agent, url, path, token, 'text/csv');
  count(csv.status);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    from,
    to,
    calls,
    p50_ms: round1(percentile(latencies, 50)),
    p99_ms: round1(percentile(latencies, 99)),
    max_ms: round1(latencies[latencies.length - 1]),
    status_codes: codes,
    not_ok: Object.entries(codes).reduce((n, [code, k]) => (code === '200' ? n : n + k), 0),
    csv_lines: csv.status === 200 ? csv.body.split('\r\n').length - 1 : 0,
    room_types: report?.room_types?.map((t) => ({
      room_type: t.room_type,
      booked_hours: t.booked_hours,
      bookable_hours: t.bookable_hours,
      utilisation: t.utilisation,
    })),
  };
}

module.exports = { seedBusyYear, timeReport, explainReport };
