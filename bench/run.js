#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the service under load, on loopback, in one run of under 3 minutes.
 *
 * Starts the built API (dist) in production mode on a PostgreSQL (DATABASE_URL's server, or an
 * embedded one in a temp dir), seeds members with tokens, and measures with autocannon:
 *   1. GET /api/v1/rooms/available/      2. GET /api/v1/rooms/availability/
 *   3. POST /api/v1/bookings/ spread over members, dates and hours
 *   4. hot slot: 200 members race for one private hour (8 rooms)
 *   5. POST /api/token/ (argon2id-bound)
 *   6. the limit: bench/bare-handler.js (Fastify + pg + the same SQL and JWT check, no Nest)
 * Prints a table and writes bench/results.json.
 *
 *   node bench/run.js [--smoke] [--duration=10] [--connections=50] [--cpu-prof]
 *
 * --smoke: a few seconds in all, asserting only that every phase runs and answers correctly
 * (for CI). --cpu-prof: the API writes a V8 CPU profile to bench/profiles/ on exit.
 */
const http = require('node:http');
const os = require('node:os');
const { randomBytes } = require('node:crypto');
const { mkdirSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { Pool } = require('pg');
const { provideDatabase } = require('./lib/database');
const { freePort, sleep, startNodeProcess } = require('./lib/processes');
const { signAccessToken } = require('./lib/tokens');

const ROOT = join(__dirname, '..');
// API_DIST: another build output (e.g. one private to a checkout shared with other builds).
const DIST = process.env.API_DIST ?? join(ROOT, 'dist/apps/api');
const API_MAIN = join(DIST, 'apps/api/src/main.js');
const PASSWORD_LIB = join(DIST, 'libs/users/src/password.js');
const PASSWORD = 'Bench-Passw0rd!-long-enough';

// ---------------------------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const found = argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const SMOKE = flag('smoke');
const OPTS = {
  smoke: SMOKE,
  duration: option('duration', SMOKE ? 1 : 10),
  warmup: option('warmup', SMOKE ? 0 : 2),
  connections: option('connections', SMOKE ? 10 : 50),
  loginDuration: option('login-duration', SMOKE ? 1 : 5),
  loginConnections: option('login-connections', SMOKE ? 4 : 16),
  members: option('members', 400),
  hotRounds: option('hot-rounds', SMOKE ? 1 : 5),
  hotRacers: 200,
  cpuProf: flag('cpu-prof'),
};
const HORIZON_DAYS = 365;
const BOOKING_DATES = 300; // phase 3 spreads over days +1 .. +300; the hot slot uses +330 ..
const READ_DATES = 20; // reads cycle over days +1 .. +20 (booked in phase 3)
const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17];

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

