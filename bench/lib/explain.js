'use strict';
/**
 * EXPLAIN (ANALYZE, BUFFERS) of the hot statements on the benchmark's populated database, in a
 * transaction rolled back afterwards. The statements are copied from
 * libs/bookings/src/booking.repository.ts (AvailabilityRepository, BookingRepository); if
 * those change, change them here too. Reports planning and execution time and any Seq Scan.
 */

function statements({ date, farDate, hour, privateRoomIds, memberId }) {
  return {
    'availability: rooms': [
      `SELECT id, room_number, room_type, capacity, created_at FROM rooms
       WHERE $1::text IS NULL OR room_type = $1 ORDER BY room_number`,
      [null],
    ],
    'availability: claims of a day': [
      `SELECT room_id, hour, count(*)::int AS claimed FROM room_claims WHERE date = $1
       GROUP BY hour, room_id`,
      [date],
    ],
    'availability: claims of an hour': [
      `SELECT room_id, hour, count(*)::int AS claimed FROM room_claims
       WHERE date = $1 AND hour = $2 GROUP BY hour, room_id`,
      [date, hour],
    ],
    'booking: lock room-days of the type': [
      `SELECT r.id, r.room_number, r.capacity,
              (SELECT count(*)::int FROM rooms WHERE room_type = $1) AS rooms_of_type
       FROM room_days d JOIN rooms r ON r.id = d.room_id
       WHERE d.date = $2 AND r.room_type = $1
       ORDER BY d.room_id FOR UPDATE OF d`,
      ['PRIVATE', date],
    ],
    'booking: party lock + claims + starts': [
      `WITH party AS (
         SELECT id, name, age, gender FROM members
         WHERE id = ANY($4::int[]) AND deleted_at IS NULL
         ORDER BY id FOR KEY SHARE
       )
       SELECT 'member' AS kind, id, age::int AS num, NULL::smallint AS hour, name, gender::text
         FROM party
       UNION ALL
       SELECT 'room', room_id, seat_number, hour, NULL, NULL FROM room_claims
         WHERE date = $1 AND hour = ANY($2::smallint[]) AND room_id = ANY($3::int[])
       UNION ALL
       SELECT 'member_claim', member_id, NULL, hour, NULL, NULL FROM member_claims
         WHERE date = $1 AND hour = ANY($2::smallint[]) AND member_id = ANY($4::int[])
       UNION ALL
       SELECT 'start', room_id, count(*)::int, NULL, NULL, NULL FROM bookings
         WHERE date = $1 AND start_hour = $5 AND room_id = ANY($3::int[])
         GROUP BY room_id`,
      [date, [hour], privateRoomIds, [memberId], hour],
    ],
    'booking: insert booking + claims (CTE)': [
      `WITH b AS (
         INSERT INTO bookings (booking_id, room_id, member_id, team_id, date, start_hour, end_hour, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
         INSERT INTO member_claims (booking_id, member_id, date, hour)
         SELECT b.id, m.member_id, $5, h.hour
         FROM b, unnest($9::int[]) AS m(member_id), unnest($12::smallint[]) AS h(hour)
         ORDER BY m.member_id, h.hour
       )
       SELECT id, created_at FROM b`,
      // A private room on a far day nobody books in the run (rolled back, and run twice: the
      // booking_id differs each time).
      (run) => [
        `BKEXPLAIN${run}`,
        privateRoomIds[0],
        memberId,
        null,
        farDate,
        hour,
        hour + 1,
        memberId,
        [memberId],
        [null],
        [0],
        [run === 0 ? hour : hour + 1],
      ],
    ],
  };
}

function seqScans(plan, found = []) {
  if (plan['Node Type'] === 'Seq Scan')
    found.push(`${plan['Relation Name']} (${plan['Actual Rows']} rows)`);
  for (const child of plan.Plans ?? []) seqScans(child, found);
  return found;
}

async function explainHotStatements(pool, params) {
  const client = await pool.connect();
  const out = {};
  try {
    await client.query('BEGIN');
    for (const [name, [sql, values]] of Object.entries(statements(params))) {
      const args = (run) => (typeof values === 'function' ? values(run) : values);
      // The first run in a session also fills the catalog caches; keep the second.
      await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, args(0));
      const { rows } = await client.query(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
        args(1),
      );
      const [result] = rows[0]['QUERY PLAN'];
      out[name] = {
        planning_ms: result['Planning Time'],
        execution_ms: result['Execution Time'],
        seq_scans: seqScans(result.Plan),
        top_node: result.Plan['Node Type'],
        triggers_ms: (result.Triggers ?? []).reduce((t, trigger) => t + trigger.Time, 0),
        triggers: (result.Triggers ?? []).map(
          (t) => `${t['Constraint Name'] ?? t['Trigger Name']}`,
        ),
      };
    }
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
  return out;
}

module.exports = { explainHotStatements };
