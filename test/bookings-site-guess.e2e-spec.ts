import request from 'supertest';
import { SitesService } from '@app/rooms';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import { book, pinnedClock, tolerateTeardownTermination } from './support/booking-helpers';

/**
 * A booking starts from the site this process last found for the same request (no read of its
 * own before the transaction), then reads the site again in the transaction: whatever changed
 * in between (another process changed it, or this one), the booking is judged on the site as it
 * is now. Every step books through the same process right after a change the guess misses.
 */
describe('bookings: the site guessed from the last request is checked in the transaction', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;

  const api = () => request(t.url);
  const asAdmin = (r: request.Test) => r.set(bearer(admin.access));
  const siteOf = async (bookingId: string) =>
    (
      await t.db.query<{ code: string }>(
        `SELECT s.code FROM bookings b JOIN rooms r ON r.id = b.room_id
           JOIN sites s ON s.id = r.site_id WHERE b.booking_id = $1`,
        [bookingId],
      )
    ).rows[0].code;

  beforeAll(async () => {
    // 2030-01-15 08:00 UTC: 09:00 has not begun in UTC; in UTC+14 that day is over.
    t = tolerateTeardownTermination(
      await startTestApp({ clock: pinnedClock('2030-01-15T08:00:00Z') }),
    );
    admin = await createAdmin(t);
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads the site before the transaction only the first time for a request', async () => {
    const fresh = jest.spyOn(t.app.get(SitesService), 'siteForRequest');
    try {
      const other = await registerUser(t);
      for (const time_slot of ['15:00:00', '16:00:00', '17:00:00']) {
        await book(t, other, { room_type: 'PRIVATE', date: '2030-01-17', time_slot }).expect(201);
      }
      expect(fresh).toHaveBeenCalledTimes(1);
    } finally {
      fresh.mockRestore();
    }
  });

  it('judges the hours in the zone the site has now, not the one last seen', async () => {
    const first = await book(t, user, {
      room_type: 'PRIVATE',
      date: '2030-01-15',
      time_slot: '10:00:00',
    }).expect(201);
    expect(await siteOf(first.body.booking_id)).toBe('HQ');
    const { rows } = await t.db.query<{ id: number }>(`SELECT id FROM sites WHERE code = 'HQ'`);
    await asAdmin(api().patch(`/api/v1/sites/${rows[0].id}/`))
      .send({ timezone: 'Pacific/Kiritimati' })
      .expect(200);
    const late = await book(t, user, {
      room_type: 'PRIVATE',
      date: '2030-01-15',
      time_slot: '11:00:00',
    }).expect(400);
    expect(late.body.code).toBe('SLOT_IN_PAST');
    await asAdmin(api().patch(`/api/v1/sites/${rows[0].id}/`))
      .send({ timezone: 'UTC' })
      .expect(200);
    await book(t, user, { room_type: 'PRIVATE', date: '2030-01-15', time_slot: '11:00:00' }).expect(
      201,
    );
  });

  it('asks for a site once there are several, and follows the home site as it changes', async () => {
    const slot = { room_type: 'PRIVATE', date: '2030-01-16', time_slot: '10:00:00' };
    await book(t, user, slot).expect(201);
    for (const code of ['PAR', 'NYC']) {
      await asAdmin(api().post('/api/v1/sites/'))
        .send({ code, name: `${code} office`, timezone: 'UTC' })
        .expect(201);
      await asAdmin(api().post('/api/v1/rooms/'))
        .send({ room_number: `${code[0]}01`, room_type: 'PRIVATE', capacity: 1, site: code })
        .expect(201);
    }
    const required = await book(t, user, { ...slot, time_slot: '11:00:00' }).expect(400);
    expect(required.body.code).toBe('SITE_REQUIRED');

    const setHome = (code: string) =>
      api()
        .patch(`/api/v1/users/${user.id}/`)
        .set(bearer(user.access))
        .send({ home_site: code })
        .expect(200);
    await setHome('PAR');
    const atParis = await book(t, user, { ...slot, time_slot: '12:00:00' }).expect(201);
    expect(await siteOf(atParis.body.booking_id)).toBe('PAR');
    await setHome('NYC');
    const atNewYork = await book(t, user, { ...slot, time_slot: '13:00:00' }).expect(201);
    expect(await siteOf(atNewYork.body.booking_id)).toBe('NYC');
    // A code named in the request wins over the home site, as before the guess.
    const named = await book(t, user, { ...slot, time_slot: '14:00:00', site: 'HQ' }).expect(201);
    expect(await siteOf(named.body.booking_id)).toBe('HQ');
  });
});
