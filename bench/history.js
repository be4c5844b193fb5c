#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:history`: list latency against years of history.
 *
 * Starts the built API (dist) in production mode on a scratch database (DATABASE_URL's server,
 * or an embedded one), loads with set-based SQL (generate_series, straight into the tables)
 * 50,000 members and 2,000,000 one-hour private bookings over ~5 years in 120 rooms, with their
 * participants and, for active bookings, their room and member claims (10% are cancelled), plus
 * one member with 500 bookings; then times, one request at a time, as an admin:
 *   GET /bookings/ page 1, page 200, page 1000 (the deepest ?page=), a deep page (cursor from the middle of the history;
 *   without cursor support: ?page= at the same depth), the users list page 1 and its last
 *   page (a cursor walk of the whole list; without cursor support: the last ?page=), and
 *   my-bookings of the member with 500 bookings. Also times deleting 20 unused rooms (the
 *   foreign-key checks against bookings and room_claims).
 *
 *   node bench/history.js [--smoke] [--bookings=2000000] [--members=50000] [--rooms=120]
 *                         [--reps=30] [--keep] [--reuse=postgres://.../bench_xxx]
 *
 * --smoke: 20,000 bookings and 2,000 members, 3 repetitions, checks only that every answer is
 * a 200. --rooms=2000: the bookings of one hour spread over 2,000 rooms, as at `bench --scale`'s
 * 5,000 rooms (an hour then holds 2,000 bookings and the history fewer days). --keep: leaves the scratch database in place and prints its URL (for EXPLAIN).
 * --reuse=URL: measures again on a database a --keep run loaded (the API migrates it first).
 */
const { randomBytes } = require('node:crypto');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const os = require('node:os');
const { Pool } = require('pg');
const { provideDatabase } = require('./lib/database');
const { freePort, startNodeProcess } = require('./lib/processes');
const { signAccessToken } = require('./lib/tokens');

const ROOT = join(__dirname, '..');
const DIST = process.env.API_DIST ?? join(ROOT, 'dist/apps/api');
const API_MAIN = join(DIST, 'apps/api/src/main.js');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const found = argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const SMOKE = flag('smoke');
const OPTS = {
  bookings: option('bookings', SMOKE ? 20_000 : 2_000_000),
  members: option('members', SMOKE ? 2_000 : 50_000),
  rooms: option('rooms', 120),
  reps: option('reps', SMOKE ? 3 : 30),
  keep: flag('keep'),
  reuse: (argv.find((a) => a.startsWith('--reuse=')) ?? '').slice('--reuse='.length),
};
const ROOMS = OPTS.rooms;
const ROOM_DIGITS = Math.max(3, String(ROOMS).length);
const HOURS = 9;
const MINE = 500; // bookings of the my-bookings member
const log = (message) => process.stderr.write(`[history] ${message}\n`);

// ---------------------------------------------------------------------------------- loading
async function timed(label, work) {
  const began = Date.now();
  const result = await work();
  log(`${label}: ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * Booking g (0-based) is in room g % ROOMS at slot floor(g / ROOMS): slot s is day floor(s / 9),
 * hour 9 + s % 9, days ending yesterday. Its member is g % members: the ROOMS bookings of one
 * hour have ROOMS distinct members (members >= ROOMS), so member-hour claims never clash.
 */
async function loadHistory(pool) {
  const days = Math.ceil(OPTS.bookings / (ROOMS * HOURS));
  const { rows: first } = await pool.query(`SELECT (current_date - $1::int)::text AS first_day`, [
    days,
  ]);
  const firstDay = first[0].first_day;
  await timed('rooms and members', async () => {
    await pool.query(
      `WITH r AS (
         INSERT INTO rooms (room_number, room_type, capacity, site_id)
         SELECT 'H' || lpad(g::text, ${ROOM_DIGITS}, '0'), 'PRIVATE', 1, (SELECT min(id) FROM sites) FROM generate_series(1, $1) g
         UNION ALL SELECT 'Z01', 'PRIVATE', 1, (SELECT min(id) FROM sites)
         RETURNING id)
       INSERT INTO room_seats (room_id, seat_number) SELECT id, 0 FROM r`,
      [ROOMS],
    );
    await pool.query(
      `INSERT INTO members (name, age, gender)
       SELECT 'History member ' || g, 20 + g % 50, 'O' FROM generate_series(1, $1) g`,
      [OPTS.members],
    );
  });
  const { rows: rooms } = await pool.query(
    `SELECT array_agg(id ORDER BY room_number) AS ids FROM rooms WHERE room_number LIKE 'H%'`,
  );
  const { rows: members } = await pool.query(
    `SELECT min(id) AS lo FROM members WHERE name LIKE 'History member %'`,
  );
  await timed(`${OPTS.bookings} bookings`, () =>
    pool.query(
      `INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, status,
                             created_by, created_at, cancelled_at, cancelled_by, checked_in_at, checked_in_by)
       SELECT 'BK' || to_char(d, 'YYYYMMDD') || lpad(h::text, 2, '0') || '0000'
                   || 'H' || lpad((g % $4 + 1)::text, ${ROOM_DIGITS}, '0'),
              ($3::int[])[g % $4 + 1], m, d, h, h + 1,
              CASE WHEN g % 10 = 7 THEN 'CANCELLED' ELSE 'ACTIVE' END,
              m, d - interval '2 days',
              CASE WHEN g % 10 = 7 THEN d - interval '1 day' END,
              CASE WHEN g % 10 = 7 THEN m END,
              -- Past history is settled: checked in (else the release sweep would spend the
              -- run releasing its no-shows), as a live office's would be by now.
              CASE WHEN g % 10 <> 7 THEN d + make_interval(hours => h, mins => 5) END,
              CASE WHEN g % 10 <> 7 THEN m END
       FROM generate_series(0, $1 - 1) g,
            LATERAL (SELECT $2::date + (g / $4 / 9)::int AS d, 9 + (g / $4 % 9)::int AS h,
                            $5::int + (g % $6)::int AS m) x`,
      [OPTS.bookings, firstDay, rooms[0].ids, ROOMS, members[0].lo, OPTS.members],
    ),
  );
  await timed('participants', () =>
    pool.query(
      `INSERT INTO booking_participants (booking_id, member_id, seat_number)
       SELECT id, member_id, NULL FROM bookings`,
    ),
  );
  await timed('room claims', () =>
    pool.query(
      `INSERT INTO room_claims (booking_id, room_id, seat_number, date, hour)
       SELECT id, room_id, 0, date, start_hour FROM bookings WHERE status = 'ACTIVE'`,
    ),
  );
  await timed('member claims', () =>
    pool.query(
      `INSERT INTO member_claims (booking_id, member_id, date, hour)
       SELECT id, member_id, date, start_hour FROM bookings WHERE status = 'ACTIVE'`,
    ),
  );
}

/** A member with MINE bookings in room Z01, one a day at 09:00, half made for them by another. */
async function seedBusyMember(pool, otherId) {
  const found = await pool.query(`SELECT id FROM members WHERE name = 'Busy member'`);
  if (found.rows.length > 0) return found.rows[0].id;
  const { rows } = await pool.query(
    `INSERT INTO members (name, age, gender) VALUES ('Busy member', 40, 'F') RETURNING id`,
  );
  const id = rows[0].id;
  await pool.query(
    `WITH b AS (
       INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour,
                             created_by, created_at, checked_in_at, checked_in_by)
       SELECT 'BK' || to_char(current_date - g, 'YYYYMMDD') || '090000Z01',
              (SELECT id FROM rooms WHERE room_number = 'Z01'), $1::int, current_date - g, 9, 10,
              CASE WHEN g % 2 = 0 THEN $1::int ELSE $3::int END, now(),
              current_date - g + time '09:05', $1::int
       FROM generate_series(1, $2::int) g
       RETURNING id, room_id, member_id, date),
     p AS (INSERT INTO booking_participants (booking_id, member_id) SELECT id, member_id FROM b),
     rc AS (INSERT INTO room_claims (booking_id, room_id, seat_number, date, hour)
            SELECT id, room_id, 0, date, 9 FROM b)
     INSERT INTO member_claims (booking_id, member_id, date, hour) SELECT id, member_id, date, 9 FROM b`,
    [id, MINE, otherId],
  );
  return id;
}

async function seedAdmin(pool, secret) {
  const { rows } = await pool.query(
    `WITH m AS (INSERT INTO members (name, age, gender) VALUES ('History admin', 40, 'O') RETURNING id)
     INSERT INTO accounts (id, username, email, password_hash, role)
     SELECT id, 'history_admin_' || id, 'history_admin_' || id || '@example.com', 'x', 'admin' FROM m
     RETURNING id, username`,
  );
  return {
    id: rows[0].id,
    token: signAccessToken(secret, { ...rows[0], role: 'admin' }),
  };
}

async function seedAccount(pool, secret, id) {
  const { rows } = await pool.query(
    `INSERT INTO accounts (id, username, email, password_hash)
     VALUES ($1::int, 'history_busy_' || $1::int, 'history_busy_' || $1::int || '@example.com', 'x')
     ON CONFLICT (id) DO UPDATE SET is_active = true
     RETURNING id, username`,
    [id],
  );
  return signAccessToken(secret, rows[0]);
}

// ---------------------------------------------------------------------------------- timing
async function getJson(url, token) {
  const began = process.hrtime.bigint();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  const ms = Number(process.hrtime.bigint() - began) / 1e6;
  return { status: res.status, body, ms };
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** `reps` sequential requests after one warm-up (fewer if they take over 20 s in all). */
async function measure(name, url, token) {
  const warm = await getJson(url, token);
  const times = [];
  const statuses = new Set([warm.status]);
  const began = Date.now();
  for (let i = 0; i < OPTS.reps && (i < 3 || Date.now() - began < 20_000); i++) {
    const r = await getJson(url, token);
    statuses.add(r.status);
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const figure = {
    name,
    status: [...statuses].join(','),
    n: times.length,
    p50_ms: Math.round(percentile(times, 0.5) * 10) / 10,
    p99_ms: Math.round(percentile(times, 0.99) * 10) / 10,
    max_ms: Math.round(times[times.length - 1] * 10) / 10,
  };
  log(`${name}: ${JSON.stringify(figure)}`);
  return { figure, body: warm.body };
}

/** Follows `next` from `path` to the end; returns the last page's URL and how many were read. */
async function walk(url, token) {
  let next = url;
  let last = url;
  let pages = 0;
  let rows = 0;
  while (next) {
    const r = await getJson(next, token);
    if (r.status !== 200) throw new Error(`${next}: ${r.status} ${JSON.stringify(r.body)}`);
    last = next;
    pages++;
    rows += r.body.results.length;
    next = r.body.next;
  }
  return { last, pages, rows };
}

async function main() {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build first`);
  const started = Date.now();
  const cleanups = [];
  try {
    const database = OPTS.reuse
      ? { url: OPTS.reuse, source: 'reused (--reuse)', cleanup: async () => undefined }
      : await provideDatabase(log);
    if (!OPTS.keep) cleanups.push(database.cleanup);
    const secret = randomBytes(32).toString('base64url');
    const port = await freePort();
    const api = await startNodeProcess({
      script: API_MAIN,
      port,
      readyPath: '/health',
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        JWT_SECRET: secret,
        AUTH_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        WORKSPACE_TIMEZONE: 'UTC',
      },
    });
    cleanups.unshift(() => api.stop());
    const pool = new Pool({ connectionString: database.url, max: 2 });
    cleanups.unshift(() => pool.end());
    const pgVersion = (await pool.query('SHOW server_version')).rows[0].server_version;

    const loaded = (await pool.query('SELECT count(*)::int AS n FROM bookings')).rows[0].n;
    if (loaded === 0) await timed('load', () => loadHistory(pool));
    const admin = await seedAdmin(pool, secret);
    const busyId = await seedBusyMember(pool, admin.id);
    const busyToken = await seedAccount(pool, secret, busyId);
    await timed('VACUUM ANALYZE', () => pool.query('VACUUM ANALYZE'));
    const size = await pool.query(
      `SELECT (SELECT count(*) FROM bookings)::int AS bookings,
              (SELECT count(*) FROM members)::int AS members,
              pg_size_pretty(pg_database_size(current_database())) AS db_size`,
    );
    log(`loaded: ${JSON.stringify(size.rows[0])}`);

    const base = `${api.url}/api/v1`;
    const figures = [];
    const add = async (name, path, token = admin.token, expected = '200') => {
      const { figure, body } = await measure(name, `${base}${path}`, token);
      figures.push({ ...figure, expected });
      return body;
    };
    const first = await add('bookings page 1 (admin)', '/bookings/');
    const cursorSupport = 'next_cursor' in first;
    await add('bookings page 200 (admin)', '/bookings/?page=200');
    await add('bookings page 1000 (admin, OFFSET 10000)', '/bookings/?page=1000');
    const total = OPTS.bookings + MINE;
    const middle = await pool.query(
      `SELECT date::text AS date FROM bookings ORDER BY date OFFSET $1 LIMIT 1`,
      [Math.floor(total / 2)],
    );
    if (cursorSupport) {
      // A cursor half-way through: from the first page of the middle day, used without the filter.
      const page = (
        await getJson(`${base}/bookings/?date_from=${middle.rows[0].date}`, admin.token)
      ).body;
      await add('bookings deep cursor page (admin)', `/bookings/?cursor=${page.next_cursor}`);
      await add(
        'bookings ?page= past the bound (400)',
        '/bookings/?page=100000',
        admin.token,
        '400',
      );
    } else {
      await add(
        'bookings deep ?page= (admin, half-way)',
        `/bookings/?page=${Math.floor(total / 2 / 10)}`,
      );
    }
    const users = await add('users page 1 (admin)', '/users/');
    if (cursorSupport) {
      const walked = await timed('users cursor walk', () =>
        walk(`${base}/users/?page_size=100&cursor=${users.next_cursor}`, admin.token),
      );
      log(`users walk: ${walked.pages} pages, ${walked.rows} rows after page 1`);
      const lastUrl = walked.last.slice(base.length);
      await add('users last cursor page (admin)', lastUrl);
    } else {
      await add('users last ?page= (admin)', `/users/?page=${Math.ceil(users.count / 10)}`);
    }
    await add(`my-bookings (member with ${MINE})`, '/bookings/my-bookings', busyToken);

    const roomDelete = await timed('delete 20 unused rooms', () => deleteUnusedRooms(pool));

    const machine = {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      node: process.version,
      postgresql: pgVersion,
      database: database.source,
    };
    process.stdout.write(
      `\nMachine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}, PostgreSQL ` +
        `${machine.postgresql} (${machine.database}); ${JSON.stringify(size.rows[0])}.\n` +
        `Sequential requests, ${OPTS.reps} after a warm-up, page_size 10 unless said.\n\n`,
    );
    const rows = [['request', 'status', 'n', 'p50 ms', 'p99 ms', 'max ms']];
    for (const f of figures) rows.push([f.name, f.status, f.n, f.p50_ms, f.p99_ms, f.max_ms]);
    rows.push(['DELETE 20 unused 4-seat rooms (SQL)', '-', 1, roomDelete.ms, '-', '-']);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const r of rows)
      process.stdout.write(`${r.map((c, i) => String(c).padEnd(widths[i])).join('  ')}\n`);
    process.stdout.write(`total ${Math.round((Date.now() - started) / 1000)} s\n`);
    if (OPTS.keep || OPTS.reuse) process.stdout.write(`database kept: ${database.url}\n`);
    const failures = figures.filter((f) => f.status !== f.expected);
    return failures.map((f) => `${f.name}: ${f.status}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => log(`cleanup: ${e.message}`));
  }
}

/**
 * Deletes 20 four-seat rooms that were never booked, in a rolled-back transaction: what costs
 * is the foreign-key checks (bookings.room_id, and room_claims (room_id, seat_number) for each
 * cascaded seat), a scan of each table per row unless an index leads with those columns.
 */
async function deleteUnusedRooms(pool) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `WITH r AS (INSERT INTO rooms (room_number, room_type, capacity, site_id)
                  SELECT 'X' || g, 'SHARED_DESK', 4, (SELECT min(id) FROM sites) FROM generate_series(1, 20) g RETURNING id)
       INSERT INTO room_seats (room_id, seat_number) SELECT id, s FROM r, generate_series(1, 4) s`,
    );
    const began = process.hrtime.bigint();
    await client.query(`DELETE FROM rooms WHERE room_number LIKE 'X%'`);
    return { ms: Math.round(Number(process.hrtime.bigint() - began) / 1e5) / 10 };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

if (require.main !== module) {
  // bench/scale.js reuses the seeding and the timing helpers.
  module.exports = { getJson, seedAdmin, seedAccount, seedBusyMember, walk };
} else {
  main().then(
    (failures) => {
      if (failures.length > 0) {
        process.stderr.write(`[history] FAILED:\n  ${failures.join('\n  ')}\n`);
        process.exit(1);
      }
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`[history] failed: ${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
