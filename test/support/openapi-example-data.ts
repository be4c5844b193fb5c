import { createHash } from 'node:crypto';
import request from 'supertest';
import { addDays } from '@app/core';
import { EXAMPLE_SET_PASSWORD_TOKEN } from '../../apps/api/src/auth/password.request';
import { EXAMPLE_WORKSPACE_CLOSURE_ID } from '../../apps/api/src/rooms/closures.controller';
import { EXAMPLE_SERIES_ID } from '../../apps/api/src/bookings/series.controller';
import { EXAMPLE_ID } from '../../apps/api/src/http/id.param';
import { bearer, createAdmin, aMember, registerUser, RegisteredUser } from './factories';
import type { TestApp } from './test-app';

/** The highest member id the document's examples name (user_ids [7, 8, 9]). */
const HIGHEST_EXAMPLE_MEMBER = 9;
const EXAMPLE_TEAM_MEMBERS = [3, 5, 8];

export interface ExampleData {
  /** The caller of every secured example: an admin, so no example is refused for its role. */
  admin: RegisteredUser;
}

/**
 * The data the OpenAPI examples refer to, on a fresh test database:
 * - member 1: an admin, the caller; member 2: `ada` / `correct-horse-battery` (the login
 *   example); members 3-9: adults without an account (user_id, user_ids, member_ids, the
 *   path id); member 10: a second admin;
 * - teams 1-3, team 3 (the path id and the CONFERENCE example) of members 3, 5 and 8;
 * - on `date`, the booking the booking_id examples name: P01 10:00-11:00, made by the second
 *   admin for the first, so the caller may read, move, cancel and leave it;
 * - on `date`, every private room taken 16:00-17:00 by members added for it (the waitlist
 *   example asks for that hour), and waitlist entry 3 (the path id): the second admin waiting
 *   for a private room then, put on the list by the first;
 * - series SR7K2M9Q4XW1HD (the series_id example): the caller's private room 12:00-13:00 on
 *   `date`, one occurrence;
 * - closure 3 of room 3 and workspace closure 4 (the path ids), a month after `date`;
 * - a set-password token for ada (the set-password example's token), valid 72 h;
 * - webhook endpoint 3 (the path id) with one delivered attempt.
 * - site 1, HQ (the sites path id), the caller's home site.
 * The register and create examples (grace, Grace Hopper, Platform) are left free.
 */
export async function seedExampleData(t: TestApp, date: string): Promise<ExampleData> {
  const admin = await createAdmin(t);
  await registerUser(t, {
    username: 'ada',
    email: 'ada@example.com',
    password: 'correct-horse-battery',
    name: 'Ada Lovelace',
    age: 36,
  });
  let memberId = 0;
  while (memberId < HIGHEST_EXAMPLE_MEMBER) memberId = await aMember(t, { age: 30 });
  const maker = await createAdmin(t);
  let teamId = 0;
  while (teamId < EXAMPLE_ID) {
    const res = await request(t.url)
      .post('/api/v1/teams/')
      .set(bearer(admin.access))
      .send({ name: `Team ${teamId + 1}`, member_ids: EXAMPLE_TEAM_MEMBERS });
    if (res.status !== 201) throw new Error(`team: ${res.status} ${JSON.stringify(res.body)}`);
    teamId = res.body.id;
  }
  const booked = await request(t.url)
    .post('/api/v1/bookings/')
    .set(bearer(maker.access))
    .send({ room_type: 'PRIVATE', date, time_slot: '10:00:00', user_id: admin.id });
  if (booked.status !== 201)
    throw new Error(`booking: ${booked.status} ${JSON.stringify(booked.body)}`);
  await fillPrivateRooms(t, maker, date, '16:00:00');
  await seedWaitlistEntry(t, date, 16, { memberId: maker.id, createdBy: admin.id });
  await seedSeries(t, admin, date);
  await seedClosures(t, admin.id, addDays(date, 30));
  // The POST /sites/ example adds a second site: the caller's requests without `site` then
  // mean its home site.
  await t.db.query(
    `UPDATE members SET home_site_id = (SELECT id FROM sites WHERE code = 'HQ') WHERE id = $1`,
    [admin.id],
  );
  await t.db.query(
    `INSERT INTO password_set_tokens (token_hash, account_id, expires_at)
     SELECT $1, id, now() + interval '72 hours' FROM accounts WHERE username = 'ada'`,
    [createHash('sha256').update(EXAMPLE_SET_PASSWORD_TOKEN).digest('hex')],
  );
  await seedWebhookEndpoint(t);
  return { admin };
}

