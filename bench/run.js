#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the service under load, on loopback, in one run of under 3 minutes.
 *
 * Starts the built API (dist) in production mode on a PostgreSQL (DATABASE_URL's server, or an
 * embedded one in a temp dir), seeds members with tokens, and measures with autocannon:
 *   1. GET /api/v1/rooms/available/      2. GET /api/v1/rooms/availability/
 *   3. POST /api/v1/bookings/ spread over members, dates and hours
 *   3w. the same with one webhook endpoint subscribed to "*" (a receiver in this process):
 *       what the transactional outbox and the dispatcher cost
 *   3b. POST /api/v1/bookings/series/: series of 10 weekly occurrences, occurrences/s
 *   4. hot slot: 200 members race for one private hour (8 rooms)
 *   5. POST /api/token/ (argon2id-bound)
 *   6. the limit: bench/bare-handler.js (Fastify + pg + the same SQL and JWT check, no Nest)
 *   7. GET /api/v1/reports/utilisation/ over a year of a busy office's bookings (a month with
 *      --smoke), sequential calls by an admin: p50/p99
 * Prints a table and writes bench/results.json.
 *
 *   node bench/run.js [--smoke] [--duration=10] [--connections=50] [--cpu-prof]
 *                     [--only=bookings,series,hot_slot,available,availability,login,report]
 *                     [--api-env=LOG_LEVEL=silent,...]
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
const { cpuMeter, machineCpuMs, processCpuMs, treeCpuMs } = require('./lib/cpu');
const { explainHotStatements } = require('./lib/explain');
const { freePort, sleep, startNodeProcess } = require('./lib/processes');
const { signAccessToken } = require('./lib/tokens');
const { explainReport, seedBusyYear, timeReport } = require('./lib/utilisation');

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
  reportDays: option('report-days', SMOKE ? 31 : 366),
  reportCalls: option('report-calls', SMOKE ? 3 : 20),
  cpuProf: flag('cpu-prof'),
};
const HORIZON_DAYS = 3650;
const BOOKING_DATES = 300; // phase 3 spreads over days +1 .. +300; the hot slot uses +330 ..
const SERIES_FIRST_DAY = 400; // phase 3b: blocks of 70 days from +400 (within the horizon)
const SERIES_OCCURRENCES = 10;
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
/**
 * One autocannon run; latencies are recorded per response (so several runs can be merged),
 * CPU time of every meter is taken around it.
 */
function cannon(options, meter) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const codes = {};
    meter?.start();
    const began = process.hrtime.bigint();
    const instance = autocannon({ ...options, timeout: 10 }, (error, result) => {
      if (error) return reject(error);
      resolve({
        seconds: Number(process.hrtime.bigint() - began) / 1e9,
        latencies,
        codes,
        errors: result.errors,
        timeouts: result.timeouts,
        connections: result.connections,
        cpu: meter ? meter.since() : {},
      });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      codes[statusCode] = (codes[statusCode] ?? 0) + 1;
    });
  });
}

const percentile = (sorted, p) =>
  sorted.length === 0
    ? null
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);

/** Merges runs of one target into figures: ok/s, latency percentiles, CPU ms per request. */
function summarize(runs, okStatus) {
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  const codes = {};
  const cpu = {};
  let errors = 0;
  let timeouts = 0;
  const latencies = [];
  for (const r of runs) {
    for (const [code, n] of Object.entries(r.codes)) codes[code] = (codes[code] ?? 0) + n;
    for (const [k, ms] of Object.entries(r.cpu)) cpu[k] = (cpu[k] ?? 0) + ms;
    errors += r.errors;
    timeouts += r.timeouts;
    latencies.push(...r.latencies);
  }
  latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  const processes = Object.entries(cpu).filter(([k]) => !k.startsWith('machine_'));
  const ok = codes[okStatus] ?? 0;
  return {
    seconds: Number(seconds.toFixed(2)),
    connections: runs[0]?.connections,
    requests,
    req_per_s: Math.round(requests / seconds),
    ok_per_s: Math.round(ok / seconds),
    p50_ms: round1(percentile(latencies, 50)),
    p99_ms: round1(percentile(latencies, 99)),
    max_ms: round1(latencies[latencies.length - 1]),
    status_codes: codes,
    not_ok: requests - ok,
    errors,
    timeouts,
    cpu_ms_per_request: Object.fromEntries(
      processes.map(([k, ms]) => [k, requests ? Number((ms / requests).toFixed(3)) : null]),
    ),
    cpu_share: Object.fromEntries(processes.map(([k, ms]) => [k, round1(ms / 1000 / seconds)])),
    machine: machineShare(cpu, processes, seconds),
  };
}

