'use strict';
/**
 * `npm run bench -- --scale`: the 15-room office against a company of 100 sites x 50 rooms with
 * years of history, in one run, on one database.
 *
 *   1. the API in production mode on a scratch database; 2,000 bench members with tokens, an
 *      admin, a member with 500 past bookings (site Z, so HQ keeps its 15 rooms), the room-day
 *      rows of the booking window (so both cases book in two round trips);
 *   2. the 15-room figures at HQ: POST bookings/s (autocannon), GET rooms/availability p50/p99
 *      (autocannon), the lists one request at a time;
 *   3. the large case, set-based SQL: 100 sites (S001..S100) of 50 rooms (20 private, 20 desks
 *      of 4, 10 conference rooms of 8), 50,000 members, --scale-bookings (2,000,000) one-hour
 *      private bookings over 5 years ending yesterday with participants and claims (1 in 10
 *      cancelled), the next 30 days of S011..S100's private rooms half booked, VACUUM ANALYZE,
 *      CHECKPOINT (and autovacuum let finish);
 *   4. the same figures again: bookings spread over 10 of the large sites (same mix and density
 *      per site and date as at HQ), availability of S001 (50 rooms), the lists over all history;
 *   5. the targets, each MET or MISSED, and EXPLAIN (ANALYZE, BUFFERS) of the hot statements.
 *
 *   node bench/run.js --scale [--scale-bookings=2000000] [--scale-members=50000] [--duration=10]
 *                     [--connections=50] [--reps=30] [--keep]
 */
const os = require('node:os');
const { randomBytes } = require('node:crypto');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Pool } = require('pg');
const { provideDatabase } = require('./lib/database');
const { cpuMeter, processCpuMs, treeCpuMs } = require('./lib/cpu');
const { explainHotStatements } = require('./lib/explain');
const { freePort, startNodeProcess } = require('./lib/processes');
const { signAccessToken } = require('./lib/tokens');
const history = require('./history');

const ROOT = join(__dirname, '..');
const DIST = process.env.API_DIST ?? join(ROOT, 'dist/apps/api');
const API_MAIN = join(DIST, 'apps/api/src/main.js');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const found = argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const OPTS = {
  bookings: option('scale-bookings', 2_000_000),
  members: option('scale-members', 50_000),
  duration: option('duration', 10),
  connections: option('connections', 50),
  reps: option('reps', 30),
  keep: argv.includes('--keep'),
};
const SITES = 100;
const PRIVATE_PER_SITE = 20;
const BOOKING_SITES = 10; // the large sites the booking load spreads over
const BENCH_MEMBERS = 2000;
const BOOKING_DATES = 300;
const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17];
const YEARS_DAYS = 1825;
const AHEAD_DAYS = 30; // the other sites' coming weeks, half booked
const MINE = 500;

const log = (message) => process.stderr.write(`[scale] ${message}\n`);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function timed(label, work) {
  const began = Date.now();
  const result = await work();
  const s = (Date.now() - began) / 1000;
  log(`${label}: ${s.toFixed(1)} s (load ${load()})`);
  return { result, s };
}

function dayFromToday(days) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
const slot = (hour) => `${String(hour).padStart(2, '0')}:00:00`;

// ---------------------------------------------------------------------------------- seeding
/** Bench members with accounts (no password: they use signed tokens). */
async function seedBenchMembers(pool, secret) {
  const tag = randomBytes(3).toString('hex');
  const { rows } = await pool.query(
    `WITH m AS (INSERT INTO members (name, age, gender)
                SELECT 'Bench member ' || g, 30, 'O' FROM generate_series(1, $1) g RETURNING id)
     INSERT INTO accounts (id, username, email, password_hash)
     SELECT id, 'scale_${tag}_' || id, 'scale_${tag}_' || id || '@example.com', 'x' FROM m
     RETURNING id, username`,
    [BENCH_MEMBERS],
  );
  return rows.map((r) => ({ ...r, token: signAccessToken(secret, r) }));
}

