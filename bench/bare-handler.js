'use strict';
/**
 * The limit for the availability reads: the same HTTP adapter (the fastify the app runs on,
 * resolved from @nestjs/platform-fastify), the JWT check of issue 13's independent handler
 * (fast-jwt HS256, every token verified: no cache, unlike the app), the same one SQL
 * statement as the API (AVAILABILITY_SQL of libs/bookings/src/booking.sql.ts, loaded from the
 * build) on a pg pool of the app's default size, and the same response shapes; no Nest, no
 * TypeORM, no validation pipes.
 *
 *   DATABASE_URL=... JWT_SECRET=... PORT=... node bench/bare-handler.js
 */
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { createVerifier } = require('fast-jwt');
const { Pool } = require('pg');

const requireFromAdapter = createRequire(require.resolve('@nestjs/platform-fastify'));
const fastify = requireFromAdapter('fastify');

const verify = createVerifier({ key: Buffer.from(process.env.JWT_SECRET), algorithms: ['HS256'] });
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17];
const TYPES = ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];
const slot = (hour) => `${String(hour).padStart(2, '0')}:00:00`;

// The statement the API runs (libs/bookings/src/booking.sql.ts), from the build.
const SQL = require(
  join(
    process.env.API_DIST ?? join(__dirname, '..', 'dist/apps/api'),
    'libs/bookings/src/booking.sql.js',
  ),
);
const AVAILABILITY = SQL.AVAILABILITY_STATEMENT;
// The API's conversion of the statement's created_at text, from the build too.
const { isoMillisOfPgJson } = require(
  join(
    process.env.API_DIST ?? join(__dirname, '..', 'dist/apps/api'),
    'libs/database/src/pg-json-timestamp.js',
  ),
);

function problem(reply, status, code, detail) {
  return reply
    .status(status)
    .header('content-type', 'application/problem+json')
    .send({ type: 'about:blank', title: code, status, detail, code, error: detail });
}

/** The app's check (JwtAuthGuard): Bearer token, HS256 only, not expired, an access token. */
function authenticate(request) {
  const header = request.headers.authorization;
  if (!header || !header.startsWith('Bearer ')) return null;
  try {
    const claims = verify(header.slice(7));
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

/** Free rooms in the hour: not closed (bit hour of the mask), whole and unclaimed or a desk with a seat. */
function freeRoomsAt(rooms, hour) {
  const free = [];
  for (const room of rooms) {
    if ((room.closed >>> hour) & 1) continue;
    const used = room.claimedAt[hour] ?? 0;
    if (room.room_type === 'SHARED_DESK') {
      const freeSeats = room.capacity - used;
      if (freeSeats > 0) free.push({ room, freeSeats });
    } else if (used === 0) {
      free.push({ room, freeSeats: null });
    }
  }
  return free;
}

const roomJson = (r) => ({
  id: r.id,
  room_number: r.room_number,
  room_type: r.room_type,
  capacity: r.capacity,
  created_at: isoMillisOfPgJson(r.created_at),
});

/**
 * The API's one statement: the only site (no code), the caller's id, the type, the date, the
 * hour. One row; its rooms json, each room's claimed seat-hours counted by hour.
 */
const availability = (user, roomType, date, hour) =>
  pool
    .query({ ...AVAILABILITY, values: [null, user.id, roomType ?? null, date, hour] })
    .then(({ rows }) => {
      const rooms = rows[0]?.rooms ?? [];
      for (const room of rooms) {
        room.claimedAt = [];
        for (const h of room.claimed) room.claimedAt[h] = (room.claimedAt[h] ?? 0) + 1;
      }
      return rooms;
    });

const app = fastify({ routerOptions: { ignoreTrailingSlash: true }, logger: false });

app.get('/ready', async () => {
  await pool.query('SELECT 1');
  return { ok: true };
});

app.get('/api/v1/rooms/available/', async (request, reply) => {
  const user = authenticate(request);
  if (!user) return problem(reply, 401, 'UNAUTHORIZED', 'Given token not valid');
  const { date, time_slot: timeSlot, room_type: roomType } = request.query;
  if (!DATE.test(date ?? '') || !TIME.test(timeSlot ?? '') || (roomType && !TYPE_SET.has(roomType)))
    return problem(reply, 400, 'VALIDATION_FAILED', 'Bad query');
  const hour = Number(timeSlot.slice(0, 2));
  const rooms = await availability(user, roomType, date, hour);
  const free = isBookableFactory(date)(hour) ? freeRoomsAt(rooms, hour) : [];
  const available = free.map((f) =>
    f.freeSeats === null ? roomJson(f.room) : { ...roomJson(f.room), free_seats: f.freeSeats },
  );
  return { date, time_slot: timeSlot, available_rooms: available, count: available.length };
});

app.get('/api/v1/rooms/availability/', async (request, reply) => {
  const user = authenticate(request);
  if (!user) return problem(reply, 401, 'UNAUTHORIZED', 'Given token not valid');
  const { date, room_type: roomType } = request.query;
  if (!DATE.test(date ?? '') || (roomType && !TYPE_SET.has(roomType)))
    return problem(reply, 400, 'VALIDATION_FAILED', 'Bad query');
  const rooms = await availability(user, roomType, date, null);
  const bookable = isBookableFactory(date);
  const slots = HOURS.map((hour) => {
    const free = bookable(hour) ? freeRoomsAt(rooms, hour) : [];
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
