import request from 'supertest';
import type { Clock } from '@app/core';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import { book, tolerateTeardownTermination } from './support/booking-helpers';

/** A clock the scenario moves. */
function movableClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => now,
    set: (next: string) => {
      now = new Date(next);
    },
  };
}

/** Sites: CRUD, rooms per site, SITE_REQUIRED, home_site, time rules per zone, rule 7, lock scope. */
describe('sites', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const clock = movableClock('2030-01-15T08:00:00Z');
  const siteIds: Record<string, number> = {};

  const api = () => request(t.url);
  const asAdmin = (r: request.Test) => r.set(bearer(admin.access));

  async function createSite(code: string, timezone: string) {
    const res = await asAdmin(api().post('/api/v1/sites/'))
      .send({ code, name: `${code} office`, timezone })
      .expect(201);
    siteIds[code] = res.body.id;
    return res.body;
  }

  /** A PRIVATE room at `site` for `who`, `date` at `time_slot`. */
  const bookPrivate = (who: RegisteredUser, site: string, date: string, time_slot: string) =>
    book(t, who, { room_type: 'PRIVATE', date, time_slot, site });

  const checkIn = (who: RegisteredUser, bookingId: string) =>
    api().post(`/api/v1/bookings/${bookingId}/check-in/`).set(bearer(who.access));

  const createRoom = (site: string | undefined, room_number: string) =>
    asAdmin(api().post('/api/v1/rooms/')).send({
      room_number,
      room_type: 'PRIVATE',
      capacity: 1,
      site,
    });

  beforeAll(async () => {
    t = tolerateTeardownTermination(
      await startTestApp({ clock, env: { DB_LOCK_TIMEOUT_MS: '300' } }),
    );
    admin = await createAdmin(t);
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a fresh database has one site, HQ, in WORKSPACE_TIMEZONE, holding every room', async () => {
    const sites = await api().get('/api/v1/sites/').set(bearer(user.access)).expect(200);
    expect(sites.body).toEqual([
      expect.objectContaining({ code: 'HQ', name: 'Headquarters', timezone: 'UTC' }),
    ]);
    const rooms = await api().get('/api/v1/rooms/').set(bearer(user.access)).expect(200);
    expect(rooms.body).toHaveLength(15);
    for (const room of rooms.body) expect(room.site).toEqual({ id: sites.body[0].id, code: 'HQ' });
    await api().get('/api/v1/sites/').expect(401);
  });

  it('with a single site a room needs no site', async () => {
    const res = await createRoom(undefined, 'X01').expect(201);
    expect(res.body.site.code).toBe('HQ');
  });

  it('POST and PATCH sites: admin only, code and zone validated, code unique', async () => {
    await api()
      .post('/api/v1/sites/')
      .set(bearer(user.access))
      .send({ code: 'PAR', name: 'Paris', timezone: 'Europe/Paris' })
      .expect(403);
    for (const [body, field] of [
      [{ code: 'par', name: 'Paris', timezone: 'Europe/Paris' }, 'code'],
      [{ code: 'TOO-LONG-CODE', name: 'Paris', timezone: 'Europe/Paris' }, 'code'],
      [{ code: 'PAR', name: 'Paris', timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      [{ code: 'PAR', name: '  ', timezone: 'Europe/Paris' }, 'name'],
      [{ code: 'PAR', name: 'Paris' }, 'timezone'],
    ] as const) {
      const res = await asAdmin(api().post('/api/v1/sites/')).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const paris = await createSite('PAR', 'Europe/Paris');
    expect(paris).toEqual(
      expect.objectContaining({ code: 'PAR', name: 'PAR office', timezone: 'Europe/Paris' }),
    );
    const taken = await asAdmin(api().post('/api/v1/sites/'))
      .send({ code: 'PAR', name: 'Again', timezone: 'UTC' })
      .expect(409);
    expect(taken.body.code).toBe('SITE_CODE_TAKEN');
    await createSite('LON', 'Europe/London');
    await createSite('NYC', 'America/New_York');

    const renamed = await asAdmin(api().patch(`/api/v1/sites/${paris.id}/`))
      .send({ name: 'Paris, Rivoli' })
      .expect(200);
    expect(renamed.body).toEqual(expect.objectContaining({ code: 'PAR', name: 'Paris, Rivoli' }));
    const badZone = await asAdmin(api().patch(`/api/v1/sites/${paris.id}/`))
      .send({ timezone: 'Europe/Pariss' })
      .expect(400);
    expect(badZone.body.code).toBe('VALIDATION_FAILED');
    const clash = await asAdmin(api().patch(`/api/v1/sites/${paris.id}/`))
      .send({ code: 'LON' })
      .expect(409);
    expect(clash.body.code).toBe('SITE_CODE_TAKEN');
    const missing = await asAdmin(api().patch('/api/v1/sites/999999/'))
      .send({ name: 'x' })
      .expect(404);
    expect(missing.body.code).toBe('SITE_NOT_FOUND');
    await api()
      .patch(`/api/v1/sites/${paris.id}/`)
      .set(bearer(user.access))
      .send({ name: 'x' })
      .expect(403);
  });

  it('rooms belong to a site: numbers unique per site, SITE_REQUIRED with several, ?site= filters', async () => {
    const required = await createRoom(undefined, 'Q01').expect(400);
    expect(required.body.code).toBe('SITE_REQUIRED');
    for (const site of ['PAR', 'LON', 'NYC']) {
      // The same number as HQ's P01, at every site.
      const res = await createRoom(site, 'P01').expect(201);
      expect(res.body.site).toEqual({ id: siteIds[site], code: site });
    }
    await createRoom('PAR', 'P02').expect(201);
    const again = await createRoom('PAR', 'p02').expect(409);
    expect(again.body.code).toBe('ROOM_NUMBER_TAKEN');
    const unknown = await createRoom('XXX', 'P05').expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');

    const paris = await api().get('/api/v1/rooms/?site=PAR').set(bearer(user.access)).expect(200);
    expect(paris.body.map((r: { room_number: string }) => r.room_number)).toEqual(['P01', 'P02']);
    const all = await api().get('/api/v1/rooms/').set(bearer(user.access)).expect(200);
    expect(all.body.filter((r: { room_number: string }) => r.room_number === 'P01')).toHaveLength(
      4,
    );
    await api().get('/api/v1/rooms/?site=NOPE').set(bearer(user.access)).expect(400);
    await api().get('/api/v1/rooms/?site=bad%20code').set(bearer(user.access)).expect(400);
  });

  it('several sites: a request without site is SITE_REQUIRED until the caller has a home_site', async () => {
    const slot = { room_type: 'PRIVATE', date: '2030-01-20', time_slot: '15:00:00' };
    const res = await book(t, user, slot).expect(400);
    expect(res.body.code).toBe('SITE_REQUIRED');
    const avail = await api()
      .get('/api/v1/rooms/availability/?date=2030-01-20')
      .set(bearer(user.access))
      .expect(400);
    expect(avail.body.code).toBe('SITE_REQUIRED');
    const unknown = await book(t, user, { ...slot, site: 'XXX' }).expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');

    // A member sets their own home site and nothing else; another member's record is not theirs.
    const me = await api()
      .patch(`/api/v1/users/${user.id}/`)
      .set(bearer(user.access))
      .send({ home_site: 'NYC' })
      .expect(200);
    expect(me.body.home_site).toBe('NYC');
    await api()
      .patch(`/api/v1/users/${user.id}/`)
      .set(bearer(user.access))
      .send({ home_site: 'NYC', name: 'Renamed' })
      .expect(403);
    await api()
      .patch(`/api/v1/users/${admin.id}/`)
      .set(bearer(user.access))
      .send({ home_site: 'NYC' })
      .expect(403);
    const badSite = await api()
      .patch(`/api/v1/users/${user.id}/`)
      .set(bearer(user.access))
      .send({ home_site: 'NOPE' })
      .expect(400);
    expect(badSite.body.code).toBe('VALIDATION_FAILED');
    const read = await api().get(`/api/v1/users/${user.id}/`).set(bearer(user.access)).expect(200);
    expect(read.body.home_site).toBe('NYC');

    const booked = await book(t, user, slot).expect(201);
    const { rows } = await t.db.query(
      `SELECT s.code FROM bookings b JOIN rooms r ON r.id = b.room_id JOIN sites s ON s.id = r.site_id
        WHERE b.booking_id = $1`,
      [booked.body.booking_id],
    );
    expect(rows[0].code).toBe('NYC');

    // Admins set anyone's, and null clears it.
    const cleared = await asAdmin(api().patch(`/api/v1/users/${user.id}/`))
      .send({ home_site: null })
      .expect(200);
    expect(cleared.body.home_site).toBeNull();
    expect((await book(t, user, { ...slot, time_slot: '16:00:00' })).status).toBe(400);
    const set = await asAdmin(api().patch(`/api/v1/users/${user.id}/`))
      .send({ home_site: 'LON' })
      .expect(200);
    expect(set.body.home_site).toBe('LON');
  });

  it('availability answers one site', async () => {
    const res = await api()
      .get('/api/v1/rooms/available/?date=2030-01-21&time_slot=10:00:00&site=PAR')
      .set(bearer(user.access))
      .expect(200);
    const numbers = JSON.stringify(res.body);
    expect(numbers).toContain('P02');
    expect(numbers).not.toContain('C01');
  });

  it('rooms of different sites share a number: their booking ids stay unique', async () => {
    const slot = { room_type: 'PRIVATE', date: '2030-01-22', time_slot: '10:00:00' };
    const other = await registerUser(t);
    const lon = await book(t, user, { ...slot, site: 'LON' }).expect(201);
    const nyc = await book(t, other, { ...slot, site: 'NYC' }).expect(201);
    expect(lon.body.booking_id).toBe('BK20300122100000P01');
    expect(nyc.body.booking_id).toBe('BK20300122100000P01-2');
  });

  it('judges "past" and check-in in the site zone', async () => {
    // 08:00 UTC on the 15th: 03:00 in New York, 09:00 in Paris, 08:00 in London and HQ (UTC).
    const today = '2030-01-15';
    const paris = await bookPrivate(user, 'PAR', today, '09:00:00').expect(400);
    expect(paris.body.code).toBe('SLOT_IN_PAST');
    // The same local hour in New York is 14:00 UTC: still ahead.
    const nyc = await bookPrivate(user, 'NYC', today, '09:00:00').expect(201);
    // The same instant as the NYC booking: another member (rule 7 is on the absolute hour).
    const hq = await bookPrivate(admin, 'HQ', today, '14:00:00').expect(201);

    // 14:05 UTC: the HQ booking began five minutes ago (open), the NYC one at 09:00 New York
    // time (14:00 UTC) too; a 14:00 New York booking (19:00 UTC) is not open yet.
    const later = await bookPrivate(user, 'NYC', today, '14:00:00').expect(201);
    clock.set('2030-01-15T14:05:00Z');
    try {
      await checkIn(admin, hq.body.booking_id).expect(200);
      await checkIn(user, nyc.body.booking_id).expect(200);
      const closed = await checkIn(user, later.body.booking_id).expect(409);
      expect(closed.body.code).toBe('CHECK_IN_CLOSED');
    } finally {
      clock.set('2030-01-15T08:00:00Z');
    }
  });

  it('rule 7 holds across sites on the absolute hour', async () => {
    const member = await registerUser(t);
    const date = '2030-01-23';
    // 10:00 in Paris is 09:00 in London (UTC+1 and UTC+0 in January).
    await bookPrivate(member, 'PAR', date, '10:00:00').expect(201);
    const same = await bookPrivate(member, 'LON', date, '09:00:00').expect(409);
    expect(same.body.code).toBe('MEMBER_DOUBLE_BOOKED');
    // The same local hour in London is another instant.
    await bookPrivate(member, 'LON', date, '10:00:00').expect(201);
    const { rows } = await t.db.query(
      `SELECT count(DISTINCT starts_at)::int AS n FROM member_claims WHERE member_id = $1`,
      [member.id],
    );
    expect(rows[0].n).toBe(2);
  });

  it('a new zone moves the absolute hours of the site’s bookings, or is refused when they would clash', async () => {
    const tokyo = await createSite('TYO', 'Asia/Tokyo');
    await createRoom('TYO', 'T01').expect(201);
    const member = await registerUser(t);
    const date = '2030-01-25';
    await bookPrivate(member, 'TYO', date, '10:00:00').expect(201);
    const startsAt = async () =>
      (
        await t.db.query<{ s: string }>(
          `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS s
             FROM member_claims WHERE member_id = $1`,
          [member.id],
        )
      ).rows.map((r) => r.s);
    expect(await startsAt()).toEqual(['2030-01-25 01:00']);
    // 10:00 in London is 10:00 UTC: the member's hour there once Tokyo becomes London time.
    await bookPrivate(member, 'LON', date, '10:00:00').expect(201);
    const clash = await asAdmin(api().patch(`/api/v1/sites/${tokyo.id}/`))
      .send({ timezone: 'Europe/London' })
      .expect(409);
    expect(clash.body.code).toBe('MEMBER_DOUBLE_BOOKED');
    const moved = await asAdmin(api().patch(`/api/v1/sites/${tokyo.id}/`))
      .send({ timezone: 'America/New_York' })
      .expect(200);
    expect(moved.body.timezone).toBe('America/New_York');
    expect((await startsAt()).sort()).toEqual(['2030-01-25 10:00', '2030-01-25 15:00']);
  });

  it("a transaction holding one site's room-days never blocks a booking at another site", async () => {
    const date = '2030-01-24';
    // Committed first, so only a FOR UPDATE can meet the lock held below.
    await t.db.query(`INSERT INTO room_days (room_id, date) SELECT id, $1 FROM rooms`, [date]);
    const client = await t.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `SELECT 1 FROM room_days d JOIN rooms r ON r.id = d.room_id
          WHERE d.date = $1 AND r.site_id = $2 FOR UPDATE OF d`,
        [date, siteIds.PAR],
      );
      // lock_timeout is 300 ms: a wait on Paris's rows would be a 503.
      const slot = { room_type: 'PRIVATE', date, time_slot: '10:00:00' };
      await book(t, user, { ...slot, site: 'LON' }).expect(201);
      await book(t, admin, { ...slot, site: 'HQ' }).expect(201);
      const avail = await api()
        .get(`/api/v1/rooms/availability/?date=${date}&site=NYC`)
        .set(bearer(user.access))
        .expect(200);
      expect(avail.body.slots).toHaveLength(9);
      const blocked = await book(t, admin, { ...slot, time_slot: '11:00:00', site: 'PAR' });
      expect(blocked.status).toBe(503);
      expect(blocked.body.code).toBe('BUSY');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