/** Site Z with room Z01, where history.js's busy member keeps its 500 bookings. */
async function seedBusySite(pool) {
  await pool.query(
    `WITH s AS (INSERT INTO sites (code, name, timezone) VALUES ('Z', 'Busy member site', 'UTC')
                RETURNING id),
          r AS (INSERT INTO rooms (room_number, room_type, capacity, site_id)
                SELECT 'Z01', 'PRIVATE', 1, id FROM s RETURNING id)
     INSERT INTO room_seats (room_id, seat_number) SELECT id, 0 FROM r`,
  );
}

/** Room-day rows of the booking window for the rooms of the sites `codes`. */
async function seedRoomDays(pool, codes) {
  await pool.query(
    `INSERT INTO room_days (room_id, date)
     SELECT r.id, current_date + d FROM rooms r JOIN sites s ON s.id = r.site_id,
            generate_series(1, $2::int) d
     WHERE s.code = ANY($1::text[]) ON CONFLICT DO NOTHING`,
    [codes, BOOKING_DATES],
  );
}

/**
 * The large case. Sites S001..S100 of 50 rooms: P01..P20 private, D01..D20 desks of 4,
 * C01..C10 conference rooms of 8. Private room i (0-based over all sites) holds the bookings
 * g with g % 2000 = i; its k-th (k = g / 2000) is on day floor(k * 1825 / K) of the five years
 * ending yesterday at hour 9 + k % 9: two bookings of a room at one hour are 16+ days apart, so
 * every (room, day, hour) is distinct. The member is g % members: the (at most) 2000 bookings
 * of one hour have distinct members. Booking ids carry the site (rooms of different sites
 * share numbers); member claims carry starts_at (UTC sites), so the per-row trigger is idle.
 */
