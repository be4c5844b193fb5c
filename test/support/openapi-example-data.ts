import request from 'supertest';
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
 *   admin for the first, so the caller may read, move, cancel and leave it.
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
  return { admin };
}