/**
 * Cores the whole machine was busy, how much of it went to processes the benchmark does not
 * measure (with DATABASE_URL, the PostgreSQL server is one of them) and hypervisor steal.
 * A busy neighbour or steal lowers every figure of the run alike.
 */
function machineShare(cpu, processes, seconds) {
  if (cpu.machine_busy === undefined) return null;
  const cores = (ms) => Math.round((ms / 1000 / seconds) * 100) / 100;
  const measured = processes.reduce((t, [, ms]) => t + ms, 0);
  return {
    busy_cores: cores(cpu.machine_busy),
    others_cores: cores(Math.max(0, cpu.machine_busy - measured)),
    steal_cores: cores(cpu.machine_steal),
  };
}

function cpuRatio(api, bare) {
  const total = (phase, app) =>
    phase.cpu_ms_per_request[app] +
    (phase.cpu_ms_per_request.pg ?? 0) +
    phase.cpu_ms_per_request.loadgen;
  return total(bare, 'bare') / total(api, 'api');
}

/** GET requests whose path and token rotate per request. */
function readRequests(makePath, members) {
  let n = 0;
  return [
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
}

/**
 * The API and the bare handler on the same reads, in alternating slices (so a neighbour's
 * burst of CPU hits both alike), after an unrecorded warm-up of each.
 */
async function comparedReads(apiUrl, bareUrl, makePath, members, meter) {
  const requests = readRequests(makePath, members);
  const connections = OPTS.connections;
  if (OPTS.warmup > 0) {
    await cannon({ url: apiUrl, connections, duration: OPTS.warmup, requests });
    await cannon({ url: bareUrl, connections, duration: OPTS.warmup, requests });
  }
  const slices = OPTS.smoke ? 1 : 4;
  const apiRuns = [];
  const bareRuns = [];
  for (let i = 0; i < slices; i++) {
    apiRuns.push(
      await cannon({ url: apiUrl, connections, duration: OPTS.duration / slices, requests }, meter),
    );
    bareRuns.push(
      await cannon(
        { url: bareUrl, connections, duration: OPTS.duration / slices, requests },
        meter,
      ),
    );
  }
  return { api: summarize(apiRuns, '200'), bare: summarize(bareRuns, '200') };
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
  const s = Math.floor(k / BOOKING_DATES) % (HOURS.length * 20); // 0..179 within one day
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

/** Shared by phases 3 and 3w, so the second never asks for a slot the first took. */
let bookingK = 0;

const bookingRequests = (members) => [
  {
    method: 'POST',
    path: '/api/v1/bookings/',
    setupRequest: (req) => {
      const plan = bookingPlan(bookingK++, members);
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

/** One autocannon run of distinct bookings, `duration` seconds. */
function bookingRun(url, members, meter, duration) {
  return cannon(
    { url, connections: OPTS.connections, duration, requests: bookingRequests(members) },
    meter,
  );
}

async function bookingLoad(url, members, meter, duration = OPTS.duration) {
  const result = summarize([await bookingRun(url, members, meter, duration)], '201');
  result.bookings_per_s = result.ok_per_s;
  return result;
}

/** A webhook receiver answering 204 to everything; counts what it got. */
async function startReceiver() {
  const receiver = { received: 0, ids: new Set(), url: '' };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      receiver.received++;
      receiver.ids.add(req.headers['webhook-id']);
      res.statusCode = 204;
      res.end();
    });
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${port}/hook`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

/**
 * Phases 3 and 3w side by side: bookings without and with one active webhook endpoint
 * subscribed to every event (each booking then also writes its event and delivery, and the
 * dispatcher sends meanwhile), in alternating slices after an unrecorded warm-up, so a cold
 * start or a burst of other load on the machine hits both alike. The endpoint is switched
 * off during the slices without (its backlog waits, and is sent in the slices with). Then
 * waits (up to 30 s) for the backlog to drain.
 */
async function comparedBookings(url, members, meter, pool) {
  const receiver = await startReceiver();
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const { rows } = await pool.query(
    `INSERT INTO webhook_endpoints (url, events, secret, is_active)
     VALUES ($1, '{*}', $2, false) RETURNING id`,
    [receiver.url, secret],
  );
  const endpointId = rows[0].id;
  const setActive = (on) =>
    pool.query(`UPDATE webhook_endpoints SET is_active = $2 WHERE id = $1`, [endpointId, on]);
  try {
    if (OPTS.warmup > 0) await bookingLoad(url, members, undefined, OPTS.warmup);
    const slices = OPTS.smoke ? 1 : 4;
    const without = [];
    const withWebhook = [];
    for (let i = 0; i < slices; i++) {
      without.push(await bookingRun(url, members, meter, OPTS.duration / slices));
      await setActive(true);
      withWebhook.push(await bookingRun(url, members, meter, OPTS.duration / slices));
      await setActive(false);
    }
    await setActive(true);
    const pending = async () =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM webhook_deliveries
           WHERE endpoint_id = $1 AND delivered_at IS NULL`,
          [endpointId],
        )
      ).rows[0].n;
    const pendingAtEnd = await pending();
    const drainStarted = Date.now();
    while ((await pending()) > 0 && Date.now() - drainStarted < 30000) await sleep(100);
    const bookings = summarize(without, '201');
    bookings.bookings_per_s = bookings.ok_per_s;
    const bookingsWebhook = summarize(withWebhook, '201');
    bookingsWebhook.bookings_per_s = bookingsWebhook.ok_per_s;
    bookingsWebhook.webhooks = {
      received: receiver.received,
      distinct_messages: receiver.ids.size,
      pending_at_end_of_load: pendingAtEnd,
      drained_ms: Date.now() - drainStarted,
      pending_after_drain: await pending(),
    };
    return { bookings, bookingsWebhook };
  } finally {
    await setActive(false);
    await receiver.close();
  }
}