/** CHECKPOINT, then wait (up to 60 s) until no autovacuum worker runs. */
async function settle(pool) {
  await pool.query('CHECKPOINT');
  for (let waited = 0; waited < 60; waited++) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
    );
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function loadLarge(pool) {
  const privateRooms = SITES * PRIVATE_PER_SITE;
  const perRoom = Math.ceil(OPTS.bookings / privateRooms);
  const steps = [];
  const step = async (label, sql, values) =>
    steps.push({ label, s: (await timed(label, () => pool.query(sql, values))).s });
  await step(
    `${SITES} sites x 50 rooms`,
    `WITH s AS (
       INSERT INTO sites (code, name, timezone)
       SELECT 'S' || lpad(g::text, 3, '0'), 'Office ' || g, 'UTC' FROM generate_series(1, $1) g
       RETURNING id),
     r AS (
       INSERT INTO rooms (room_number, room_type, capacity, site_id)
       SELECT t.prefix || lpad(n::text, 2, '0'), t.room_type, t.capacity, s.id
       FROM s, (VALUES ('P', 'PRIVATE', 1, 20), ('D', 'SHARED_DESK', 4, 20),
                       ('C', 'CONFERENCE', 8, 10)) t(prefix, room_type, capacity, how_many),
            generate_series(1, t.how_many) n
       RETURNING id, room_type, capacity)
     INSERT INTO room_seats (room_id, seat_number)
     SELECT id, seat FROM r, generate_series(CASE WHEN room_type = 'SHARED_DESK' THEN 1 ELSE 0 END,
                                             CASE WHEN room_type = 'SHARED_DESK' THEN capacity ELSE 0 END) seat`,
    [SITES],
  );
  await step(
    `${OPTS.members} members`,
    `INSERT INTO members (name, age, gender)
     SELECT 'History member ' || g, 20 + g % 50, 'O' FROM generate_series(1, $1) g`,
    [OPTS.members],
  );
  const { rows: ids } = await pool.query(
    `SELECT (SELECT array_agg(r.id ORDER BY s.code, r.room_number) FROM rooms r JOIN sites s ON s.id = r.site_id
             WHERE s.code LIKE 'S%' AND r.room_type = 'PRIVATE') AS rooms,
            (SELECT array_agg(s.code ORDER BY s.code) FROM sites s WHERE s.code LIKE 'S%') AS sites,
            (SELECT min(id) FROM members WHERE name LIKE 'History member %') AS lo`,
  );
  await step(
    `${OPTS.bookings} bookings`,
    `INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, status,
                           created_by, created_at, cancelled_at, cancelled_by, checked_in_at, checked_in_by)
     SELECT 'BK' || to_char(d, 'YYYYMMDD') || lpad(h::text, 2, '0') || '0000'
                 || 'P' || lpad((i % $5 + 1)::text, 2, '0') || '-' || ($6::text[])[i / $5 + 1],
            ($3::int[])[i + 1], m, d, h, h + 1,
            CASE WHEN g % 10 = 7 THEN 'CANCELLED' ELSE 'ACTIVE' END,
            m, d - interval '2 days',
            CASE WHEN g % 10 = 7 THEN d - interval '1 day' END,
            CASE WHEN g % 10 = 7 THEN m END,
            -- Past history is settled: checked in (else the release sweep would spend the
            -- run releasing 1.8 million no-shows), as a live office's would be by now.
            CASE WHEN g % 10 <> 7 THEN d + make_interval(hours => h, mins => 5) END,
            CASE WHEN g % 10 <> 7 THEN m END
     FROM generate_series(0, $1 - 1) g,
          LATERAL (SELECT (g % $4)::int AS i, (g / $4)::int AS k) ik,
          LATERAL (SELECT current_date - $7::int + (ik.k::bigint * $7 / $8)::int AS d,
                          9 + ik.k % 9 AS h, $2::int + (g % $9)::int AS m) x`,
    [
      OPTS.bookings,
      ids[0].lo,
      ids[0].rooms,
      privateRooms,
      PRIVATE_PER_SITE,
      ids[0].sites,
      YEARS_DAYS,
      perRoom,
      OPTS.members,
    ],
  );
  // The company is busy now too: the other sites' private rooms are half booked over the
  // coming weeks, so the large figures show that a read or a booking at one site does not pay
  // for another's day (the booking load then adds its own at S001..S010).
  await step(
    `next ${AHEAD_DAYS} days of ${SITES - BOOKING_SITES} other sites`,
    `INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, status,
                           created_by)
     SELECT 'BK' || to_char(d, 'YYYYMMDD') || lpad(h::text, 2, '0') || '0000'
                 || r.room_number || '-' || r.code,
            r.id, $1::int + r.n, d, h, h + 1, 'ACTIVE', $1::int + r.n
     FROM (SELECT r.id, r.room_number, s.code, (row_number() OVER (ORDER BY r.id))::int AS n
           FROM rooms r JOIN sites s ON s.id = r.site_id
           WHERE s.code LIKE 'S%' AND s.code > $2 AND r.room_type = 'PRIVATE') r,
          LATERAL (SELECT current_date + g AS d FROM generate_series(1, $3::int) g) dd,
          generate_series(9, 17) h
     WHERE (r.n + h + extract(day FROM d)::int) % 2 = 0`,
    [ids[0].lo, ids[0].sites[BOOKING_SITES - 1], AHEAD_DAYS],
  );
  await step(
    'participants',
    `INSERT INTO booking_participants (booking_id, member_id, seat_number)
     SELECT id, member_id, NULL FROM bookings WHERE booking_id LIKE '%-S%'`,
  );
  await step(
    'room claims',
    `INSERT INTO room_claims (booking_id, room_id, seat_number, date, hour)
     SELECT id, room_id, 0, date, start_hour FROM bookings
     WHERE status = 'ACTIVE' AND booking_id LIKE '%-S%'`,
  );
  await step(
    'member claims',
    `INSERT INTO member_claims (booking_id, member_id, date, hour, starts_at)
     SELECT id, member_id, date, start_hour, (date + make_interval(hours => start_hour)) AT TIME ZONE 'UTC'
     FROM bookings WHERE status = 'ACTIVE' AND booking_id LIKE '%-S%'`,
  );
  return steps;
}

