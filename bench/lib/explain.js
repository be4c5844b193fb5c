'use strict';
/**
 * EXPLAIN (ANALYZE, BUFFERS) of the hot statements on the benchmark's populated database, in a
 * transaction rolled back afterwards. The statements come from the build
 * (libs/bookings/src/booking.sql.ts), so they are the ones the API runs. Reports planning and
 * execution time and any Seq Scan.
 */
const { join } = require('node:path');

const SQL = require(
  join(
    process.env.API_DIST ?? join(__dirname, '..', '..', 'dist/apps/api'),
    'libs/bookings/src/booking.sql.js',
  ),
);

function statements({ date, farDate, hour, privateRoomIds, memberId, siteId, siteCode, timezone }) {
  return {
    'availability: a day (one statement)': [
      SQL.AVAILABILITY_SQL,
      [siteCode, memberId, null, date, null],
    ],
    'availability: an hour (one statement)': [
      SQL.AVAILABILITY_SQL,
      [siteCode, memberId, null, date, hour],
    ],
    'booking: lock room-days of the type': [SQL.LOCK_ROOM_DAYS_SQL, ['PRIVATE', date, siteId]],
    'booking: party lock + claims + starts': [
      SQL.PARTY_AND_CLAIMS_SQL,
      [date, [hour], 'PRIVATE', [memberId], hour, siteId, timezone],
    ],
    'booking: insert booking + claims (CTE)': [
      SQL.INSERT_PLAN_SQL,
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
        timezone,
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
