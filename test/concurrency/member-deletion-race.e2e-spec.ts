import request from 'supertest';
import { bearer, createAdmin, registerUser, RegisteredUser } from '../support/factories';
import { book, dateSequence, pinnedClock } from '../support/booking-helpers';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Deleting a member while they book: either the booking wins (the delete is refused, 409
 * MEMBER_IN_USE) or the delete wins (the booking is refused), never both. The booking
 * transaction locks the member row FOR KEY SHARE; the delete takes it FOR UPDATE.
 */
describe('member deletion racing a booking', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock(), env: { BOOKING_HORIZON_DAYS: '3650' } });
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('never leaves an active booking on a deleted member', async () => {
    const nextDate = dateSequence();
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 25; round++) {
      const member = await registerUser(t);
      const [booking, deletion] = await Promise.all([
        book(t, member, { room_type: 'PRIVATE', date: nextDate(), time_slot: '10:00:00' }),
        request(t.url).delete(`/api/v1/users/${member.id}/`).set(bearer(admin.access)),
      ]);
      const key = `${booking.status}/${deletion.status}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      expect([booking.status, deletion.status]).not.toEqual([201, 204]);
      expect(booking.status === 201 ? deletion.status : booking.status).toBeGreaterThanOrEqual(400);
    }
    const orphans = await t.db.query<{ booking_id: string }>(
      `SELECT b.booking_id FROM bookings b
       JOIN booking_participants p ON p.booking_id = b.id
       JOIN members m ON m.id = p.member_id
       WHERE b.status = 'ACTIVE' AND m.deleted_at IS NOT NULL`,
    );
    expect(orphans.rows).toEqual([]);
    process.stderr.write(
      `[member-deletion-race] outcomes (booking/delete): ${JSON.stringify([...outcomes])}\n`,
    );
  });
});