// ---------------------------------------------------------------------------------- load
function cannon(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const codes = {};
    const began = process.hrtime.bigint();
    const instance = autocannon({ ...options, timeout: 10 }, (error) => {
      if (error) return reject(error);
      resolve({ seconds: Number(process.hrtime.bigint() - began) / 1e9, latencies, codes });
    });
    instance.on('response', (_c, statusCode, _b, responseTime) => {
      latencies.push(responseTime);
      codes[statusCode] = (codes[statusCode] ?? 0) + 1;
    });
  });
}

const percentile = (sorted, p) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const r1 = (x) => (x === null ? null : Math.round(x * 10) / 10);

function summary(run, ok) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return {
    ok_per_s: Math.round((run.codes[ok] ?? 0) / run.seconds),
    p50_ms: r1(percentile(sorted, 0.5)),
    p99_ms: r1(percentile(sorted, 0.99)),
    codes: run.codes,
    load: load(),
  };
}

/**
 * The k-th booking at `sites` (codes): consecutive requests on different dates, then sites;
 * per (site, date, hour) 8 private and 12 desk-seat bookings, as at HQ; for one date the
 * (place, site) pairs are distinct members (fewer than half of BENCH_MEMBERS of them in a
 * run).
 */
function bookingPlan(k, members, sites) {
  const dateIndex = k % BOOKING_DATES;
  const site = Math.floor(k / BOOKING_DATES) % sites.length;
  const s = Math.floor(k / (BOOKING_DATES * sites.length)) % (HOURS.length * 20);
  const roomType = Math.floor(s / HOURS.length) < 8 ? 'PRIVATE' : 'SHARED_DESK';
  // The large case starts half-way through the members: HQ's members of a date and hour
  // must not book the same hour at another site (rule 7 holds across sites: a 409).
  const offset = sites.includes('HQ') ? 0 : members.length / 2;
  const member = members[(offset + dateIndex * 13 + s * sites.length + site) % members.length];
  return {
    member,
    body: {
      room_type: roomType,
      date: dayFromToday(1 + dateIndex),
      time_slot: slot(HOURS[s % HOURS.length]),
      site: sites[site],
    },
  };
}

/**
 * The API's and PostgreSQL's CPU time (from /proc) while the load ran; `null` until main sets
 * it. CPU per request moves far less with the machine's other work than p99 does.
 */
let cpu = null;

/** summary() of the load, with the CPU ms each meter used per `ok` answer. */
async function metered(ok, load) {
  cpu.start();
  const run = await load();
  const used = cpu.since();
  const answered = run.codes[ok] ?? 0;
  const perRequest = Object.entries(used).map(([k, ms]) => [
    k,
    answered ? Math.round((ms / answered) * 1000) / 1000 : null,
  ]);
  return { ...summary(run, ok), cpu_ms_per_req: Object.fromEntries(perRequest) };
}

