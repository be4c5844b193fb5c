import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('HTTP edge and foundation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports health with a database check', async () => {
    const res = await request(t.url).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
  });

  it('seeds the 15 default rooms into an empty rooms table at start', async () => {
    const { rows } = await t.db.query<{ room_type: string; n: string; cap: number }>(
      `SELECT room_type, count(*) AS n, max(capacity) AS cap FROM rooms GROUP BY room_type ORDER BY room_type`,
    );
    expect(rows).toEqual([
      { room_type: 'CONFERENCE', n: '4', cap: 6 },
      { room_type: 'PRIVATE', n: '8', cap: 1 },
      { room_type: 'SHARED_DESK', n: '3', cap: 4 },
    ]);
    const seats = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM room_seats`);
    expect(Number(seats.rows[0].n)).toBe(8 + 4 + 3 * 4);
  });

  it.each(['/health', '/health/', '/api/schema', '/api/schema/'])(
    'answers %s with and without a trailing slash',
    async (path) => {
      await request(t.url).get(path).expect(200);
    },
  );

  it('serves Swagger UI at /api/docs', async () => {
    const res = await request(t.url).get('/api/docs').redirects(2);
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });

  it('declares bearer auth in the OpenAPI document', async () => {
    const res = await request(t.url).get('/api/schema/').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('answers an unknown route with a 404 problem+json', async () => {
    const res = await request(t.url).get('/api/v1/nothing-here/').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not Found' });
    expect(res.body.error).toBe(res.body.detail);
  });

  it('answers malformed JSON with a 400 problem+json and no stack trace', async () => {
    const res = await request(t.url)
      .post('/api/v1/nothing-here/')
      .set('Content-Type', 'application/json')
      .send('{"broken": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('echoes a request id header', async () => {
    const res = await request(t.url).get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('answers an XML body with 415 problem+json', async () => {
    const res = await request(t.url)
      .post('/api/token/')
      .set('Content-Type', 'application/xml')
      .send('<username>a</username>');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers a text/plain body with 415, not a 500', async () => {
    const res = await request(t.url)
      .post('/api/token/')
      .set('Content-Type', 'text/plain')
      .send('username=a');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers an oversized body with 413 problem+json', async () => {
    const res = await request(t.url)
      .post('/api/token/')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(100 * 1024), password: 'y' }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a JSON body that is not an object with 400, not 500', async () => {
    const res = await request(t.url)
      .post('/api/token/')
      .set('Content-Type', 'application/json')
      .send('[1, 2]');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
