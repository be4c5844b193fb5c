import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { bearer, createAdmin, registerUser } from './support/factories';

/** A JWT signed by hand, so specs can forge what a client could send. */
function signJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  secret: string,
  hmac: 'sha256' | 'sha512' | 'none' = 'sha256',
): string {
  const encode = (part: Record<string, unknown>) =>
    Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  if (hmac === 'none') return `${input}.`;
  return `${input}.${createHmac(hmac, secret).update(input).digest('base64url')}`;
}

const decode = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('tokens: rotation, reuse detection, logout, forged and expired tokens', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await startTestApp();
    secret = TEST_JWT_SECRET;
  });
  afterAll(async () => {
    await t.close();
  });

  const refresh = (token: unknown) =>
    request(t.url).post('/api/token/refresh/').send({ refresh: token });
  const rooms = (access: string) => request(t.url).get('/api/v1/rooms/').set(bearer(access));
  const familyRows = async (family: string) =>
    (
      await t.db.query<{ used: boolean; revoked: boolean }>(
        `SELECT used_at IS NOT NULL AS used, revoked_at IS NOT NULL AS revoked
           FROM refresh_tokens WHERE family_id = $1 ORDER BY created_at, jti`,
        [family],
      )
    ).rows;
  const tokenCount = async () =>
    Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM refresh_tokens`)).rows[0].n);

  describe('login and refresh', () => {
    it('stores the first refresh token of a new family at login, hashed', async () => {
      const user = await registerUser(t);
      const login = await request(t.url)
        .post('/api/token/')
        .send({ username: user.username, password: user.password })
        .expect(200);
      const claims = decode(login.body.refresh);
      expect(claims).toMatchObject({ typ: 'refresh', sub: String(user.id) });
      const { rows } = await t.db.query<{ token_hash: string; account_id: number }>(
        `SELECT token_hash, account_id FROM refresh_tokens WHERE jti = $1 AND family_id = $2`,
        [claims.jti, claims.fam],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].account_id).toBe(user.id);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].token_hash).not.toContain(login.body.refresh.split('.')[2]);
      // Register started a family of its own.
      expect(decode(user.refresh).fam).not.toBe(claims.fam);
    });

    it('rotates: a new pair in the same family, the old token used up', async () => {
      const user = await registerUser(t);
      const res = await refresh(user.refresh).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['access', 'refresh']);
      expect(res.body.refresh).not.toBe(user.refresh);
      const before = decode(user.refresh);
      const after = decode(res.body.refresh);
      expect(after.fam).toBe(before.fam);
      expect(after.jti).not.toBe(before.jti);
      expect(decode(res.body.access)).toMatchObject({ typ: 'access', sub: String(user.id) });
      await rooms(res.body.access).expect(200);
      expect(await familyRows(before.fam as string)).toEqual([
        { used: true, revoked: false },
        { used: false, revoked: false },
      ]);
      // The rotated token rotates again.
      await refresh(res.body.refresh).expect(200);
    });

    it('reads the role afresh on refresh, so a promotion reaches the next access token', async () => {
      const user = await registerUser(t);
      await request(t.url).post('/api/v1/users/').set(bearer(user.access)).send({}).expect(403);
      await t.db.query(`UPDATE accounts SET role = 'admin' WHERE id = $1`, [user.id]);
      const res = await refresh(user.refresh).expect(200);
      expect(decode(res.body.access).role).toBe('admin');
      await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(res.body.access))
        .send({ name: 'Promoted Made This', age: 30, gender: 'O' })
        .expect(201);
    });

    it('deletes long-expired tokens of the account at the next login', async () => {
      const user = await registerUser(t);
      await t.db.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '2 days' WHERE account_id = $1`,
        [user.id],
      );
      await request(t.url)
        .post('/api/token/')
        .send({ username: user.username, password: user.password })
        .expect(200);
      const { rows } = await t.db.query(
        `SELECT expires_at > now() AS live FROM refresh_tokens WHERE account_id = $1`,
        [user.id],
      );
      expect(rows).toEqual([{ live: true }]);
    });

    it('accepts the path without a trailing slash', async () => {
      const user = await registerUser(t);
      await request(t.url).post('/api/token/refresh').send({ refresh: user.refresh }).expect(200);
    });

    it('treats reuse of a used token as theft: 401 and the whole family revoked', async () => {
      const user = await registerUser(t);
      const first = await refresh(user.refresh).expect(200);
      const reuse = await refresh(user.refresh).expect(401);
      expect(reuse.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reuse.body).toMatchObject({ status: 401, code: 'REFRESH_TOKEN_REUSED' });
      // The token the legitimate client got from the rotation is dead too.
      const afterTheft = await refresh(first.body.refresh).expect(401);
      expect(afterTheft.body.code).toBe('REFRESH_TOKEN_REUSED');
      const rows = await familyRows(decode(user.refresh).fam as string);
      expect(rows.every((row) => row.revoked)).toBe(true);
      // Other sessions of the same account are untouched.
      const login = await request(t.url)
        .post('/api/token/')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await refresh(login.body.refresh).expect(200);
    });

    it('lets exactly one of many concurrent refreshes of one token succeed', async () => {
      const user = await registerUser(t);
      const results = await Promise.all(Array.from({ length: 8 }, () => refresh(user.refresh)));
      const statuses = results.map((res) => res.status).sort();
      expect(statuses).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
      for (const res of results.filter((r) => r.status === 401)) {
        expect(res.body.code).toBe('REFRESH_TOKEN_REUSED');
      }
      // Exactly one successor was issued, and the reuse revoked the family.
      const rows = await familyRows(decode(user.refresh).fam as string);
      expect(rows).toHaveLength(2);
      expect(rows.every((row) => row.revoked)).toBe(true);
    });

    it('holds across two API processes: 20 rounds of 3 racers on each, one winner per round', async () => {
      const second = await startTestApp({ database: t.database });
      try {
        for (let round = 0; round < 20; round++) {
          const user = await registerUser(t);
          const results = await Promise.all(
            [t.url, second.url, t.url, second.url, t.url, second.url].map((url) =>
              request(url).post('/api/token/refresh/').send({ refresh: user.refresh }),
            ),
          );
          expect(results.map((res) => res.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
          const rows = await familyRows(decode(user.refresh).fam as string);
          expect(rows).toHaveLength(2);
        }
      } finally {
        await second.close();
      }
    });

    it('refuses an access token as a refresh token, and writes nothing', async () => {
      const user = await registerUser(t);
      const before = await tokenCount();
      const res = await refresh(user.access).expect(401);
      expect(res.body).toMatchObject({ code: 'INVALID_TOKEN', status: 401 });
      expect(await tokenCount()).toBe(before);
    });

    it('refuses a refresh token the server never issued (validly signed, unknown jti)', async () => {
      const user = await registerUser(t);
      const forged = signJwt(
        { alg: 'HS256', typ: 'JWT' },
        {
          sub: String(user.id),
          typ: 'refresh',
          fam: randomUUID(),
          jti: randomUUID(),
          iat: nowSeconds(),
          exp: nowSeconds() + 600,
        },
        secret,
      );
      const res = await refresh(forged).expect(401);
      expect(res.body.code).toBe('INVALID_TOKEN');
    });

    it('refuses a stored token presented with another account in sub', async () => {
      const user = await registerUser(t);
      const other = await registerUser(t);
      const claims = decode(user.refresh);
      const swapped = signJwt(
        { alg: 'HS256', typ: 'JWT' },
        { ...claims, sub: String(other.id) },
        secret,
      );
      await refresh(swapped).expect(401);
      // The genuine token still works: a forgery must not burn it.
      await refresh(user.refresh).expect(200);
    });
  });

  describe('forged, tampered and expired tokens', () => {
    let user: Awaited<ReturnType<typeof registerUser>>;
    beforeAll(async () => {
      user = await registerUser(t);
    });

    const accessClaims = () => ({
      sub: String(user.id),
      typ: 'access',
      username: user.username,
      role: 'admin',
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
    });
    const refreshClaims = () => ({ ...decode(user.refresh), iat: nowSeconds() });

    it('accepts a hand-made HS256 access token (the control for the cases below)', async () => {
      await rooms(signJwt({ alg: 'HS256', typ: 'JWT' }, accessClaims(), secret)).expect(200);
    });

    it.each([
      ['alg: none', () => signJwt({ alg: 'none', typ: 'JWT' }, accessClaims(), secret, 'none')],
      [
        'alg: none with a signature',
        () => signJwt({ alg: 'none', typ: 'JWT' }, accessClaims(), secret),
      ],
      [
        'HS512 with the right secret',
        () => signJwt({ alg: 'HS512' }, accessClaims(), secret, 'sha512'),
      ],
      [
        'HS256 with another secret',
        () => signJwt({ alg: 'HS256' }, accessClaims(), 'x'.repeat(48)),
      ],
      [
        'a tampered payload (role: admin) under the original signature',
        () => {
          const [header, , signature] = user.access.split('.');
          const payload = Buffer.from(
            JSON.stringify({ ...decode(user.access), role: 'admin' }),
          ).toString('base64url');
          return `${header}.${payload}.${signature}`;
        },
      ],
      [
        'a flipped signature byte',
        () => {
          const last = user.access.at(-2) === 'A' ? 'B' : 'A';
          return `${user.access.slice(0, -2)}${last}${user.access.at(-1)}`;
        },
      ],
      [
        'an expired token',
        () =>
          signJwt(
            { alg: 'HS256' },
            { ...accessClaims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 },
            secret,
          ),
      ],
      [
        'a token without typ',
        () => signJwt({ alg: 'HS256' }, { ...accessClaims(), typ: undefined }, secret),
      ],
      ['a refresh token', () => user.refresh],
      ['garbage', () => 'not.a.jwt'],
      ['an empty bearer', () => ''],
    ])('refuses %s as an access token with 401 problem+json', async (_name, make) => {
      const res = await rooms(make()).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(res.body.error).toBe(res.body.detail);
    });

    it('says why an expired access token is refused', async () => {
      const expired = signJwt(
        { alg: 'HS256' },
        { ...accessClaims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 },
        secret,
      );
      const res = await rooms(expired).expect(401);
      expect(res.body.detail).toBe('Token has expired');
    });

    it.each([
      ['alg: none', () => signJwt({ alg: 'none' }, refreshClaims(), secret, 'none')],
      ['HS512', () => signJwt({ alg: 'HS512' }, refreshClaims(), secret, 'sha512')],
      ['another secret', () => signJwt({ alg: 'HS256' }, refreshClaims(), 'y'.repeat(48))],
      [
        'an expired token',
        () => signJwt({ alg: 'HS256' }, { ...refreshClaims(), exp: nowSeconds() - 10 }, secret),
      ],
      [
        'typ: access',
        () => signJwt({ alg: 'HS256' }, { ...refreshClaims(), typ: 'access' }, secret),
      ],
      ['garbage', () => 'abc'],
    ])('refuses %s as a refresh token with 401 and writes nothing', async (_name, make) => {
      const before = await tokenCount();
      const res = await refresh(make()).expect(401);
      expect(res.body).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
      expect(await tokenCount()).toBe(before);
    });

    it.each([
      ['no body', undefined],
      ['an empty object', {}],
      ['a number', { refresh: 42 }],
      ['null', { refresh: null }],
      ['an empty string', { refresh: '' }],
      ['an array', { refresh: ['a'] }],
      ['an overlong string', { refresh: 'a'.repeat(5000) }],
      ['an extra field', { refresh: 'a.b.c', user_id: 1 }],
    ])('answers a refresh request with %s with 400 VALIDATION_FAILED', async (_name, body) => {
      const res = await request(t.url).post('/api/token/refresh/').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(Array.isArray(res.body.errors)).toBe(true);
    });

    it('answers malformed JSON on refresh with 400', async () => {
      const res = await request(t.url)
        .post('/api/token/refresh/')
        .set('Content-Type', 'application/json')
        .send('{"refresh": ');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MALFORMED_REQUEST');
    });
  });

  describe('access token lifetime from config', () => {
    it('refuses an access token once JWT_ACCESS_TTL has passed', async () => {
      const short = await startTestApp({ database: t.database, env: { JWT_ACCESS_TTL: '1' } });
      try {
        const user = await registerUser(short);
        const exp = decode(user.access).exp as number;
        const iat = decode(user.access).iat as number;
        expect(exp - iat).toBe(1);
        expect(decode(user.refresh).exp as number).toBeGreaterThan(iat + 3600);
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const res = await request(short.url)
          .get('/api/v1/rooms/')
          .set(bearer(user.access))
          .expect(401);
        expect(res.body.detail).toBe('Token has expired');
        // The refresh token still gets a fresh pair.
        const renewed = await request(short.url)
          .post('/api/token/refresh/')
          .send({ refresh: user.refresh })
          .expect(200);
        await request(short.url).get('/api/v1/rooms/').set(bearer(renewed.body.access)).expect(200);
      } finally {
        await short.close();
      }
    });
  });

  describe('logout', () => {
    const logout = (access: string | undefined, body: unknown) => {
      const req = request(t.url).post('/api/token/logout/');
      if (access !== undefined) void req.set(bearer(access));
      return req.send(body as object);
    };

    it('revokes the family: the refresh token and its successors stop working', async () => {
      const user = await registerUser(t);
      const rotated = await refresh(user.refresh).expect(200);
      const res = await logout(rotated.body.access, { refresh: rotated.body.refresh }).expect(200);
      expect(res.body).toEqual({ message: 'Successfully logged out' });
      const after = await refresh(rotated.body.refresh).expect(401);
      expect(after.body.code).toBe('REFRESH_TOKEN_REUSED');
      const rows = await familyRows(decode(user.refresh).fam as string);
      expect(rows.every((row) => row.revoked)).toBe(true);
      // Access tokens are stateless: they stay valid until they expire.
      await rooms(rotated.body.access).expect(200);
    });

    it('logging out with an older token of the family revokes the family too', async () => {
      const user = await registerUser(t);
      const rotated = await refresh(user.refresh).expect(200);
      await logout(user.access, { refresh: user.refresh }).expect(200);
      await refresh(rotated.body.refresh).expect(401);
    });

    it('is idempotent', async () => {
      const user = await registerUser(t);
      await logout(user.access, { refresh: user.refresh }).expect(200);
      await logout(user.access, { refresh: user.refresh }).expect(200);
    });

    it('leaves other sessions of the account alone', async () => {
      const user = await registerUser(t);
      const login = await request(t.url)
        .post('/api/token/')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await logout(user.access, { refresh: user.refresh }).expect(200);
      await refresh(login.body.refresh).expect(200);
    });

    it('needs an access token', async () => {
      const user = await registerUser(t);
      const res = await logout(undefined, { refresh: user.refresh }).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      await logout(user.refresh, { refresh: user.refresh }).expect(401);
      await refresh(user.refresh).expect(200);
    });

    it("refuses another account's refresh token with 403 and revokes nothing", async () => {
      const user = await registerUser(t);
      const admin = await createAdmin(t);
      const res = await logout(admin.access, { refresh: user.refresh }).expect(403);
      expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      await refresh(user.refresh).expect(200);
    });

    it('refuses an invalid refresh token with 401 and bad bodies with 400', async () => {
      const user = await registerUser(t);
      const invalid = await logout(user.access, { refresh: user.access }).expect(401);
      expect(invalid.body.code).toBe('INVALID_TOKEN');
      const missing = await logout(user.access, {}).expect(400);
      expect(missing.body.code).toBe('VALIDATION_FAILED');
      await logout(user.access, { refresh: user.refresh, all: true }).expect(400);
      await refresh(user.refresh).expect(200);
    });
  });

  describe('deactivated accounts', () => {
    it('cannot refresh or log in once the member is deleted', async () => {
      const admin = await createAdmin(t);
      const user = await registerUser(t);
      await request(t.url)
        .delete(`/api/v1/users/${user.id}/`)
        .set(bearer(admin.access))
        .expect(204);
      const res = await refresh(user.refresh).expect(401);
      expect(res.body.code).toBe('INVALID_TOKEN');
      await request(t.url)
        .post('/api/token/')
        .send({ username: user.username, password: user.password })
        .expect(401);
    });
  });
});