async function bookingRate(url, members, sites, duration) {
  let k = 0;
  const requests = [
    {
      method: 'POST',
      path: '/api/v1/bookings/',
      setupRequest: (req) => {
        const plan = bookingPlan(k++, members, sites);
        return {
          ...req,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${plan.member.token}`,
          },
          body: JSON.stringify(plan.body),
        };
      },
    },
  ];
  await cannon({ url, connections: OPTS.connections, duration: 2, requests }); // warm-up
  return metered('201', () => cannon({ url, connections: OPTS.connections, duration, requests }));
}

async function availabilityLatency(url, members, site, duration) {
  let n = 0;
  const requests = [
    {
      method: 'GET',
      setupRequest: (req) => {
        const i = n++;
        return {
          ...req,
          path: `/api/v1/rooms/availability/?site=${site}&date=${dayFromToday(1 + (i % 20))}`,
          headers: { authorization: `Bearer ${members[i % members.length].token}` },
        };
      },
    },
  ];
  await cannon({ url, connections: OPTS.connections, duration: 2, requests });
  return metered('200', () => cannon({ url, connections: OPTS.connections, duration, requests }));
}

/** `reps` sequential GETs after a warm-up. */
async function sequential(url, token) {
  const warm = await history.getJson(url, token);
  const times = [];
  const codes = { [warm.status]: 1 };
  for (let i = 0; i < OPTS.reps; i++) {
    const r = await history.getJson(url, token);
    codes[r.status] = (codes[r.status] ?? 0) + 1;
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return {
    p50_ms: r1(percentile(times, 0.5)),
    p99_ms: r1(percentile(times, 0.99)),
    codes,
    load: load(),
    body: warm.body,
  };
}

/** Admin list page 1, ?page=1000 (10,000 rows deep), a cursor from the middle, users, mine. */
async function lists(base, pool, admin, busyToken) {
  const out = {};
  out.bookings_page_1 = await sequential(`${base}/bookings/`, admin.token);
  const total = (await pool.query('SELECT count(*)::int AS n FROM bookings')).rows[0].n;
  // ?page=1000 is 10,000 rows deep, the deepest ?page= allows; half-way on a small history.
  const deep = Math.min(1000, Math.max(1, Math.floor(total / 20)));
  out[`bookings_page_${deep}`] = await sequential(`${base}/bookings/?page=${deep}`, admin.token);
  const middle = await pool.query(
    `SELECT date::text AS date FROM bookings ORDER BY date OFFSET $1 LIMIT 1`,
    [Math.floor(total / 2)],
  );
  const page = (
    await history.getJson(`${base}/bookings/?date_from=${middle.rows[0].date}`, admin.token)
  ).body;
  out.bookings_cursor_page = await sequential(
    `${base}/bookings/?cursor=${page.next_cursor}`,
    admin.token,
  );
  out.users_page_1 = await sequential(`${base}/users/`, admin.token);
  out.my_bookings = await sequential(`${base}/bookings/my-bookings`, busyToken);
  for (const f of Object.values(out)) delete f.body;
  return out;
}

// ---------------------------------------------------------------------------------- report
function printReport(small, large, meta) {
  const rows = [['figure', '15 rooms (HQ)', `${meta.rooms} rooms, ${meta.bookings} bookings`]];
  const cell = (f, key) =>
    f ? `${f[key]}${key === 'ok_per_s' ? '/s' : ' ms'} (load ${f.load})` : '-';
  rows.push([
    'POST bookings/s',
    cell(small.bookings, 'ok_per_s'),
    `${cell(large.bookings, 'ok_per_s')} over ${BOOKING_SITES} sites`,
  ]);
  for (const key of ['p50_ms', 'p99_ms']) {
    rows.push([
      `GET rooms/availability ${key.slice(0, 3)} (one site)`,
      `${cell(small.availability, key)} HQ, 15 rooms`,
      `${cell(large.availability, key)} S001, 50 rooms`,
    ]);
  }
  const cpuCell = (f) =>
    f?.cpu_ms_per_req
      ? `${f.cpu_ms_per_req.app} API, ${f.cpu_ms_per_req.pg ?? '-'} PostgreSQL`
      : '-';
  rows.push(['CPU ms per booking', cpuCell(small.bookings), cpuCell(large.bookings)]);
  rows.push([
    'CPU ms per availability read',
    cpuCell(small.availability),
    cpuCell(large.availability),
  ]);
  const smallLists = Object.values(small.lists);
  Object.entries(large.lists).forEach(([name, f], i) => {
    for (const key of ['p50_ms', 'p99_ms']) {
      rows.push([
        `${name.replaceAll('_', ' ')} ${key.slice(0, 3)}`,
        cell(smallLists[i], key),
        cell(f, key),
      ]);
    }
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => `| ${r.map((v, c) => String(v).padEnd(widths[c])).join(' | ')} |`;
  process.stdout.write(
    `\nMachine: ${meta.cpu}, ${os.cpus().length} cores, node ${process.version}, PostgreSQL ` +
      `${meta.pg} (${meta.database}); ${meta.size}. Load average printed beside each figure ` +
      `(1 min 5 min 15 min): other work on the machine lowers every absolute figure.\n` +
      `${OPTS.duration} s autocannon per load figure at ${OPTS.connections} connections after a ` +
      `2 s warm-up; lists: ${OPTS.reps} sequential requests after one warm-up, page_size 10.\n\n`,
  );
  process.stdout.write(
    [
      line(rows[0]),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...rows.slice(1).map(line),
    ].join('\n') + '\n\n',
  );
  process.stdout.write(
    `Load: ${meta.loadSteps.map((s) => `${s.label} ${s.s.toFixed(1)} s`).join(', ')}\n\n`,
  );
}

function targets(small, large) {
  const t = {};
  const ratio = large.bookings.ok_per_s / small.bookings.ok_per_s;
  t[
    `booking rate at 5,000 rooms >= 80% of 15 rooms (${Math.round(ratio * 100)}%: ${large.bookings.ok_per_s} vs ${small.bookings.ok_per_s}/s)`
  ] = ratio >= 0.8;
  for (const [name, f] of Object.entries(large.lists))
    t[`${name} p99 <= 100 ms at scale (${f.p99_ms} ms)`] = f.p99_ms <= 100;
  const a = large.availability.p99_ms / small.availability.p99_ms;
  t[
    `availability p99 within 1.5x of 15 rooms (${a.toFixed(2)}x: ${large.availability.p99_ms} vs ${small.availability.p99_ms} ms)`
  ] = a <= 1.5;
  return t;
}

// ---------------------------------------------------------------------------------- main
async function runScale() {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build first`);
  const started = Date.now();
  const cleanups = [];
  try {
    const database = await provideDatabase(log);
    if (!OPTS.keep) cleanups.push(database.cleanup);
    const secret = randomBytes(32).toString('base64url');
    const api = await startNodeProcess({
      script: API_MAIN,
      port: await freePort(),
      readyPath: '/health',
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        JWT_SECRET: secret,
        AUTH_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        BOOKING_HORIZON_DAYS: '3650',
        WORKSPACE_TIMEZONE: 'UTC',
      },
    });
    cleanups.unshift(() => api.stop());
    cpu = cpuMeter({
      app: () => processCpuMs(api.child.pid),
      ...(database.postmasterPid ? { pg: () => treeCpuMs(database.postmasterPid) } : {}),
    });
    const pool = new Pool({ connectionString: database.url, max: 2 });
    cleanups.unshift(() => pool.end());
    const pg = (await pool.query('SHOW server_version')).rows[0].server_version;
    const base = `${api.url}/api/v1`;

    log(`seeding ${BENCH_MEMBERS} bench members, an admin, the member with ${MINE} bookings`);
    const members = await seedBenchMembers(pool, secret);
    const admin = await history.seedAdmin(pool, secret);
    await seedBusySite(pool);
    const busyId = await history.seedBusyMember(pool, admin.id);
    const busyToken = await history.seedAccount(pool, secret, busyId);
    await seedRoomDays(pool, ['HQ']);
    await pool.query('VACUUM ANALYZE');
    await settle(pool);

    log(`15 rooms: bookings (load ${load()})`);
    const small = {};
    small.bookings = await bookingRate(api.url, members, ['HQ'], OPTS.duration);
    log(`15 rooms: bookings ${JSON.stringify(small.bookings)}`);
    small.availability = await availabilityLatency(api.url, members, 'HQ', OPTS.duration);
    log(`15 rooms: availability ${JSON.stringify(small.availability)}`);
    small.lists = await lists(base, pool, admin, busyToken);
    log(`15 rooms: lists ${JSON.stringify(small.lists)}`);

    const loadSteps = await loadLarge(pool);
    const sites = Array.from(
      { length: BOOKING_SITES },
      (_, i) => `S${String(i + 1).padStart(3, '0')}`,
    );
    await seedRoomDays(pool, sites);
    loadSteps.push({
      label: 'VACUUM ANALYZE',
      s: (await timed('VACUUM ANALYZE', () => pool.query('VACUUM ANALYZE'))).s,
    });
    // The load leaves about a gigabyte of dirty buffers: write them out now (and let
    // autovacuum finish), so the large figures measure the service, not the aftermath of a
    // bulk load competing for the same two cores and disk.
    loadSteps.push({
      label: 'CHECKPOINT + settle',
      s: (await timed('CHECKPOINT', () => settle(pool))).s,
    });
    const size = (
      await pool.query(
        `SELECT (SELECT count(*) FROM rooms)::int AS rooms, (SELECT count(*) FROM sites)::int AS sites,
                (SELECT count(*) FROM bookings)::int AS bookings, (SELECT count(*) FROM members)::int AS members,
                pg_size_pretty(pg_database_size(current_database())) AS db_size`,
      )
    ).rows[0];
    log(`loaded: ${JSON.stringify(size)}`);

    const large = {};
    large.bookings = await bookingRate(api.url, members, sites, OPTS.duration);
    log(`large: bookings ${JSON.stringify(large.bookings)}`);
    large.availability = await availabilityLatency(api.url, members, 'S001', OPTS.duration);
    log(`large: availability ${JSON.stringify(large.availability)}`);
    large.lists = await lists(base, pool, admin, busyToken);
    log(`large: lists ${JSON.stringify(large.lists)}`);

    const s001 = await pool.query(
      `SELECT s.id, s.timezone, array_agg(r.id ORDER BY r.id) AS private_ids
       FROM sites s JOIN rooms r ON r.site_id = s.id AND r.room_type = 'PRIVATE'
       WHERE s.code = 'S001' GROUP BY s.id`,
    );
    const explain = await explainHotStatements(pool, {
      date: dayFromToday(1),
      farDate: dayFromToday(3000),
      hour: 10,
      privateRoomIds: s001.rows[0].private_ids,
      memberId: members[0].id,
      siteId: s001.rows[0].id,
      siteCode: 'S001',
      timezone: s001.rows[0].timezone ?? 'UTC',
    });

    printReport(small, large, {
      cpu: os.cpus()[0]?.model,
      pg,
      database: database.source,
      rooms: size.rooms,
      bookings: size.bookings,
      size: JSON.stringify(size),
      loadSteps,
    });
    const met = targets(small, large);
    for (const [name, ok] of Object.entries(met))
      process.stdout.write(`${ok ? 'MET   ' : 'MISSED'} ${name}\n`);
    process.stdout.write('\nEXPLAIN ANALYZE at the large size, site S001 (ms):\n');
    for (const [name, e] of Object.entries(explain)) {
      process.stdout.write(
        `  ${name.padEnd(40)} plan ${e.planning_ms.toFixed(3)}  exec ${e.execution_ms.toFixed(3)}` +
          `${e.seq_scans.length ? `  seq scan: ${e.seq_scans.join(', ')}` : ''}\n`,
      );
    }
    process.stdout.write(`total ${Math.round((Date.now() - started) / 1000)} s\n`);
    if (OPTS.keep) process.stdout.write(`database kept: ${database.url}\n`);
    const bad = [];
    for (const [name, f] of [
      ['15-room bookings', small.bookings],
      ['large bookings', large.bookings],
    ])
      if (Object.keys(f.codes).some((c) => c !== '201'))
        bad.push(`${name}: ${JSON.stringify(f.codes)}`);
    for (const [name, f] of [
      ['15-room availability', small.availability],
      ['large availability', large.availability],
      ...Object.entries(small.lists).map(([n, f]) => [`15-room ${n}`, f]),
      ...Object.entries(large.lists).map(([n, f]) => [`large ${n}`, f]),
    ])
      if (Object.keys(f.codes).some((c) => c !== '200'))
        bad.push(`${name}: ${JSON.stringify(f.codes)}`);
    return bad;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => log(`cleanup: ${e.message}`));
  }
}

module.exports = { runScale };