function dayFromToday(days) {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
const slot = (hour) => `${String(hour).padStart(2, '0')}:00:00`;

// ---------------------------------------------------------------------------------- seeding
/** Members with accounts, inserted in two statements with one precomputed argon2id hash. */
async function seedMembers(pool, count, secret) {
  const { hashPassword } = require(PASSWORD_LIB);
  const hash = await hashPassword(PASSWORD);
  const tag = randomBytes(3).toString('hex');
  const { rows } = await pool.query(
    `INSERT INTO members (name, age, gender)
     SELECT 'Bench member ' || g, 30, 'O' FROM generate_series(1, $1) g RETURNING id`,
    [count],
  );
  const ids = rows.map((r) => r.id);
  await pool.query(
    `INSERT INTO accounts (id, username, email, password_hash)
     SELECT id, 'bench_${tag}_' || id, 'bench_${tag}_' || id || '@example.com', $2
     FROM unnest($1::int[]) AS id`,
    [ids, hash],
  );
  return ids.map((id) => {
    const username = `bench_${tag}_${id}`;
    return { id, username, token: signAccessToken(secret, { id, username }) };
  });
}

// ---------------------------------------------------------------------------------- load
function summarize(result, okStatus) {
  const codes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
  );
  const ok = codes[okStatus] ?? 0;
  return {
    duration_s: Number(result.duration.toFixed(2)),
    connections: result.connections,
    requests: result.requests.total,
    req_per_s: Math.round(result.requests.total / result.duration),
    ok_per_s: Math.round(ok / result.duration),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    status_codes: codes,
    not_ok: result.requests.total - ok,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ ...options, timeout: 10 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** A GET load whose path and token rotate per request; warm-up first, unrecorded. */
async function readLoad(url, makePath, members) {
  let n = 0;
  const requests = [
    {
      method: 'GET',
      setupRequest: (req) => {
        const i = n++;
        return {
          ...req,
          path: makePath(i),
          headers: { authorization: `Bearer ${members[i % members.length].token}` },
        };
      },
    },
  ];
  if (OPTS.warmup > 0) {
    await cannon({ url, connections: OPTS.connections, duration: OPTS.warmup, requests });
  }
  return summarize(
    await cannon({ url, connections: OPTS.connections, duration: OPTS.duration, requests }),
    '200',
  );
}

const availablePath = (i) =>
  `/api/v1/rooms/available/?date=${dayFromToday(1 + (i % READ_DATES))}&time_slot=${slot(
    HOURS[Math.floor(i / READ_DATES) % HOURS.length],
  )}`;
const availabilityPath = (i) =>
  `/api/v1/rooms/availability/?date=${dayFromToday(1 + (i % READ_DATES))}`;

/**
 * The k-th booking of phase 3: date, hour and room type spread so that consecutive requests
 * hit different days, every (day, hour) gets 8 private + 12 single-seat desk bookings (exactly
 * the capacity), and no member is asked to be in two places in one hour.
 */
function bookingPlan(k, members) {
  const dateIndex = k % BOOKING_DATES;
  const s = Math.floor(k / BOOKING_DATES); // 0..179 within one day
  if (s >= HOURS.length * 20) return null; // capacity exhausted: never reached in 10 s
  const hour = HOURS[s % HOURS.length];
  const roomType = Math.floor(s / HOURS.length) < 8 ? 'PRIVATE' : 'SHARED_DESK';
  // For a fixed day, s is distinct per request, so (dateIndex * 13 + s) mod members (>= 180)
  // is a distinct member for every booking of that day.
  const member = members[(dateIndex * 13 + s) % members.length];
  return {
    member,
    body: { room_type: roomType, date: dayFromToday(1 + dateIndex), time_slot: slot(hour) },
  };
}

async function bookingLoad(url, members) {
  let k = 0;
  const requests = [
    {
      method: 'POST',
      path: '/api/v1/bookings/',
      setupRequest: (req) => {
        const plan = bookingPlan(k++, members);
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
  const result = summarize(
    await cannon({ url, connections: OPTS.connections, duration: OPTS.duration, requests }),
    '201',
  );
  result.bookings_per_s = result.ok_per_s;
  return result;
}

/** POST a JSON body with a keep-alive agent; resolves with status and parsed body. */
function postJson(agent, url, path, token, body) {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(
      `${url}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let parsed = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString());
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: { error: error.message } }));
    req.end(payload);
  });
}

/** 200 members, one private hour, all at once; connections opened beforehand. */
async function hotSlot(url, members) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: OPTS.hotRacers });
  const racers = members.slice(0, OPTS.hotRacers);
  const rounds = [];
  try {
    for (let round = 0; round < OPTS.hotRounds; round++) {
      // Open (and keep) one socket per racer so the race measures the server, not TCP setup.
      await Promise.all(
        racers.map(
          () =>
            new Promise((resolve) => {
              http
                .get(`${url}/health`, { agent }, (res) => res.resume().on('end', resolve))
                .on('error', resolve);
            }),
        ),
      );
      const body = { room_type: 'PRIVATE', date: dayFromToday(330 + round), time_slot: slot(11) };
      const started = process.hrtime.bigint();
      const answers = await Promise.all(
        racers.map((m) =>
          postJson(agent, url, '/api/v1/bookings/', m.token, body).then((a) => ({
            ...a,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          })),
        ),
      );
      const settled = Math.max(...answers.map((a) => a.ms));
      const codes = {};
      for (const a of answers) codes[a.status] = (codes[a.status] ?? 0) + 1;
      const rooms = new Set(
        answers.filter((a) => a.status === 201).map((a) => a.body?.room?.room_number),
      );
      rounds.push({
        date: body.date,
        successes: codes[201] ?? 0,
        distinct_rooms: rooms.size,
        status_codes: codes,
        other_errors: answers.filter((a) => a.status !== 201 && a.status !== 409).length,
        settled_ms: Math.round(settled),
        sample_error: answers.find((a) => a.status !== 201 && a.status !== 409)?.body ?? null,
      });
    }
  } finally {
    agent.destroy();
  }
  const settledAll = rounds.map((r) => r.settled_ms).sort((a, b) => a - b);
  return {
    racers: OPTS.hotRacers,
    rounds,
    all_rounds_exactly_8: rounds.every((r) => r.successes === 8 && r.distinct_rooms === 8),
    other_errors: rounds.reduce((n, r) => n + r.other_errors, 0),
    settled_ms_median: settledAll[Math.floor(settledAll.length / 2)],
    settled_ms_max: settledAll[settledAll.length - 1],
  };
}

async function loginLoad(url, members) {
  let n = 0;
  const requests = [
    {
      method: 'POST',
      path: '/api/token/',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({
          username: members[n++ % members.length].username,
          password: PASSWORD,
        }),
      }),
    },
  ];
  return summarize(
    await cannon({
      url,
      connections: OPTS.loginConnections,
      duration: OPTS.loginDuration,
      requests,
    }),
    '200',
  );
}

// ---------------------------------------------------------------------------------- report
function machine(pgVersion) {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgresql: pgVersion,
  };
}

const fmt = (n) => (n === undefined || n === null ? '-' : String(n));
const pct = (x) => `${Math.round(x * 100)}%`;

function table(results) {
  const p = results.phases;
  const rows = [
    ['phase', 'ok/s', 'p50 ms', 'p99 ms', 'not ok', 'note'],
    [
      '1 GET rooms/available (API)',
      p.available.ok_per_s,
      p.available.p50_ms,
      p.available.p99_ms,
      p.available.not_ok,
      `${pct(results.ratios.available)} of bare`,
    ],
    [
      '  bare handler, same SQL + JWT',
      p.bare_available.ok_per_s,
      p.bare_available.p50_ms,
      p.bare_available.p99_ms,
      p.bare_available.not_ok,
      '',
    ],
    [
      '2 GET rooms/availability (API)',
      p.availability.ok_per_s,
      p.availability.p50_ms,
      p.availability.p99_ms,
      p.availability.not_ok,
      `${pct(results.ratios.availability)} of bare`,
    ],
    [
      '  bare handler, same SQL + JWT',
      p.bare_availability.ok_per_s,
      p.bare_availability.p50_ms,
      p.bare_availability.p99_ms,
      p.bare_availability.not_ok,
      '',
    ],
    [
      '3 POST bookings (distinct)',
      p.bookings.bookings_per_s,
      p.bookings.p50_ms,
      p.bookings.p99_ms,
      p.bookings.not_ok,
      `${p.bookings.requests} requests, codes ${JSON.stringify(p.bookings.status_codes)}`,
    ],
    [
      '4 hot slot (200 racers)',
      '-',
      '-',
      '-',
      p.hot_slot.other_errors,
      `settled ${p.hot_slot.settled_ms_median} ms median / ${p.hot_slot.settled_ms_max} ms max over ${p.hot_slot.rounds.length} rounds; ` +
        `successes ${p.hot_slot.rounds.map((r) => r.successes).join(',')}`,
    ],
    [
      '5 POST token (login)',
      p.login.ok_per_s,
      p.login.p50_ms,
      p.login.p99_ms,
      p.login.not_ok,
      `argon2id m=19 MiB t=2 p=1, ${p.login.connections} connections`,
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => fmt(r[c]).length)));
  const line = (r) => `| ${r.map((v, c) => fmt(v).padEnd(widths[c])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

function targets(results) {
  const p = results.phases;
  return {
    'availability reads >= 50% of bare handler':
      results.ratios.available >= 0.5 && results.ratios.availability >= 0.5,
    'bookings >= 500/s': p.bookings.bookings_per_s >= 500,
    'hot slot exactly 8, only 409s otherwise, settled < 2 s':
      p.hot_slot.all_rounds_exactly_8 &&
      p.hot_slot.other_errors === 0 &&
      p.hot_slot.settled_ms_max < 2000,
  };
}

// ---------------------------------------------------------------------------------- main
async function main() {
  const started = Date.now();
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build first`);
  const cleanups = [];
  try {
    const database = await provideDatabase(log);
    cleanups.push(database.cleanup);
    const secret = randomBytes(32).toString('base64url');
    const apiPort = await freePort();
    const profileDir = join(__dirname, 'profiles');
    if (OPTS.cpuProf) mkdirSync(profileDir, { recursive: true });
    log(`starting the API (production mode) on port ${apiPort}`);
    const api = await startNodeProcess({
      script: API_MAIN,
      port: apiPort,
      readyPath: '/health',
      nodeArgs: OPTS.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        JWT_SECRET: secret,
        AUTH_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        BOOKING_HORIZON_DAYS: String(HORIZON_DAYS),
        WORKSPACE_TIMEZONE: 'UTC',
      },
    });
    cleanups.unshift(() => api.stop());

    const pool = new Pool({ connectionString: database.url, max: 2 });
    cleanups.unshift(() => pool.end());
    const pgVersion = (await pool.query('SHOW server_version')).rows[0].server_version;
    log(`seeding ${OPTS.members} members`);
    const members = await seedMembers(pool, OPTS.members, secret);

    const barePort = await freePort();
    const bare = await startNodeProcess({
      script: join(__dirname, 'bare-handler.js'),
      port: barePort,
      readyPath: '/ready',
      env: { DATABASE_URL: database.url, JWT_SECRET: secret },
    });
    cleanups.unshift(() => bare.stop());

    const phases = {};
    log(`phase 3: bookings, ${OPTS.duration} s at ${OPTS.connections} connections`);
    phases.bookings = await bookingLoad(api.url, members);
    log(`phase 4: hot slot, ${OPTS.hotRounds} rounds of ${OPTS.hotRacers} racers`);
    phases.hot_slot = await hotSlot(api.url, members);
    log('phase 1 and 6: GET rooms/available, API then bare handler');
    phases.available = await readLoad(api.url, availablePath, members);
    phases.bare_available = await readLoad(bare.url, availablePath, members);
    log('phase 2 and 6: GET rooms/availability, API then bare handler');
    phases.availability = await readLoad(api.url, availabilityPath, members);
    phases.bare_availability = await readLoad(bare.url, availabilityPath, members);
    log(`phase 5: login, ${OPTS.loginDuration} s at ${OPTS.loginConnections} connections`);
    phases.login = await loginLoad(api.url, members);

    const bookedRows = await pool.query(
      `SELECT count(*)::int AS n FROM bookings WHERE status = 'ACTIVE'`,
    );
    const results = {
      measured_at: new Date().toISOString(),
      machine: machine(pgVersion),
      database: database.source,
      options: OPTS,
      phases,
      ratios: {
        available: phases.available.ok_per_s / phases.bare_available.ok_per_s,
        availability: phases.availability.ok_per_s / phases.bare_availability.ok_per_s,
      },
      active_bookings_after_run: bookedRows.rows[0].n,
      total_s: 0,
    };
    results.targets = targets(results);
    results.total_s = Math.round((Date.now() - started) / 1000);

    const m = results.machine;
    process.stdout.write(
      `\nMachine: ${m.cpu_model}, ${m.cores} cores, ${m.memory_gib} GiB, node ${m.node}, ` +
        `PostgreSQL ${m.postgresql} (${results.database}); load generator in the same machine.\n` +
        `${OPTS.duration} s per load phase (${OPTS.warmup} s warm-up for reads), ${OPTS.connections} connections, loopback.\n\n`,
    );
    process.stdout.write(`${table(results)}\n\n`);
    for (const [name, met] of Object.entries(results.targets)) {
      process.stdout.write(`${met ? 'MET   ' : 'MISSED'} ${name}\n`);
    }
    process.stdout.write(`total ${results.total_s} s\n`);
    if (!SMOKE) {
      writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      log('wrote bench/results.json');
    }
    return smokeFailures(results);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => log(`cleanup: ${e.message}`));
  }
}

/** In --smoke mode, correctness only: every phase answered with its success status. */
function smokeFailures(results) {
  if (!SMOKE) return [];
  const p = results.phases;
  const failures = [];
  for (const name of [
    'available',
    'availability',
    'bare_available',
    'bare_availability',
    'login',
  ]) {
    if (p[name].requests === 0 || p[name].not_ok > 0)
      failures.push(`${name}: ${JSON.stringify(p[name].status_codes)}`);
  }
  if (p.bookings.requests === 0 || p.bookings.not_ok > 0)
    failures.push(`bookings: ${JSON.stringify(p.bookings.status_codes)}`);
  if (!p.hot_slot.all_rounds_exactly_8 || p.hot_slot.other_errors > 0)
    failures.push(`hot slot: ${JSON.stringify(p.hot_slot.rounds)}`);
  return failures;
}

main().then(
  (failures) => {
    if (failures.length > 0) {
      process.stderr.write(`[bench] smoke FAILED:\n  ${failures.join('\n  ')}\n`);
      process.exit(1);
    }
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
