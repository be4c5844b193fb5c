import { createHmac } from 'node:crypto';
import { Pool } from 'pg';

export interface Member {
  id: number;
  username: string;
  token: string;
}

/** An access token signed as libs/auth's TokensService signs it (HS256, typ access). */
export function signAccessToken(secret: string, id: number, username: string): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: String(id),
    typ: 'access',
    username,
    role: 'user',
    iat: now,
    exp: now + 3600,
  })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** Adult members with accounts (the hash is never checked: tokens are signed directly). */
export async function seedMembers(db: Pool, count: number, secret: string): Promise<Member[]> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO members (name, age, gender)
     SELECT 'Fault member ' || g, 30, 'O' FROM generate_series(1, $1) g RETURNING id`,
    [count],
  );
  const ids = rows.map((r) => r.id);
  await db.query(
    `INSERT INTO accounts (id, username, email, password_hash)
     SELECT id, 'fault_' || id, 'fault_' || id || '@example.com', 'not-a-hash'
     FROM unnest($1::int[]) AS id`,
    [ids],
  );
  return ids.map((id) => ({
    id,
    username: `fault_${id}`,
    token: signAccessToken(secret, id, `fault_${id}`),
  }));
}

export function dayFromToday(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
