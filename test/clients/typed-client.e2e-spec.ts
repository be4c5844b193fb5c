import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import createClient, { Middleware } from 'openapi-fetch';
import type { paths } from '../support/openapi-types';
import { dayFromToday } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { checkResponse, OpenApiDocument } from './support/openapi-check';

/**
 * A client generated from the committed openapi.json (openapi-typescript types, openapi-fetch)
 * runs register -> availability -> book -> my-bookings -> cancel against the real app. The
 * types prove at compile time that the fields used exist; every response is also checked at
 * run time against the document (declared status, schema both ways).
 */
const ROOT = join(__dirname, '..', '..');
const COMMITTED = process.env.OPENAPI_JSON ?? join(ROOT, 'openapi.json');
const TYPES = join(ROOT, 'test/support/openapi-types.d.ts');

describe('typed client generated from openapi.json', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let source: string;
  const mismatches: string[] = [];
  let checked = 0;

  beforeAll(async () => {
    t = await startTestApp();
    if (existsSync(COMMITTED)) {
      doc = JSON.parse(readFileSync(COMMITTED, 'utf8')) as OpenApiDocument;
      source = 'openapi.json';
    } else {
      // Not generated yet: the document the app serves is the same one (`npm run openapi`).
      doc = (await (await fetch(`${t.url}/api/schema/`)).json()) as OpenApiDocument;
      source = '/api/schema/ (no openapi.json committed)';
      process.stderr.write(`[typed-client] checking responses against ${source}\n`);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  function client(token?: string) {
    const check: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        checked++;
        const body: unknown = response.status === 204 ? undefined : await response.clone().json();
        mismatches.push(
          ...checkResponse(
            doc,
            request.method,
            schemaPath,
            response.status,
            response.headers.get('content-type') ?? '',
            body,
          ),
        );
        return undefined;
      },
    };
    const api = createClient<paths>({
      baseUrl: t.url,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    api.use(check);
    return api;
  }

  it('registers, reads availability, books, lists and cancels through the typed client', async () => {
    const anonymous = client();
    const username = `typed_${Date.now().toString(36)}`;
    const registered = await anonymous.POST('/api/v1/register', {
      body: {
        username,
        email: `${username}@example.com`,
        password: 'Tr0ub4dor&3-horse',
        password_confirm: 'Tr0ub4dor&3-horse',
        name: 'Typed Client',
        age: 31,
        gender: 'F',
      },
    });
    expect(registered.response.status).toBe(201);
    const me = registered.data!;
    expect(me.user.id).toBe(me.user.profile.id);
    expect(me.user.profile.is_child).toBe(false);
    const api = client(me.access);

    const date = dayFromToday(7);
    const day = await api.GET('/api/v1/rooms/availability', { params: { query: { date } } });
    expect(day.response.status).toBe(200);
    expect(day.data!.slots.map((s) => s.time_slot)[0]).toBe('09:00:00');
    const tenOClock = day.data!.slots.find((s) => s.time_slot === '10:00:00')!;
    expect(tenOClock.PRIVATE?.count).toBe(8);
    expect(tenOClock.SHARED_DESK?.free_seats).toBe(12);

    const free = await api.GET('/api/v1/rooms/available', {
      params: { query: { date, time_slot: '10:00:00', room_type: 'PRIVATE' } },
    });
    expect(free.data!.count).toBe(8);
    expect(free.data!.available_rooms[0].room_number).toBe('P01');

    const booked = await api.POST('/api/v1/bookings', {
      body: { room_type: 'PRIVATE', date, time_slot: '10:00:00', end_time: '12:00:00' },
    });
    expect(booked.response.status).toBe(201);
    const booking = booked.data!;
    expect(booking.room.room_number).toBe('P01');
    expect(booking.user?.id).toBe(me.user.id);
    expect(booking.status).toBe('ACTIVE');
    expect([booking.time_slot, booking.end_time]).toEqual(['10:00:00', '12:00:00']);

    // The same member again in that hour: a 409 problem, as declared.
    const again = await api.POST('/api/v1/bookings', {
      body: { room_type: 'SHARED_DESK', date, time_slot: '11:00:00' },
    });
    expect(again.response.status).toBe(409);
    expect(again.error?.code).toBe('MEMBER_DOUBLE_BOOKED');

    const one = await api.GET('/api/v1/bookings/{booking_id}', {
      params: { path: { booking_id: booking.booking_id } },
    });
    expect(one.data!.id).toBe(booking.id);

    const mine = await api.GET('/api/v1/bookings/my-bookings');
    expect(mine.data!.user_info.username).toBe(username);
    expect(mine.data!.active.map((b) => b.booking_id)).toEqual([booking.booking_id]);

    const cancelled = await api.POST('/api/v1/cancel/{booking_id}', {
      params: { path: { booking_id: booking.booking_id } },
    });
    expect(cancelled.data!.message).toBe('Booking cancelled successfully');

    const after = await api.GET('/api/v1/bookings/my-bookings');
    expect(after.data!.active_bookings).toBe(0);
    expect(after.data!.cancelled[0].cancelled_at).not.toBeNull();
    const freeAgain = await api.GET('/api/v1/rooms/available', {
      params: { query: { date, time_slot: '11:00:00', room_type: 'PRIVATE' } },
    });
    expect(freeAgain.data!.count).toBe(8);

    // Every answer above (ten) had a declared status and matched its schema.
    expect(checked).toBe(10);
    expect(mismatches).toEqual([]);
  });

  it('uses types generated from the committed openapi.json', () => {
    if (!existsSync(COMMITTED)) {
      process.stderr.write('[typed-client] no openapi.json committed: type drift not checked\n');
      return;
    }
    const generated = execFileSync(
      process.execPath,
      [join(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js'), COMMITTED],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const stale = generated !== readFileSync(TYPES, 'utf8');
    if (stale) {
      process.stderr.write(
        '[typed-client] test/support/openapi-types.d.ts is not generated from openapi.json: ' +
          'run `npm run openapi:types` (after `npm run openapi`) and commit both\n',
      );
    }
    expect(stale).toBe(false);
  });
});
