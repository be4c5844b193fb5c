import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { bearer, createAdmin, registerUser, registrationBody } from './support/factories';

describe('register, login and the global guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers an account whose id equals its member profile id', async () => {
    const body = registrationBody({ age: 34, gender: 'F' });
    const res = await request(t.url).post('/api/v1/register/').send(body).expect(201);
    expect(res.body).toMatchObject({
      message: 'Registration successful!',
      user: {
        username: body.username,
        email: body.email,
        role: 'user',
        profile: { name: body.name, age: 34, gender: 'F', is_child: false },
      },
    });
    expect(res.body.user.id).toBe(res.body.user.profile.id);
    expect(typeof res.body.access).toBe('string');
    expect(JSON.stringify(res.body)).not.toContain(body.password);
  });

  it('logs in with username and password', async () => {
    const user = await registerUser(t);
    const res = await request(t.url)
      .post('/api/token')
      .send({ username: user.username, password: user.password })
      .expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['access', 'refresh']);
    await request(t.url).get('/api/v1/rooms/').set(bearer(res.body.access)).expect(200);
  });

  it('refuses a wrong password with 401 problem+json', async () => {
    const user = await registerUser(t);
    const res = await request(t.url)
      .post('/api/token/')
      .send({ username: user.username, password: 'wrong-password-1' })
      .expect(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('requires a bearer token for rooms', async () => {
    const res = await request(t.url).get('/api/v1/rooms/').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('never accepts a refresh token as an access token', async () => {
    const user = await registerUser(t);
    await request(t.url).get('/api/v1/rooms/').set(bearer(user.refresh)).expect(401);
  });

  it('lists the 15 rooms in room-number order for a logged-in user', async () => {
    const admin = await createAdmin(t);
    const res = await request(t.url).get('/api/v1/rooms').set(bearer(admin.access)).expect(200);
    expect(res.body.map((room: { room_number: string }) => room.room_number)).toEqual([
      'C01',
      'C02',
      'C03',
      'C04',
      'P01',
      'P02',
      'P03',
      'P04',
      'P05',
      'P06',
      'P07',
      'P08',
      'S01',
      'S02',
      'S03',
    ]);
  });
});
