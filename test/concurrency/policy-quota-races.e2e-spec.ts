import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { bearer, createAdmin, registerUser, RegisteredUser } from '../support/factories';
import {
  TODAY,
  addDaysTo,
  book,
  invariantViolations,
  startTwoInstances,
} from '../support/booking-helpers';

const ROUNDS = Number(process.env.RACE_ROUNDS ?? 6);
const LIMIT = 4;
const at = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;

/**
 * Quotas are decided under the member's row lock inside the booking transaction: concurrent
 * bookings of one member through two API instances, in different room types (so no room-day
 * lock orders them), never together pass max_hours_per_day.
 */
describe('policy quota races (two API instances, one database)', () => {
  let t: TestApp;
  let t2: TestApp;
  let admin: RegisteredUser;

  beforeAll(async () => {
    [t, t2] = await startTwoInstances();
    admin = await createAdmin(t);
    await request(t.url)
      .put('/api/v1/policies/')
      .set(bearer(admin.access))
      .send({ max_hours_per_day: LIMIT })
      .expect(200);
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
  });

  it(`10 concurrent bookings by one member: exactly ${LIMIT} hours booked, checked in SQL`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const member = await registerUser(t);
      const date = addDaysTo(TODAY, 7 + round);
      // Nine distinct hours and one repeat, private rooms and desks alternating.
      const hours = [9, 10, 11, 12, 13, 14, 15, 16, 17, 9 + (round % 9)];
      const outcomes = await Promise.all(
        hours.map((hour, i) =>
          book(i % 2 === 0 ? t.url : t2.url, member, {
            room_type: i % 2 === 0 ? 'PRIVATE' : 'SHARED_DESK',
            date,
            time_slot: at(hour),
          }),
        ),
      );
      const statuses = outcomes.map((o) => `${o.status} ${o.body.code ?? ''}`.trim()).sort();
      const created = outcomes.filter((o) => o.status === 201).length;
      const { rows } = await t.db.query<{ hours: number; bookings: number }>(
        `SELECT count(*)::int AS hours, count(DISTINCT booking_id)::int AS bookings
         FROM member_claims WHERE member_id = $1 AND date = $2`,
        [member.id, date],
      );
      expect({ round, hours: rows[0].hours, created }).toEqual({
        round,
        hours: LIMIT,
        created: LIMIT,
      });
      expect(rows[0].bookings).toBe(LIMIT);
      for (const s of statuses)
        expect(s).toMatch(/^(201|409 QUOTA_EXCEEDED|409 MEMBER_DOUBLE_BOOKED)$/);
    }
    expect(await invariantViolations(t)).toEqual([]);
  });
});
