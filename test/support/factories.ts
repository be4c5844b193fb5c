import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './test-app';

/** Data builders for specs: short scenarios, one expectation each. */
export interface RegisteredUser {
  id: number;
  username: string;
  email: string;
  password: string;
  access: string;
  refresh: string;
}

const unique = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export function registrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const username = unique('user');
  return {
    username,
    email: `${username}@example.com`,
    password: 'Tr0ub4dor&3-horse',
    password_confirm: 'Tr0ub4dor&3-horse',
    name: `Member ${username}`,
    age: 30,
    gender: 'O',
    ...overrides,
    ...(overrides.password && !overrides.password_confirm
      ? { password_confirm: overrides.password }
      : {}),
  };
}

/** Registers through the API, as a client would. */
export async function registerUser(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<RegisteredUser> {
  const body = registrationBody(overrides);
  const res = await request(t.url).post('/api/v1/register/').send(body);
  if (res.status !== 201)
    throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    username: body.username as string,
    email: body.email as string,
    password: body.password as string,
    access: res.body.access,
    refresh: res.body.refresh,
  };
}

/** A registered user promoted to admin in SQL (what `cli create-admin` does), logged in again. */
export async function createAdmin(t: TestApp): Promise<RegisteredUser> {
  const user = await registerUser(t, { username: unique('admin') });
  await t.db.query(`UPDATE accounts SET role = 'admin' WHERE id = $1`, [user.id]);
  const res = await request(t.url)
    .post('/api/token/')
    .send({ username: user.username, password: user.password });
  if (res.status !== 200)
    throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...user, access: res.body.access, refresh: res.body.refresh };
}

/** Ids of the admins who can still sign in (active account, live member), read in SQL. */
export async function activeAdminIds(t: TestApp): Promise<number[]> {
  const { rows } = await t.db.query<{ id: number }>(
    `SELECT a.id FROM accounts a JOIN members m ON m.id = a.id
      WHERE a.role = 'admin' AND a.is_active AND m.deleted_at IS NULL ORDER BY a.id`,
  );
  return rows.map((row) => row.id);
}

/** A profile-only member (walk-in, child), inserted directly. */
export async function aMember(
  t: TestApp,
  fields: { name?: string; age?: number; gender?: string } = {},
): Promise<number> {
  const { rows } = await t.db.query<{ id: number }>(
    `INSERT INTO members (name, age, gender) VALUES ($1, $2, $3) RETURNING id`,
    [fields.name ?? unique('walkin'), fields.age ?? 30, fields.gender ?? 'O'],
  );
  return rows[0].id;
}

/** A team of existing members, inserted directly. */
export async function aTeam(
  t: TestApp,
  memberIds: number[],
  name = unique('team'),
): Promise<number> {
  const { rows } = await t.db.query<{ id: number }>(
    `INSERT INTO teams (name) VALUES ($1) RETURNING id`,
    [name],
  );
  const teamId = rows[0].id;
  for (const memberId of memberIds) {
    await t.db.query(`INSERT INTO team_members (team_id, member_id) VALUES ($1, $2)`, [
      teamId,
      memberId,
    ]);
  }
  return teamId;
}

/** A date `days` after today in UTC, YYYY-MM-DD (tests run with WORKSPACE_TIMEZONE=UTC unless they say otherwise). */
export function dayFromToday(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
