import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { registerUser, registrationBody } from './support/factories';

describe('register and login: bad input of every kind, duplicate names under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => {
    const { rows } = await t.db.query<{ members: string; accounts: string; tokens: string }>(
      `SELECT (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM accounts) AS accounts,
              (SELECT count(*) FROM refresh_tokens) AS tokens`,
    );
    return rows[0];
  };
  const register = (body: unknown) =>
    request(t.url)
      .post('/api/v1/register/')
      .send(body as object);

  const without = (field: string) => {
    const body = registrationBody();
    delete body[field];
    return body;
  };

  it.each<[string, () => unknown, string]>([
    ['no username', () => without('username'), 'username'],
    ['no email', () => without('email'), 'email'],
    ['no password', () => without('password'), 'password'],
    ['no password_confirm', () => without('password_confirm'), 'password_confirm'],
    ['no name', () => without('name'), 'name'],
    ['no age', () => without('age'), 'age'],
    ['no gender', () => without('gender'), 'gender'],
    ['role: admin', () => registrationBody({ role: 'admin' }), 'role'],
    ['is_staff: true', () => registrationBody({ is_staff: true }), 'is_staff'],
    ['an unknown field', () => registrationBody({ nickname: 'x' }), 'nickname'],
    ['a numeric username', () => registrationBody({ username: 12345 }), 'username'],
    ['an empty username', () => registrationBody({ username: '' }), 'username'],
    ['a username with spaces', () => registrationBody({ username: 'bob smith' }), 'username'],
    ['a 151-character username', () => registrationBody({ username: 'u'.repeat(151) }), 'username'],
    ['an email without @', () => registrationBody({ email: 'not-an-email' }), 'email'],
    ['an email without domain', () => registrationBody({ email: 'bob@' }), 'email'],
    ['an email as a number', () => registrationBody({ email: 7 }), 'email'],
    [
      'a 255-character email',
      () => registrationBody({ email: `${'e'.repeat(243)}@example.com` }),
      'email',
    ],
    ['age as a string', () => registrationBody({ age: '30' }), 'age'],
    ['a fractional age', () => registrationBody({ age: 30.5 }), 'age'],
    ['a negative age', () => registrationBody({ age: -1 }), 'age'],
    ['an age of 151', () => registrationBody({ age: 151 }), 'age'],
    ['a huge age', () => registrationBody({ age: 1e12 }), 'age'],
    ['age null', () => registrationBody({ age: null }), 'age'],
    ['gender X', () => registrationBody({ gender: 'X' }), 'gender'],
    ['gender lowercase', () => registrationBody({ gender: 'f' }), 'gender'],
    ['a blank name', () => registrationBody({ name: '   ' }), 'name'],
    ['a 101-character name', () => registrationBody({ name: 'n'.repeat(101) }), 'name'],
    ['a name as an object', () => registrationBody({ name: { first: 'a' } }), 'name'],
    [
      'a 129-character password',
      () => registrationBody({ password: 'p'.repeat(129), password_confirm: 'p'.repeat(129) }),
      'password',
    ],
    [
      'mismatched password confirmation',
      () => registrationBody({ password: 'Tr0ub4dor&3-horse', password_confirm: 'other-pass-123' }),
      'password_confirm',
    ],
  ])(
    'refuses %s with 400 VALIDATION_FAILED naming the field, writing nothing',
    async (_n, make, field) => {
      const before = await counts();
      const res = await register(make());
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        title: 'Bad Request',
      });
      expect(res.body.error).toBe(res.body.detail);
      expect(typeof res.body.type).toBe('string');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts()).toEqual(before);
    },
  );

  it.each([
    ['shorter than 8 characters', 'Ab1!xyz', 'at least 8'],
    ['a common password', 'password123', 'too common'],
    ['a common password in other case', 'PassWord123', 'too common'],
  ])('refuses a password %s with 400 WEAK_PASSWORD', async (_n, password, message) => {
    const before = await counts();
    const res = await register(registrationBody({ password, password_confirm: password }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('WEAK_PASSWORD');
    expect(res.body.detail).toContain(message);
    expect(res.body.errors[0].field).toBe('password');
    expect(await counts()).toEqual(before);
  });

  it('refuses a password equal to the username', async () => {
    const res = await register(
      registrationBody({
        username: 'Longusername1',
        password: 'longUSERNAME1',
        password_confirm: 'longUSERNAME1',
      }),
    ).expect(400);
    expect(res.body.code).toBe('WEAK_PASSWORD');
  });

  it.each([
    ['malformed JSON', '{"username": "a",', 'application/json', 400],
    ['a JSON array', '[1, 2]', 'application/json', 400],
    ['a JSON string', '"hello"', 'application/json', 400],
    ['form encoding', 'username=a&password=b', 'application/x-www-form-urlencoded', 400],
    ['a body over 64 KiB', JSON.stringify({ name: 'x'.repeat(70_000) }), 'application/json', 413],
  ])('answers %s with a 4xx problem+json and writes nothing', async (_n, raw, type, status) => {
    const before = await counts();
    const res = await request(t.url).post('/api/v1/register/').set('Content-Type', type).send(raw);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate username in any case with 409 USERNAME_TAKEN', async () => {
    const user = await registerUser(t);
    const before = await counts();
    const res = await register(registrationBody({ username: user.username.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'USERNAME_TAKEN', status: 409 });
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate email in any case with 409 EMAIL_TAKEN', async () => {
    const user = await registerUser(t);
    const before = await counts();
    const res = await register(registrationBody({ email: user.email.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
    expect(await counts()).toEqual(before);
  });

  it('stores an argon2id hash, never the password', async () => {
    const user = await registerUser(t);
    const { rows } = await t.db.query<{ password_hash: string }>(
      `SELECT password_hash FROM accounts WHERE id = $1`,
      [user.id],
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0].password_hash).not.toContain(user.password);
  });

  it('registers a child (is_child) and trims the name', async () => {
    const res = await register(registrationBody({ age: 9, name: '  Kid  ' })).expect(201);
    expect(res.body.user.profile).toMatchObject({ name: 'Kid', age: 9, is_child: true });
  });

  describe('concurrent registrations of one name', () => {
    const race = async (bodies: Record<string, unknown>[]) => {
      const results = await Promise.all(bodies.map((body) => register(body)));
      return results.map((res) => res.status).sort();
    };

    it.each([1, 2, 3, 4, 5])(
      'round %i: the same username twice gives one 201 and one 409, never a 500',
      async () => {
        const username = `race_${Math.random().toString(36).slice(2, 10)}`;
        const statuses = await race([
          registrationBody({ username, email: `${username}-1@example.com` }),
          registrationBody({ username, email: `${username}-2@example.com` }),
        ]);
        expect(statuses).toEqual([201, 409]);
        const { rows } = await t.db.query(
          `SELECT 1 FROM accounts WHERE lower(username) = lower($1)`,
          [username],
        );
        expect(rows).toHaveLength(1);
      },
    );

    it('Bob and bob together give one 201 and one 409, and no orphan member', async () => {
      const suffix = Math.random().toString(36).slice(2, 8);
      const before = await counts();
      const statuses = await race([
        registrationBody({ username: `Bob_${suffix}`, email: `bob1_${suffix}@example.com` }),
        registrationBody({ username: `bob_${suffix}`, email: `bob2_${suffix}@example.com` }),
      ]);
      expect(statuses).toEqual([201, 409]);
      const after = await counts();
      expect(Number(after.members) - Number(before.members)).toBe(1);
      expect(Number(after.accounts) - Number(before.accounts)).toBe(1);
    });

    it('eight racers on one email: exactly one 201, the rest 409 EMAIL_TAKEN', async () => {
      const suffix = Math.random().toString(36).slice(2, 8);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          register(
            registrationBody({
              username: `racer${i}_${suffix}`,
              email: i % 2 ? `Same_${suffix}@example.com` : `same_${suffix}@example.com`,
            }),
          ),
        ),
      );
      const statuses = results.map((res) => res.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const res of results.filter((r) => r.status === 409)) {
        expect(res.body.code).toBe('EMAIL_TAKEN');
      }
    });
  });

  describe('login input', () => {
    it.each([
      ['no password', { username: 'a' }],
      ['no username', { password: 'whatever-123' }],
      ['a numeric password', { username: 'a', password: 12345678 }],
      ['an extra field', { username: 'a', password: 'whatever-123', role: 'admin' }],
      ['an overlong username', { username: 'u'.repeat(151), password: 'whatever-123' }],
    ])('refuses %s with 400', async (_n, body) => {
      const before = await counts();
      const res = await request(t.url).post('/api/token/').send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await counts()).toEqual(before);
    });

    it('answers an unknown username like a wrong password: 401 INVALID_CREDENTIALS', async () => {
      const res = await request(t.url)
        .post('/api/token/')
        .send({ username: 'nobody-here', password: 'whatever-123' })
        .expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('logs in case-insensitively by username', async () => {
      const user = await registerUser(t);
      await request(t.url)
        .post('/api/token/')
        .send({ username: user.username.toUpperCase(), password: user.password })
        .expect(200);
    });
  });
});
