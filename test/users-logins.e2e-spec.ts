import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Clock } from '@app/core';
import { startTestApp, TestApp } from './support/test-app';
import {
  activeAdminIds,
  bearer,
  createAdmin,
  registerUser,
  RegisteredUser,
} from './support/factories';

/** Section 5b: logins created by admins, roles, password set and change, registration policy. */
describe('people and access', () => {
  let now = new Date();
  const clock: Clock = { now: () => now };
  let t: TestApp;
  let admin: RegisteredUser;
  const name = () => `login_${randomBytes(4).toString('hex')}`;
  const STRONG = 'Tr0ub4dor&3-horse';

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await createAdmin(t);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    now = new Date();
  });

  const counts = async () => {
    const { rows } = await t.db.query(
      `SELECT (SELECT count(*) FROM members)::int AS members,
              (SELECT count(*) FROM accounts)::int AS accounts,
              (SELECT count(*) FROM password_set_tokens)::int AS tokens`,
    );
    return rows[0];
  };
  const login = (username: string, password: string) =>
    request(t.url).post('/api/token/').send({ username, password });
  const createLogin = (body: Record<string, unknown>) =>
    request(t.url)
      .post('/api/v1/users/')
      .set(bearer(admin.access))
      .send({ name: 'Grace Hopper', age: 40, gender: 'F', ...body });
  const patch = (token: string, id: number, body: Record<string, unknown>) =>
    request(t.url).patch(`/api/v1/users/${id}/`).set(bearer(token)).send(body);
  const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;

  describe('admins create members with a login', () => {
    it('with a password: the member can log in at once', async () => {
      const username = name();
      const res = await createLogin({
        username,
        email: `${username}@example.com`,
        password: STRONG,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Grace Hopper',
        is_child: false,
        login: { username, email: `${username}@example.com`, role: 'user', is_active: true },
        set_password_url: null,
      });
      expect((await login(username, STRONG)).status).toBe(200);
    });

    it('as an admin when asked', async () => {
      const username = name();
      const res = await createLogin({
        username,
        email: `${username}@example.com`,
        password: STRONG,
        role: 'admin',
      });
      expect(res.status).toBe(201);
      expect(await activeAdminIds(t)).toContain(res.body.id);
    });

    it('without a password: a one-time set-password link valid 72 h', async () => {
      const username = name();
      const res = await createLogin({ username, email: `${username}@example.com` });
      expect(res.status).toBe(201);
      expect(res.body.set_password_url).toMatch(
        /^http:\/\/api\.booking\.test\/set-password\?token=[A-Za-z0-9_-]{43}$/,
      );
      const token = tokenOf(res.body.set_password_url);
      // Only the hash is stored.
      const { rows } = await t.db.query(
        `SELECT token_hash, expires_at FROM password_set_tokens WHERE account_id = $1`,
        [res.body.id],
      );
      expect(rows[0].token_hash).not.toContain(token);
      expect(rows[0].expires_at.getTime() - now.getTime()).toBe(72 * 3600 * 1000);
      expect((await login(username, STRONG)).status).toBe(401);

      const set = await request(t.url)
        .post('/api/v1/password/set/')
        .send({ token, password: STRONG });
      expect(set.status).toBe(200);
      expect((await login(username, STRONG)).status).toBe(200);
      // One time only.
      const again = await request(t.url)
        .post('/api/v1/password/set/')
        .send({ token, password: 'An0ther-horse-staple' });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('INVALID_SET_PASSWORD_TOKEN');
      expect((await login(username, 'An0ther-horse-staple')).status).toBe(401);
    });

    it('refuses an expired link, and a weak password through a good one', async () => {
      const username = name();
      const res = await createLogin({ username, email: `${username}@example.com` });
      const token = tokenOf(res.body.set_password_url);
      const weak = await request(t.url)
        .post('/api/v1/password/set/')
        .send({ token, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('WEAK_PASSWORD');
      now = new Date(now.getTime() + 72 * 3600 * 1000 + 1000);
      const late = await request(t.url)
        .post('/api/v1/password/set/')
        .send({ token, password: STRONG });
      expect(late.status).toBe(400);
      expect(late.body.code).toBe('INVALID_SET_PASSWORD_TOKEN');
      expect((await login(username, STRONG)).status).toBe(401);
    });

    it.each([
      ['a malformed token', { token: 'abc', password: STRONG }],
      ['an unknown token', { token: randomBytes(32).toString('base64url'), password: STRONG }],
    ])('answers %s with 400', async (_n, body) => {
      const res = await request(t.url).post('/api/v1/password/set/').send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_SET_PASSWORD_TOKEN');
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a username without an email', { username: 'x_only' }, 'email'],
      ['an email without a username', { email: 'only@example.com' }, 'username'],
      ['a role without a login', { role: 'admin' }, 'username'],
      ['an unknown role', { username: 'r1', email: 'r1@example.com', role: 'owner' }, 'role'],
      ['a null password', { username: 'np', email: 'np@example.com', password: null }, 'password'],
      ['a bad username', { username: 'has space', email: 'sp@example.com' }, 'username'],
      ['a bad email', { username: 'bad_mail', email: 'nope' }, 'email'],
      [
        'a weak password',
        { username: 'weakling', email: 'w@example.com', password: 'abc' },
        'password',
      ],
    ])('refuses %s with 400 naming the field and writes nothing', async (_n, body, field) => {
      const before = await counts();
      const res = await createLogin(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('refuses a taken username or email with 409 and writes nothing (not even the profile)', async () => {
      const user = await registerUser(t);
      const before = await counts();
      const byName = await createLogin({
        username: user.username.toUpperCase(),
        email: 'x@example.com',
      });
      expect(byName.status).toBe(409);
      expect(byName.body.code).toBe('USERNAME_TAKEN');
      const byMail = await createLogin({ username: name(), email: user.email });
      expect(byMail.status).toBe(409);
      expect(byMail.body.code).toBe('EMAIL_TAKEN');
      expect(await counts()).toEqual(before);
    });

    it('is for admins only', async () => {
      const user = await registerUser(t);
      const res = await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(user.access))
        .send({ name: 'X', age: 30, gender: 'O', username: name(), email: 'y@example.com' });
      expect(res.status).toBe(403);
    });
  });

  describe('roles', () => {
    it('promotes a user, who has admin rights on the next request', async () => {
      const user = await registerUser(t);
      const before = await request(t.url)
        .get(`/api/v1/users/${admin.id}/`)
        .set(bearer(user.access));
      expect(before.status).toBe(404);
      const res = await patch(admin.access, user.id, { role: 'admin' });
      expect(res.status).toBe(200);
      expect(res.body.login).toMatchObject({ username: user.username, role: 'admin' });
      // The same access token: the role is read from the database, not the token.
      const after = await request(t.url).get(`/api/v1/users/${admin.id}/`).set(bearer(user.access));
      expect(after.status).toBe(200);
      await patch(admin.access, user.id, { role: 'user' }).expect(200);
      const demoted = await request(t.url)
        .get(`/api/v1/users/${admin.id}/`)
        .set(bearer(user.access));
      expect(demoted.status).toBe(404);
    });

    it('changes profile fields and the role in one request', async () => {
      const user = await registerUser(t);
      const res = await patch(admin.access, user.id, { age: 44, role: 'admin' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, age: 44, login: { role: 'admin' } });
      await patch(admin.access, user.id, { role: 'user' }).expect(200);
    });

    it('deactivates a login: its tokens stop working', async () => {
      const user = await registerUser(t);
      const res = await patch(admin.access, user.id, { is_active: false });
      expect(res.status).toBe(200);
      expect(res.body.login.is_active).toBe(false);
      await request(t.url)
        .get('/api/v1/bookings/my-bookings/')
        .set(bearer(user.access))
        .expect(401);
      expect((await login(user.username, user.password)).status).toBe(401);
      await patch(admin.access, user.id, { is_active: true }).expect(200);
      expect((await login(user.username, user.password)).status).toBe(200);
    });

    it('never demotes or deactivates the last active admin (409 LAST_ADMIN)', async () => {
      await t.db.query(`UPDATE accounts SET role = 'user' WHERE role = 'admin' AND id <> $1`, [
        admin.id,
      ]);
      for (const body of [{ role: 'user' }, { is_active: false }, { role: 'user', name: 'Z' }]) {
        const res = await patch(admin.access, admin.id, body);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('LAST_ADMIN');
      }
      const { rows } = await t.db.query(
        `SELECT a.role, a.is_active, m.name FROM accounts a JOIN members m ON m.id = a.id WHERE a.id = $1`,
        [admin.id],
      );
      expect(rows[0]).toMatchObject({ role: 'admin', is_active: true });
      expect(rows[0].name).not.toBe('Z');
      // With a second admin, the first may step down.
      const second = await createAdmin(t);
      await patch(second.access, admin.id, { role: 'user' }).expect(200);
      await patch(second.access, admin.id, { role: 'admin' }).expect(200);
    });

    it.each<[string, Record<string, unknown>]>([
      ['an unknown role', { role: 'root' }],
      ['is_active as a string', { is_active: 'no' }],
      ['a null role', { role: null }],
      ['a null is_active', { is_active: null }],
    ])('refuses %s with 400 and changes nothing', async (_n, body) => {
      const user = await registerUser(t);
      const res = await patch(admin.access, user.id, body);
      expect(res.status).toBe(400);
      const { rows } = await t.db.query(`SELECT role, is_active FROM accounts WHERE id = $1`, [
        user.id,
      ]);
      expect(rows[0]).toEqual({ role: 'user', is_active: true });
    });

    it('refuses a role for a profile-only member with 400', async () => {
      const res = await createLogin({});
      expect(res.status).toBe(201);
      const role = await patch(admin.access, res.body.id, { role: 'admin' });
      expect(role.status).toBe(400);
      expect(role.body.errors[0].field).toBe('role');
    });
  });

  describe('password change', () => {
    const change = (token: string, body: Record<string, unknown>) =>
      request(t.url).post('/api/v1/password/change/').set(bearer(token)).send(body);

    it("changes the password and revokes every other session's refresh tokens", async () => {
      const user = await registerUser(t);
      const other = (await login(user.username, user.password)).body;
      const mine = (await login(user.username, user.password)).body;
      const res = await change(mine.access, {
        current_password: user.password,
        new_password: 'N3w-staple-battery',
      });
      expect(res.status).toBe(200);
      expect((await login(user.username, user.password)).status).toBe(401);
      expect((await login(user.username, 'N3w-staple-battery')).status).toBe(200);
      // The caller's session goes on; the other session (and the registration's) is over.
      await request(t.url).post('/api/token/refresh/').send({ refresh: mine.refresh }).expect(200);
      const otherRefresh = await request(t.url)
        .post('/api/token/refresh/')
        .send({ refresh: other.refresh });
      expect(otherRefresh.status).toBe(401);
      const registration = await request(t.url)
        .post('/api/token/refresh/')
        .send({ refresh: user.refresh });
      expect(registration.status).toBe(401);
    });

    it('refuses a wrong current password (400 WRONG_PASSWORD) and a weak new one, changing nothing', async () => {
      const user = await registerUser(t);
      const wrong = await change(user.access, {
        current_password: 'not-my-password',
        new_password: 'N3w-staple-battery',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('WRONG_PASSWORD');
      const weak = await change(user.access, {
        current_password: user.password,
        new_password: 'x',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('WEAK_PASSWORD');
      expect(weak.body.errors[0].field).toBe('new_password');
      expect((await login(user.username, user.password)).status).toBe(200);
      await request(t.url).post('/api/token/refresh/').send({ refresh: user.refresh }).expect(200);
    });

    it('needs a token and both fields', async () => {
      await request(t.url)
        .post('/api/v1/password/change/')
        .send({ current_password: 'a', new_password: 'b' })
        .expect(401);
      const user = await registerUser(t);
      const res = await change(user.access, { current_password: user.password });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('new_password');
    });
  });
});

describe('REGISTRATION setting', () => {
  const register = (t: TestApp, email: string) => {
    const username = `reg_${randomBytes(4).toString('hex')}`;
    return request(t.url).post('/api/v1/register/').send({
      username,
      email,
      password: 'Tr0ub4dor&3-horse',
      password_confirm: 'Tr0ub4dor&3-horse',
      name: 'R',
      age: 30,
      gender: 'O',
    });
  };

  it('closed: register is 403 REGISTRATION_CLOSED and writes nothing', async () => {
    const t = await startTestApp({ env: { REGISTRATION: 'closed' } });
    try {
      const res = await register(t, 'a@example.com');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('REGISTRATION_CLOSED');
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM accounts`);
      expect(rows[0].n).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('domain: only e-mail addresses of the listed domains', async () => {
    const t = await startTestApp({ env: { REGISTRATION: 'domain:example.com,Corp.example' } });
    try {
      expect((await register(t, 'a@example.com')).status).toBe(201);
      expect((await register(t, 'b@CORP.example')).status).toBe(201);
      const other = await register(t, 'c@example.org');
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'REGISTRATION_CLOSED' });
      expect(other.body.errors[0].field).toBe('email');
      const lookalike = await register(t, 'd@evilexample.com');
      expect(lookalike.status).toBe(403);
    } finally {
      await t.close();
    }
  });
});