/** Webhook endpoint EXAMPLE_ID, inactive (so nothing is sent), with one attempt on record. */
async function seedWebhookEndpoint(t: TestApp) {
  await t.db.query(
    `INSERT INTO webhook_endpoints (id, url, events, description, secret, is_active)
     VALUES ($1, 'https://example.com/webhooks/booking', '{booking.created,booking.cancelled}',
             'Facilities dashboard', 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD', false)`,
    [EXAMPLE_ID],
  );
  await t.db.query(`SELECT setval(pg_get_serial_sequence('webhook_endpoints', 'id'), 100)`);
  await t.db.query(
    `WITH event AS (
       INSERT INTO webhook_events (type, data) VALUES ('booking.created', '{"booking_id": "BK203001161000P01"}')
       RETURNING id
     ), delivery AS (
       INSERT INTO webhook_deliveries (event_id, endpoint_id, attempts, delivered_at)
       SELECT id, $1, 1, now() FROM event RETURNING id
     )
     INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempted_at, status_code, duration_ms, succeeded)
     SELECT id, $1, now(), 200, 35, true FROM delivery`,
    [EXAMPLE_ID],
  );
}

/** Books private rooms at `time` for new members until none is left. */
async function fillPrivateRooms(t: TestApp, maker: RegisteredUser, date: string, time: string) {
  for (;;) {
    const res = await request(t.url)
      .post('/api/v1/bookings/')
      .set(bearer(maker.access))
      .send({ room_type: 'PRIVATE', date, time_slot: time, user_id: await aMember(t) });
    if (res.status === 409 && res.body.code === 'SLOT_TAKEN') return;
    if (res.status !== 201) throw new Error(`filling: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A WAITING private-room entry with the example id, and the hour it claims for its member. */
async function seedWaitlistEntry(
  t: TestApp,
  date: string,
  hour: number,
  party: { memberId: number; createdBy: number },
) {
  await t.db.query(
    `INSERT INTO waitlist_entries (id, room_type, date, start_hour, end_hour, member_id, created_by, created_at, site_id)
     VALUES ($1, 'PRIVATE', $2, $3::smallint, $3::smallint + 1, $4, $5, now(), (SELECT min(id) FROM sites))`,
    [EXAMPLE_ID, date, hour, party.memberId, party.createdBy],
  );
  await t.db.query(
    `INSERT INTO waitlist_claims (entry_id, member_id, room_type, date, hour)
     VALUES ($1, $2, 'PRIVATE', $3, $4)`,
    [EXAMPLE_ID, party.memberId, date, hour],
  );
  await t.db.query(`SELECT setval(pg_get_serial_sequence('waitlist_entries', 'id'), 100)`);
}

/** A one-occurrence series booked through the API, then given the example's id. */
async function seedSeries(t: TestApp, caller: RegisteredUser, date: string) {
  const res = await request(t.url)
    .post('/api/v1/bookings/series')
    .set(bearer(caller.access))
    .send({
      room_type: 'PRIVATE',
      start_date: date,
      time_slot: '12:00:00',
      recurrence: { frequency: 'DAILY', count: 1 },
    });
  if (res.status !== 201) throw new Error(`series: ${res.status} ${JSON.stringify(res.body)}`);
  const created = res.body.series_id as string;
  await t.db.query(
    `INSERT INTO booking_series (id, room_type, start_date, start_hour, end_hour, recurrence, created_by, created_at)
     SELECT $2, room_type, start_date, start_hour, end_hour, recurrence, created_by, created_at
       FROM booking_series WHERE id = $1`,
    [created, EXAMPLE_SERIES_ID],
  );
  await t.db.query(`UPDATE bookings SET series_id = $2 WHERE series_id = $1`, [
    created,
    EXAMPLE_SERIES_ID,
  ]);
  await t.db.query(`DELETE FROM booking_series WHERE id = $1`, [created]);
}

/** Closure EXAMPLE_ID of room EXAMPLE_ID and workspace closure EXAMPLE_WORKSPACE_CLOSURE_ID, whole days. */
async function seedClosures(t: TestApp, createdBy: number, date: string) {
  await t.db.query(
    `INSERT INTO room_closures (id, room_id, start_date, end_date, start_hour, end_hour, reason, created_by)
     VALUES ($1, $2, $3, $3, 9, 18, 'Carpet cleaning', $5),
            ($4, NULL, $3, $3, 9, 18, 'Holiday', $5)`,
    [EXAMPLE_ID, EXAMPLE_ID, date, EXAMPLE_WORKSPACE_CLOSURE_ID, createdBy],
  );
  await t.db.query(`SELECT setval(pg_get_serial_sequence('room_closures', 'id'), 100)`);
}
