// @ts-check
'use strict';
/**
 * What a user of the packed @workspace-booking/client writes, run by
 * test/clients/typescript-package.e2e-spec.ts from a scratch project where the tarball is
 * installed. Prints one JSON line of what it saw; the spec asserts on it.
 * Env: API_URL, BOOKING_DATE (YYYY-MM-DD, bookable), JWT_SECRET (the test app's, to forge an
 * expired access token).
 */
const { createHmac } = require('node:crypto');
const { ApiError, BookingClient, ERROR_CODES } = require('@workspace-booking/client');

const env = (/** @type {string} */ name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const API_URL = env('API_URL');
const date = env('BOOKING_DATE');
const secret = env('JWT_SECRET');

/** The same access token with `exp` an hour ago, signed with the API's key. */
function expired(/** @type {string} */ access) {
  const [header, payload] = access.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(JSON.stringify({ ...claims, iat: now - 7200, exp: now - 3600 }));
  const input = `${header}.${body.toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The code of the ApiError `pending` rejects with; anything else is rethrown. */
async function refusal(/** @type {Promise<unknown>} */ pending) {
  try {
    await pending;
  } catch (error) {
    if (error instanceof ApiError) {
      return { status: error.status, code: error.code, fields: error.errors.map((e) => e.field) };
    }
    throw error;
  }
  throw new Error('expected an ApiError');
}

async function main() {
  /** @type {string[]} every request the client sent, as "METHOD /path status" */
  const sent = [];
  let tokenChanges = 0;
  const client = new BookingClient({
    baseUrl: API_URL,
    fetch: async (request) => {
      const response = await fetch(request);
      sent.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
      return response;
    },
    onTokens: () => tokenChanges++,
  });
  const seen = {};

  const username = `pkg_${Date.now().toString(36)}`;
  const password = 'Tr0ub4dor&3-horse';
  const registered = await client.register({
    username,
    email: `${username}@example.com`,
    password,
    password_confirm: password,
    name: 'Package User',
    age: 34,
    gender: 'O',
  });
  seen.registered = { sameId: registered.user.id === registered.user.profile.id };
  await client.logout();
  await client.login(username, password);

  const day = await client.availability(date);
  const ten = day.slots.find((slot) => slot.time_slot === '10:00:00');
  seen.availability = { slots: day.slots.length, privateAtTen: ten?.PRIVATE?.count };

  const booking = await client.book({ room_type: 'PRIVATE', date, time_slot: '10:00:00' });
  seen.booked = { room: booking.room.room_number, status: booking.status };

  // The same member in the same hour at a desk: refused, with a typed code.
  const doubleBooked = client.book({ room_type: 'SHARED_DESK', date, time_slot: '10:00:00' });
  seen.refused = await refusal(doubleBooked);
  seen.typedCheck = await doubleBooked.catch(
    (e) => e instanceof ApiError && e.code === 'MEMBER_DOUBLE_BOOKED',
  );
  // Canaries for the type check: they fail it if the declarations degrade to `any`.
  // @ts-expect-error 'SLOT_TAKN' is not one of the codes
  void doubleBooked.catch((e) => e instanceof ApiError && e.code === 'SLOT_TAKN');
  // @ts-expect-error a booking has no `rooms` field
  void booking.rooms;
  seen.invalid = await refusal(
    client.book({ room_type: 'PRIVATE', date: 'not-a-date', time_slot: '10:00:00' }),
  );

  // An expired access token: one 401, one refresh, the request replayed.
  const before = client.tokens;
  if (!before) throw new Error('logged in, yet no tokens');
  client.setTokens({ access: expired(before.access), refresh: before.refresh });
  sent.length = 0;
  const mine = await client.myBookings();
  seen.expired = {
    active: mine.active.map((b) => b.booking_id),
    sent: [...sent],
    rotated: client.tokens?.refresh !== before.refresh,
  };

  // Three requests fail at once with an invalid access token: they share one refresh.
  const rotated = client.tokens;
  if (!rotated) throw new Error('the refresh dropped the tokens');
  client.setTokens({ access: 'not-a-token', refresh: rotated.refresh });
  sent.length = 0;
  const [rooms, one, raw] = await Promise.all([
    client.rooms(),
    client.booking(booking.booking_id),
    client.raw.GET('/api/v1/rooms/available', {
      params: { query: { date, time_slot: '10:00:00', room_type: 'PRIVATE' } },
    }),
  ]);
  seen.concurrent = {
    rooms: rooms.length,
    booking: one.booking_id === booking.booking_id,
    raw: raw.data?.count,
    refreshes: sent.filter((line) => line.startsWith('POST /api/token/refresh/')),
    unauthorized: sent.filter((line) => line.endsWith(' 401')).length,
  };

  const cancelled = await client.cancel(booking.booking_id);
  const free = await client.availableRooms({ date, time_slot: '10:00:00', room_type: 'PRIVATE' });
  seen.cancelled = { message: cancelled.message, freeAtTen: free.count };

  // Logout revokes the family: a stale pair kept elsewhere can no longer refresh.
  const stale = client.tokens;
  if (!stale) throw new Error('no tokens before logout');
  await client.logout();
  seen.loggedOut = client.tokens;
  client.setTokens({ access: 'not-a-token', refresh: stale.refresh });
  seen.afterLogout = { ...(await refusal(client.rooms())), tokens: client.tokens };

  const esm = await import('@workspace-booking/client');
  seen.esm = esm.BookingClient === BookingClient && esm.ApiError === ApiError;
  seen.codes = ERROR_CODES.length;
  seen.tokenChanges = tokenChanges;
  process.stdout.write(`${JSON.stringify(seen)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