/**
 * The k-th series of phase 3b: 10 weekly occurrences from one of 7 start days of a 70-day
 * block, at one hour, private or a desk seat; per (start day, hour) 20 series, exactly the
 * capacity (8 private rooms + 12 desk seats), each by another member, so every one is a 201.
 */
function seriesPlan(k, members) {
  const block = Math.floor(k / (7 * HOURS.length * 20));
  const j = k % (7 * HOURS.length * 20);
  const weekday = j % 7;
  const rest = Math.floor(j / 7); // 0..179: hour and place within one start day
  const hour = HOURS[rest % HOURS.length];
  const place = Math.floor(rest / HOURS.length); // 0..19
  return {
    member: members[(weekday * 180 + rest) % members.length],
    body: {
      room_type: place < 8 ? 'PRIVATE' : 'SHARED_DESK',
      start_date: dayFromToday(SERIES_FIRST_DAY + 70 * block + weekday),
      time_slot: slot(hour),
      recurrence: { frequency: 'WEEKLY', count: SERIES_OCCURRENCES },
    },
  };
}

async function seriesLoad(url, members, meter) {
  let k = 0;
  const requests = [
    {
      method: 'POST',
      path: '/api/v1/bookings/series/',
      setupRequest: (req) => {
        const plan = seriesPlan(k++, members);
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
    [
      await cannon(
        { url, connections: OPTS.connections, duration: OPTS.duration, requests },
        meter,
      ),
    ],
    '201',
  );
  result.series_per_s = result.ok_per_s;
  result.occurrences_per_s = result.ok_per_s * SERIES_OCCURRENCES;
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

async function loginLoad(url, members, meter) {
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
    [
      await cannon(
        { url, connections: OPTS.loginConnections, duration: OPTS.loginDuration, requests },
        meter,
      ),
    ],
    '200',
  );
}

/**
 * A CPU yardstick taken before the load, with nothing else running: milliseconds per argon2id
 * hash (the API's parameters), one at a time. Machines of one kind differ by several times
 * from day to day; this figure says which kind of day a run had.
 */
async function cpuYardstick() {
  const { hashPassword } = require(PASSWORD_LIB);
  await hashPassword(PASSWORD);
  const rounds = SMOKE ? 3 : 20;
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await hashPassword(PASSWORD);
  return Math.round(Number(process.hrtime.bigint() - started) / 1e4 / rounds) / 100;
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
const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '-');
const cpuCell = (phase, key) => fmt(phase?.cpu_ms_per_request?.[key]);

function table(results) {
  const p = results.phases;
  const rows = [['phase', 'ok/s', 'p50 ms', 'p99 ms', 'not ok', 'CPU ms/req app, pg', 'note']];
  const add = (name, phase, note, cpuKey = 'api') => {
    if (!phase) return;
    rows.push([
      name,
      phase.ok_per_s,
      phase.p50_ms,
      phase.p99_ms,
      phase.not_ok,
      `${cpuCell(phase, cpuKey)}, ${cpuCell(phase, 'pg')}`,
      note,
    ]);
  };
  add(
    '1 GET rooms/available (API)',
    p.available,
    `${pct(results.ratios.available)} of bare (by CPU/req: ${pct(results.cpu_ratios.available)})`,
  );
  add('  bare handler, same SQL + JWT', p.bare_available, '', 'bare');
  add(
    '2 GET rooms/availability (API)',
    p.availability,
    `${pct(results.ratios.availability)} of bare (by CPU/req: ${pct(results.cpu_ratios.availability)})`,
  );
  add('  bare handler, same SQL + JWT', p.bare_availability, '', 'bare');
  add(
    '3 POST bookings (distinct)',
    p.bookings,
    p.bookings &&
      `${p.bookings.requests} requests, codes ${JSON.stringify(p.bookings.status_codes)}`,
  );
  add(
    '3w POST bookings, webhook "*"',
    p.bookings_webhook,
    p.bookings_webhook &&
      `${pct(results.ratios.webhook_bookings)} of phase 3; ` +
        `${p.bookings_webhook.webhooks.received} webhooks received ` +
        `(${p.bookings_webhook.webhooks.distinct_messages} distinct), ` +
        `${p.bookings_webhook.webhooks.pending_at_end_of_load} pending at the end of the load, ` +
        `drained in ${p.bookings_webhook.webhooks.drained_ms} ms; codes ` +
        JSON.stringify(p.bookings_webhook.status_codes),
  );
  add(
    `3b POST series (${SERIES_OCCURRENCES} weekly)`,
    p.series,
    p.series &&
      `${p.series.occurrences_per_s} occurrences/s (single bookings: ` +
        `${p.bookings ? `${p.bookings.bookings_per_s}/s` : 'not run'}); codes ` +
        JSON.stringify(p.series.status_codes),
  );
  if (p.hot_slot) {
    rows.push([
      '4 hot slot (200 racers)',
      '-',
      '-',
      '-',
      p.hot_slot.other_errors,
      '-',
      `settled ${p.hot_slot.settled_ms_median} ms median / ${p.hot_slot.settled_ms_max} ms max over ` +
        `${p.hot_slot.rounds.length} rounds; successes ${p.hot_slot.rounds.map((r) => r.successes).join(',')}`,
    ]);
  }
  add(
    '5 POST token (login)',
    p.login,
    p.login && `argon2id m=19 MiB t=2 p=1, ${p.login.connections} connections`,
  );
  if (p.report) {
    rows.push([
      `7 GET reports/utilisation (${p.report.from}..${p.report.to})`,
      '-',
      p.report.p50_ms,
      p.report.p99_ms,
      p.report.not_ok,
      '-',
      `${p.report.calls} sequential calls over ${p.report.bookings} bookings (SQL exec ` +
        `${p.report.explain.execution_ms} ms); ` +
        (p.report.room_types ?? [])
          .map((t) => `${t.room_type} ${Math.round(t.utilisation * 100)}%`)
          .join(', '),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => fmt(r[c]).length)));
  const line = (r) => `| ${r.map((v, c) => fmt(v).padEnd(widths[c])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

/**
 * What else the machine did during the load phases. Above a tenth of a core taken by others
 * or stolen, the run measured a contended machine and every throughput figure is low.
 */
function machineNote(results) {
  const shares = Object.entries(results.phases).filter(([, phase]) => phase?.machine);
  if (shares.length === 0) return '';
  const others = results.database.startsWith('embedded') ? 'others' : 'others (incl. PostgreSQL)';
  const cells = shares.map(
    ([name, { machine: m }]) =>
      `${name} ${m.busy_cores} busy, ${m.others_cores} ${others}, ${m.steal_cores} steal`,
  );
  const contended = shares.some(
    ([, { machine: m }]) =>
      m.steal_cores > 0.1 || (results.database.startsWith('embedded') && m.others_cores > 0.1),
  );
  return (
    `Cores during the load phases (of ${results.machine.cores}): ${cells.join('; ')}.\n` +
    (contended
      ? 'WARNING: other processes or hypervisor steal took more than 0.1 core: the throughput figures of this run are low for this machine.\n'
      : '')
  );
}

function targets(results) {
  const p = results.phases;
  const t = {};
  if (p.available && p.availability)
    t['availability reads >= 50% of bare handler'] =
      results.ratios.available >= 0.5 && results.ratios.availability >= 0.5;
  if (p.bookings) t['bookings >= 500/s'] = p.bookings.bookings_per_s >= 500;
  if (p.report && OPTS.reportDays >= 365)
    t['utilisation report over a year p99 < 1 s'] = p.report.not_ok === 0 && p.report.p99_ms < 1000;
  if (p.bookings_webhook)
    t['bookings with a "*" webhook >= 85% of without'] = results.ratios.webhook_bookings >= 0.85;
  if (p.hot_slot)
    t['hot slot exactly 8, only 409s otherwise, settled < 2 s'] =
      p.hot_slot.all_rounds_exactly_8 &&
      p.hot_slot.other_errors === 0 &&
      p.hot_slot.settled_ms_max < 2000;
  return t;
}

// ---------------------------------------------------------------------------------- main
/** --api-env=LOG_LEVEL=silent,DB_POOL_SIZE=10: extra environment for the API (A/B runs). */
function apiEnvOverrides() {
  const raw = (argv.find((a) => a.startsWith('--api-env=')) ?? '').slice('--api-env='.length);
  return Object.fromEntries(
    raw
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

const PHASES = ['bookings', 'series', 'hot_slot', 'available', 'availability', 'login', 'report'];
const only = (argv.find((a) => a.startsWith('--only=')) ?? '').slice('--only='.length);
const selected = new Set(only ? only.split(',') : PHASES);

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
        // Phase 3w's receiver listens on 127.0.0.1.
        WEBHOOK_ALLOW_PRIVATE: 'true',
        ...apiEnvOverrides(),
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

    const meters = {
      api: () => processCpuMs(api.child.pid),
      bare: () => processCpuMs(bare.child.pid),
      loadgen: () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      },
    };
    if (database.postmasterPid) meters.pg = () => treeCpuMs(database.postmasterPid);
    meters.machine_busy = () => machineCpuMs().busy;
    meters.machine_steal = () => machineCpuMs().steal;
    const meter = cpuMeter(meters);

    const argon2Ms = await cpuYardstick();
    log(`CPU yardstick: ${argon2Ms} ms per argon2id hash`);

    const phases = {};
    if (selected.has('bookings')) {
      log(
        `phases 3 and 3w: bookings without and with a "*" webhook endpoint, alternating, ` +
          `${OPTS.duration} s each at ${OPTS.connections} connections`,
      );
      const compared = await comparedBookings(api.url, members, meter, pool);
      phases.bookings = compared.bookings;
      phases.bookings_webhook = compared.bookingsWebhook;
    }
    if (selected.has('series')) {
      log(`phase 3b: series of ${SERIES_OCCURRENCES} weekly occurrences, ${OPTS.duration} s`);
      phases.series = await seriesLoad(api.url, members, meter);
    }
    if (selected.has('hot_slot')) {
      log(`phase 4: hot slot, ${OPTS.hotRounds} rounds of ${OPTS.hotRacers} racers`);
      phases.hot_slot = await hotSlot(api.url, members);
    }
    if (selected.has('available')) {
      log('phases 1 and 6: GET rooms/available, API and bare handler in alternating slices');
      const r = await comparedReads(api.url, bare.url, availablePath, members, meter);
      phases.available = r.api;
      phases.bare_available = r.bare;
    }
    if (selected.has('availability')) {
      log('phases 2 and 6: GET rooms/availability, API and bare handler in alternating slices');
      const r = await comparedReads(api.url, bare.url, availabilityPath, members, meter);
      phases.availability = r.api;
      phases.bare_availability = r.bare;
    }
    if (selected.has('login')) {
      log(`phase 5: login, ${OPTS.loginDuration} s at ${OPTS.loginConnections} connections`);
      phases.login = await loginLoad(api.url, members, meter);
    }

    if (selected.has('report')) {
      phases.report = await reportPhase(api.url, pool, members, secret);
    }

    const privateRooms = await pool.query(
      `SELECT id FROM rooms WHERE room_type = 'PRIVATE' ORDER BY id`,
    );
    const explain = await explainHotStatements(pool, {
      date: dayFromToday(1),
      farDate: dayFromToday(HORIZON_DAYS - 1),
      hour: 10,
      privateRoomIds: privateRooms.rows.map((r) => r.id),
      memberId: members[0].id,
      siteId: (await pool.query(`SELECT id FROM sites WHERE code = 'HQ'`)).rows[0].id,
      siteCode: 'HQ',
      timezone: 'UTC',
    });
    const bookedRows = await pool.query(
      `SELECT count(*)::int AS n FROM bookings WHERE status = 'ACTIVE'`,
    );
    const results = {
      measured_at: new Date().toISOString(),
      machine: { ...machine(pgVersion), argon2id_ms_per_hash_idle: argon2Ms },
      load_average_at_end: os.loadavg().map((x) => Math.round(x * 100) / 100),
      database: database.source,
      options: OPTS,
      phases,
      ratios: {
        webhook_bookings:
          phases.bookings_webhook &&
          phases.bookings_webhook.bookings_per_s / phases.bookings.bookings_per_s,
        available: phases.available && phases.available.ok_per_s / phases.bare_available.ok_per_s,
        availability:
          phases.availability && phases.availability.ok_per_s / phases.bare_availability.ok_per_s,
      },
      // With every core busy, throughput goes as 1 / (CPU per request of app + PostgreSQL +
      // load generator): the same ratio from CPU accounting, much steadier on a shared machine.
      cpu_ratios: {
        available: phases.available && cpuRatio(phases.available, phases.bare_available),
        availability:
          phases.availability && cpuRatio(phases.availability, phases.bare_availability),
      },
      active_bookings_after_run: bookedRows.rows[0].n,
      explain,
      total_s: 0,
    };
    results.targets = targets(results);
    results.total_s = Math.round((Date.now() - started) / 1000);

    const m = results.machine;
    process.stdout.write(
      `\nMachine: ${m.cpu_model}, ${m.cores} cores, ${m.memory_gib} GiB, node ${m.node}, ` +
        `PostgreSQL ${m.postgresql} (${results.database}); load generator on the same cores; ` +
        `load average at the end ${results.load_average_at_end.join(' ')}.\n` +
        `CPU yardstick before the load: ${m.argon2id_ms_per_hash_idle} ms per argon2id hash ` +
        `(m=19 MiB, t=2, p=1), one at a time.\n` +
        `${OPTS.duration} s per load phase (reads: ${OPTS.warmup} s warm-up, API and bare handler ` +
        `alternating), ${OPTS.connections} connections, loopback.\n\n`,
    );
    process.stdout.write(`${table(results)}\n\n${machineNote(results)}\n`);
    for (const [name, met] of Object.entries(results.targets)) {
      process.stdout.write(`${met ? 'MET   ' : 'MISSED'} ${name}\n`);
    }
    process.stdout.write('\nEXPLAIN ANALYZE on the populated database (ms):\n');
    for (const [name, e] of Object.entries(explain)) {
      process.stdout.write(
        `  ${name.padEnd(40)} plan ${e.planning_ms.toFixed(3)}  exec ${e.execution_ms.toFixed(3)}` +
          `${e.triggers.length ? `  (${e.triggers.length} FK triggers ${e.triggers_ms.toFixed(3)})` : ''}` +
          `${e.seq_scans.length ? `  seq scan: ${e.seq_scans.join(', ')}` : ''}\n`,
      );
    }
    process.stdout.write(`total ${results.total_s} s\n`);
    if (!SMOKE && !only) {
      writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      log('wrote bench/results.json');
    }
    return smokeFailures(results);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => log(`cleanup: ${e.message}`));
  }
}

/**
 * Phase 7: a busy office's bookings over the OPTS.reportDays days before today (set-based
 * SQL; no other phase books the past), then the report over exactly those days.
 */
async function reportPhase(url, pool, members, secret) {
  const from = dayFromToday(-OPTS.reportDays);
  const to = dayFromToday(-1);
  const seedStarted = Date.now();
  const seeded = await seedBusyYear(
    pool,
    members.map((m) => m.id),
    from,
    to,
  );
  log(
    `phase 7: ${seeded.bookings} bookings and ${seeded.deskParticipants} desk seats over ` +
      `${from}..${to} seeded in ${Date.now() - seedStarted} ms; ${OPTS.reportCalls} report calls`,
  );
  const admin = members[0];
  await pool.query(`UPDATE accounts SET role = 'admin' WHERE id = $1`, [admin.id]);
  const token = signAccessToken(secret, { ...admin, role: 'admin' });
  const timed = await timeReport(url, token, from, to, OPTS.reportCalls);
  return { ...seeded, ...timed, explain: await explainReport(pool, from, to) };
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
    if (p[name] && (p[name].requests === 0 || p[name].not_ok > 0))
      failures.push(`${name}: ${JSON.stringify(p[name].status_codes)}`);
  }
  if (p.bookings && (p.bookings.requests === 0 || p.bookings.not_ok > 0))
    failures.push(`bookings: ${JSON.stringify(p.bookings.status_codes)}`);
  const w = p.bookings_webhook;
  if (
    w &&
    (w.requests === 0 ||
      w.not_ok > 0 ||
      w.webhooks.received === 0 ||
      w.webhooks.pending_after_drain > 0)
  )
    failures.push(
      `bookings with a webhook: ${JSON.stringify({ codes: w.status_codes, ...w.webhooks })}`,
    );
  if (p.series && (p.series.requests === 0 || p.series.not_ok > 0))
    failures.push(`series: ${JSON.stringify(p.series.status_codes)}`);
  if (p.report && (p.report.not_ok > 0 || p.report.csv_lines < 2))
    failures.push(`report: ${JSON.stringify(p.report.status_codes)}`);
  if (p.hot_slot && (!p.hot_slot.all_rounds_exactly_8 || p.hot_slot.other_errors > 0))
    failures.push(`hot slot: ${JSON.stringify(p.hot_slot.rounds)}`);
  return failures;
}

// --scale: the 15-room office against 100 sites x 50 rooms and years of history (bench/scale.js).
(flag('scale') ? require('./scale').runScale() : main()).then(
  (failures) => {
    if (failures.length > 0) {
      process.stderr.write(
        `[bench] ${flag('scale') ? 'scale' : 'smoke'} FAILED:\n  ${failures.join('\n  ')}\n`,
      );
      process.exit(1);
    }
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
