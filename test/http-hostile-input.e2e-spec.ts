import { connect } from 'node:net';
import request from 'supertest';
import {
  bearer,
  createAdmin,
  dayFromToday,
  registerUser,
  registrationBody,
  RegisteredUser,
} from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Hostile or odd input at the HTTP edge: every answer is a 4xx problem+json that names what
 * was wrong, nothing reaches the database that cannot be stored, and no 500.
 */
describe('HTTP edge: hostile input', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const isProblem = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
    expect(res.body.error).toBe(res.body.detail);
  };

  const postRaw = (path: string, body: string, contentType = 'application/json') =>
    request(t.url).post(path).set(bearer(admin.access)).set('Content-Type', contentType).send(body);

  it.each([
    ['NUL', 'a\u0000b', 'control characters'],
    ['a bell', 'a\u0007b', 'control characters'],
    ['a lone surrogate', 'x\ud800y', 'valid Unicode'],
  ])('refuses %s in a string field with 400 naming the field', async (_what, name, message) => {
    const res = await request(t.url)
      .post('/api/v1/users/')
      .set(bearer(admin.access))
      .send({ name, age: 30, gender: 'F' });
    isProblem(res, 400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'name', message: expect.stringContaining(message) }]);
  });

  it('refuses NUL in a login name with 400 rather than reaching the database', async () => {
    const res = await request(t.url)
      .post('/api/token/')
      .send({ username: 'ali\u0000ce', password: 'whatever-it-is' });
    isProblem(res, 400);
    expect(res.body.errors[0].field).toBe('username');
  });

  it('refuses a lone surrogate in a registration email with 400', async () => {
    const res = await request(t.url)
      .post('/api/v1/register/')
      .send(registrationBody({ email: '\ud800' }));
    isProblem(res, 400);
    expect(res.body.errors[0].field).toBe('email');
  });

  it('keeps tab and newline, which are text', async () => {
    const res = await request(t.url)
      .post('/api/v1/users/')
      .set(bearer(admin.access))
      .send({ name: 'Tab\there', age: 30, gender: 'F' });
    expect(res.status).toBe(201);
  });

  it.each([
    ['arrays', `{"username":${'['.repeat(20000)}${']'.repeat(20000)},"password":"x"}`],
    ['objects', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
  ])('refuses %s nested far too deep with 400, not a stack overflow', async (_what, body) => {
    const res = await postRaw('/api/token/', body);
    isProblem(res, 400);
    expect(res.body.detail).toMatch(/deeper than 32 levels/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses a %s key with 400 naming it',
    async (key) => {
      const res = await postRaw(
        '/api/v1/users/',
        `{"name":"Proto","age":30,"gender":"F","${key}":{"role":"admin"}}`,
      );
      isProblem(res, 400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.detail).toBe(`property "${key}" is not allowed`);
    },
  );

  it('refuses a body that is not UTF-8 with 400', async () => {
    // fetch sends the bytes as they are (superagent would JSON-encode a Buffer).
    const res = await fetch(`${t.url}/api/v1/users/`, {
      method: 'POST',
      headers: { ...bearer(admin.access), 'Content-Type': 'application/json' },
      body: Buffer.concat([
        Buffer.from('{"name":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('","age":30,"gender":"F"}'),
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 400, detail: 'Body is not valid UTF-8' });
  });

  it('refuses JSON declared in another charset, and text/plain, with 415', async () => {
    isProblem(
      await postRaw(
        '/api/token/',
        '{"username":"a","password":"b"}',
        'application/json; charset=latin1',
      ),
      415,
    );
    isProblem(await postRaw('/api/token/', '{"username":"a","password":"b"}', 'text/plain'), 415);
  });

  it('reports broken JSON as such', async () => {
    const res = await postRaw('/api/token/', '{"username":');
    isProblem(res, 400);
    expect(res.body.detail).toBe('Body is not valid JSON');
  });

  it('cancels with a JSON content type and an empty body', async () => {
    const user = await registerUser(t);
    const booked = await request(t.url)
      .post('/api/v1/bookings/')
      .set(bearer(user.access))
      .send({ room_type: 'PRIVATE', date: dayFromToday(2), time_slot: '11:00:00' })
      .expect(201);
    const res = await request(t.url)
      .post(`/api/v1/cancel/${booked.body.booking_id}/`)
      .set(bearer(user.access))
      .set('Content-Type', 'application/json')
      .send('');
    expect(res.status).toBe(200);
  });

  it('says "is required" once for a missing field', async () => {
    const res = await request(t.url).post('/api/token/').send({ password: 'x' });
    isProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'username', message: 'username is required' }]);
  });

  it('says "must be an array" alone for a desk party that is not one', async () => {
    const res = await request(t.url)
      .post('/api/v1/bookings/')
      .set(bearer(admin.access))
      .send({
        room_type: 'SHARED_DESK',
        date: dayFromToday(2),
        time_slot: '10:00:00',
        user_ids: 8,
      });
    isProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'user_ids', message: 'user_ids must be an array' }]);
  });

  it('does not echo a form key that holds a whole JSON document (it may carry a password)', async () => {
    const res = await request(t.url)
      .post('/api/token/')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('{"username":"admin","password":"S3cret-Passw0rd!"}');
    isProblem(res, 400);
    expect(JSON.stringify(res.body)).not.toContain('S3cret');
  });

  it.each(['%', '%ZZ', '%C0%AF'])(
    'answers bad percent-encoding %s in a path with a 400 problem',
    async (segment) => {
      const res = await request(t.url).get(`/api/v1/users/${segment}/`).set(bearer(admin.access));
      isProblem(res, 400);
      expect(res.body.code).toBe('MALFORMED_REQUEST');
    },
  );

  it('answers a path id longer than any id with a 404 problem, not a bare 414', async () => {
    const res = await request(t.url)
      .get(`/api/v1/bookings/${'B'.repeat(5000)}/`)
      .set(bearer(admin.access));
    isProblem(res, 404);
  });

  it.each([
    ['PUT', '/api/v1/users/', 'GET, HEAD, POST'],
    ['GET', '/api/token/', 'POST'],
    ['DELETE', '/api/v1/rooms', 'GET, HEAD, POST'],
    ['GET', '/api/v1/cancel/BK20300101100000P01/', 'POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const res = await request(t.url)[method.toLowerCase() as 'get'](path).set(bearer(admin.access));
    isProblem(res, 405);
    expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe(allow);
  });

  it('still answers an unknown path with 404', async () => {
    isProblem(await request(t.url).put('/api/v1/nothing/').set(bearer(admin.access)), 404);
  });

  it('names the Bearer scheme on every 401', async () => {
    const res = await request(t.url).get('/api/v1/rooms/');
    isProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('answers HTTP the parser refuses (oversized headers) with a problem+json', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(t.url).port), '127.0.0.1', () => {
        socket.write(
          `GET /api/v1/rooms/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
        );
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/Content-Type: application\/problem\+json/i);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status: 431, code: 'MALFORMED_REQUEST' });
  });

  it('stored nothing from the refused requests', async () => {
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM members WHERE name LIKE 'Proto%' OR name LIKE 'a%b'`,
    );
    expect(rows[0].n).toBe(0);
  });
});
