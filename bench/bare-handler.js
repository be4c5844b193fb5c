'use strict';
/**
 * The limit for the availability reads: the same HTTP adapter (the fastify the app runs on,
 * resolved from @nestjs/platform-fastify), the same JWT check (jsonwebtoken HS256 with a
 * KeyObject, as passport-jwt does in the app), the same two SQL statements as
 * libs/bookings/src/booking.sql.ts (loaded from the build) on a pg pool of the app's
 * default size, and the same response shapes; no Nest, no TypeORM, no validation pipes.
 *
 *   DATABASE_URL=... JWT_SECRET=... PORT=... node bench/bare-handler.js
 */
const { createSecretKey } = require('node:crypto');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');

const requireFromAdapter = createRequire(require.resolve('@nestjs/platform-fastify'));
const fastify = requireFromAdapter('fastify');

const key = createSecretKey(Buffer.from(process.env.JWT_SECRET));
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17];
const TYPES = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];
const slot = (hour) => `${String(hour).padStart(2, '0')}:00:00`;

// The same statements the API runs (libs/bookings/src/booking.sql.ts), from the build.
const SQL = require(
  join(
    process.env.API_DIST ?? join(__dirname, '..', 'dist/apps/api'),
    'libs/bookings/src/booking.sql.js',
  ),
);
const ROOMS_SQL = SQL.ROOMS_SQL;
const CLAIMS_DAY_SQL = SQL.CLAIMS_OF_DAY_SQL;
const CLAIMS_HOUR_SQL = SQL.CLAIMS_OF_HOUR_SQL;

function problem(reply, status, code, detail) {
  return reply
    .status(status)
    .header('content-type', 'application/problem+json')
    .send({ type: 'about:blank', title: code, status, detail, code, error: detail });
}

/** passport-jwt's check: Bearer token, HS256 only, not expired, an access token. */
function authenticate(request) {
  const header = request.headers.authorization;
  if (!header || !header.startsWith('Bearer ')) return null;
  try {
    const claims = jwt.verify(header.slice(7), key, { algorithms: ['HS256'] });
    const id = Number(claims.sub);
    if (claims.typ !== 'access' || !Number.isSafeInteger(id)) return null;
    return { id, role: claims.role };
  } catch {
    return null;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(0[9]|1[0-7]):00:00$/;
const TYPE_SET = new Set(TYPES);

function isBookableFactory(date) {
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  return (hour) => date > today || (date === today && hour > now.getUTCHours());
}

function freeRoomsAt(rooms, claimed, hour) {
  const free = [];
  for (const room of rooms) {
    const used = claimed.get(`${room.id}:${hour}`) ?? 0;
    if (room.room_type === 'SHARED_DESK') {
      const freeSeats = Math.max(room.capacity - used, 0);
      if (freeSeats > 0) free.push({ room, freeSeats });
    } else if (used === 0) {
      free.push({ room, freeSeats: null });
    }
  }
  return free;
}

const claimIndex = (rows) => new Map(rows.map((r) => [`${r.room_id}:${r.hour}`, r.claimed]));
const roomJson = (r) => ({
  id: r.id,
  room_number: r.room_number,
  room_type: r.room_type,
  capacity: r.capacity,
  created_at: r.created_at.toISOString(),
});

/** The statements are scoped to a site: the one site of the bench's database, read once. */
let hqSite;
const hqSiteId = () =>
  (hqSite ??= pool.query(`SELECT id FROM sites WHERE code = 'HQ'`).then((r) => r.rows[0].id));

const app = fastify({ routerOptions: { ignoreTrailingSlash: true }, logger: false });

app.get('/ready', async () => {
  await pool.query('SELECT 1');
  return { ok: true };
});

app.get('/api/v1/rooms/available/', async (request, reply) => {
  if (!authenticate(request)) return problem(reply, 401, 'UNAUTHORIZED', 'Given token not valid');
  const { date, time_slot: timeSlot, room_type: roomType } = request.query;
  if (!DATE.test(date ?? '') || !TIME.test(timeSlot ?? '') || (roomType && !TYPE_SET.has(roomType)))
    return problem(reply, 400, 'VALIDATION_FAILED', 'Bad query');
  const hour = Number(timeSlot.slice(0, 2));
  const [rooms, claims] = await Promise.all([
    pool.query(ROOMS_SQL, [roomType ?? null, await hqSiteId()]),
    pool.query(CLAIMS_HOUR_SQL, [date, await hqSiteId(), hour]),
  ]);
  const free = isBookableFactory(date)(hour)
    ? freeRoomsAt(rooms.rows, claimIndex(claims.rows), hour)
    : [];
  const available = free.map((f) =>
    f.freeSeats === null ? roomJson(f.room) : { ...roomJson(f.room), free_seats: f.freeSeats },
  );
  return { date, time_slot: timeSlot, available_rooms: available, count: available.length };
});

app.get('/api/v1/rooms/availability/', async (request, reply) => {
  if (!authenticate(request)) return problem(reply, 401, 'UNAUTHORIZED', 'Given token not valid');
  const { date, room_type: roomType } = request.query;
  if (!DATE.test(date ?? '') || (roomType && !TYPE_SET.has(roomType)))
    return problem(reply, 400, 'VALIDATION_FAILED', 'Bad query');
  const [rooms, claims] = await Promise.all([
    pool.query(ROOMS_SQL, [roomType ?? null, await hqSiteId()]),
    pool.query(CLAIMS_DAY_SQL, [date, await hqSiteId()]),
  ]);
  const claimed = claimIndex(claims.rows);
  const bookable = isBookableFactory(date);
  const slots = HOURS.map((hour) => {
    const free = bookable(hour) ? freeRoomsAt(rooms.rows, claimed, hour) : [];
    const entry = { time_slot: slot(hour), end_time: slot(hour + 1) };
    for (const type of TYPES) {
      const ofType = free.filter((f) => f.room.room_type === type);
      entry[type] = { count: ofType.length, room_numbers: ofType.map((f) => f.room.room_number) };
      if (type === 'SHARED_DESK')
        entry[type].free_seats = ofType.reduce((s, f) => s + f.freeSeats, 0);
    }
    return entry;
  });
  return { date, slots };
});

app.listen({ port: Number(process.env.PORT ?? 3100), host: '127.0.0.1' }).catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

const stop = () => {
  app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
