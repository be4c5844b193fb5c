import request from 'supertest';
import { aMember, bearer, createAdmin, dayFromToday, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Requests built to cost the process or to steer what it writes: bodies with thousands of
 * keys, query strings with thousands of parameters, a forged Host, junk after a token.
 */
describe('HTTP edge: requests built to cost or to steer', () => {
  const PUBLIC_URL = 'https://booking.example.com';
  let t: TestApp;
  let admin: RegisteredUser;
  beforeAll(async () => {
    // The trailing slash is normalised away.
    t = await startTestApp({ env: { PUBLIC_URL: `${PUBLIC_URL}/` } });
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const keys = (n: number, prefix = 'k') =>
    Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36)}`);
  const member = { name: 'Keys', age: 30, gender: 'F' };

  /** Sends the same request `times` times in a row; the total time in ms and the last answer. */
  const timed = async (times: number, send: () => request.Test) => {
    const start = performance.now();
    let last: request.Response | undefined;
    for (let i = 0; i < times; i++) last = await send();
    return { ms: performance.now() - start, res: last as request.Response };
  };

  describe('bodies with thousands of keys', () => {
    it.each([
      [
        'JSON',
        'application/json',
        `{${keys(6000)
          .map((k) => `"${k}":0`)
          .join(',')}}`,
      ],
      ['form', 'application/x-www-form-urlencoded', keys(10000).join('=&')],
    ])(
      'refuses a %s body with thousands of keys quickly, in a small answer',
      async (_, type, body) => {
        // Each such request took 110-190 ms and answered 0.8-1.2 MB before the key cap.
        const { ms, res } = await timed(10, () =>
          request(t.url)
            .post('/api/v1/users/')
            .set(bearer(admin.access))
            .set('Content-Type', type)
            .send(body),
        );
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors).toEqual([
          { field: 'body', message: 'body has more than 100 properties' },
        ]);
        expect(res.text.length).toBeLessThan(1000);
        expect(ms).toBeLessThan(500);
      },
    );

    it('lists every unknown key when there are a few', async () => {
      const res = await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(admin.access))
        .send({ ...member, nme: 'x', agee: 1, sex: 'F' })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'nme', message: 'property nme should not exist' },
        { field: 'agee', message: 'property agee should not exist' },
        { field: 'sex', message: 'property sex should not exist' },
      ]);
    });

    it('lists the first 20 problems and counts the rest', async () => {
      const unknown = keys(90, 'x');
      const res = await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(admin.access))
        .send({ ...member, ...Object.fromEntries(unknown.map((k) => [k, 1])) })
        .expect(400);
      expect(res.body.errors).toHaveLength(21);
      expect(res.body.errors.slice(0, 20)).toEqual(
        unknown.slice(0, 20).map((k) => ({ field: k, message: `property ${k} should not exist` })),
      );
      expect(res.body.errors[20]).toEqual({ field: 'body', message: '70 more problems' });
      expect(res.body.detail).toMatch(/^property x0 should not exist; .*; 70 more problems$/);
      expect(res.body.detail).toBe(res.body.error);
    });

    it('checks a form body as it checks JSON: a NUL in a login name is a 400, not a 500', async () => {
      const res = await request(t.url)
        .post('/api/token/')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('username=ali%00ce&password=whatever-it-is')
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'username', message: 'username must not contain control characters' },
      ]);
    });

    it('caps the keys of a nested object too', async () => {
      const nested = Object.fromEntries(keys(150).map((k) => [k, 1]));
      const res = await request(t.url)
        .post('/api/v1/users/')
        .set(bearer(admin.access))
        .send({ ...member, name: nested })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'name', message: 'name has more than 100 properties' },
      ]);
    });
  });

  it('ignores thousands of unknown query parameters, keeping the declared ones', async () => {
    // The cost is pinned by validation.spec.ts: the unknown ones never reach class-validator.
    const query = `${keys(2500).join('=&')}=&date=${dayFromToday(3)}&time_slot=10:00:00`;
    const res = await request(t.url)
      .get(`/api/v1/rooms/available?${query}`)
      .set(bearer(admin.access))
      .expect(200);
    expect(res.body).toMatchObject({ date: dayFromToday(3), time_slot: '10:00:00' });
  });

  it('writes pagination links from PUBLIC_URL, never from the Host header', async () => {
    await aMember(t);
    const res = await request(t.url)
      .get('/api/v1/users/?page_size=1&page=2')
      .set(bearer(admin.access))
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example');
    expect(res.status).toBe(200);
    expect(res.body.previous).toBe(`${PUBLIC_URL}/api/v1/users/?page_size=1&page=1`);
  });

  describe('Authorization header', () => {
    it.each([
      ['junk after the token', (token: string) => `Bearer ${token} junk`],
      ['two spaces', (token: string) => `Bearer  ${token}`],
      ['a tab', (token: string) => `Bearer\t${token}`],
      ['a trailing comma', (token: string) => `Bearer ${token},`],
      ['another scheme first', (token: string) => `Basic x Bearer ${token}`],
      ['no scheme', (token: string) => token],
    ])('refuses a valid token with %s: 401 naming Bearer', async (_, header) => {
      const res = await request(t.url)
        .get('/api/v1/rooms/')
        .set('Authorization', header(admin.access));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body.detail).toBe('Authorization header must be "Bearer <token>"');
    });

    it.each([
      ['Bearer', (token: string) => `Bearer ${token}`],
      ['bearer (schemes are case-insensitive)', (token: string) => `bearer ${token}`],
    ])('accepts %s <token>', async (_, header) => {
      await request(t.url)
        .get('/api/v1/rooms/')
        .set('Authorization', header(admin.access))
        .expect(200);
    });

    it('still says no credentials were provided without the header', async () => {
      const res = await request(t.url).get('/api/v1/rooms/').expect(401);
      expect(res.body.detail).toBe('Authentication credentials were not provided');
    });
  });
});
