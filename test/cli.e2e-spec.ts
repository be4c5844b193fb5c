import request from 'supertest';
import { runCli } from './support/cli';
import { bearer } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

describe('CLI', () => {
  let database: string;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await dropTestDatabase(database);
  });

  it('seeds the 15 default rooms, and a second run creates nothing', async () => {
    expect(await runCli(database, 'seed')).toMatch(/^created 15 rooms: P01, P02/);
    expect(await runCli(database, 'seed')).toMatch(/already exist; nothing created/);
  });

  describe('create-admin', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ database });
    });
    afterAll(async () => {
      await t.close();
    });

    it('creates an admin who can log in and use admin endpoints', async () => {
      const out = await runCli(
        database,
        'create-admin',
        '--username',
        'chief',
        '--email',
        'chief@example.com',
        '--password',
        'Very-s3cret-pass',
      );
      expect(out).toMatch(/created admin "chief"/);
      const login = await request(t.url)
        .post('/api/token/')
        .send({ username: 'chief', password: 'Very-s3cret-pass' })
        .expect(200);
      const members = await request(t.url)
        .get('/api/v1/users/')
        .set(bearer(login.body.access))
        .expect(200);
      expect(members.body.count).toBeGreaterThanOrEqual(1);
    });

    it('promotes an existing user and resets the password', async () => {
      await request(t.url)
        .post('/api/v1/register/')
        .send({
          username: 'riley',
          email: 'riley@example.com',
          password: 'Riley-pass-123',
          password_confirm: 'Riley-pass-123',
          name: 'Riley',
          age: 40,
          gender: 'F',
        })
        .expect(201);
      expect(
        await runCli(
          database,
          'create-admin',
          '-u',
          'riley',
          '-e',
          'riley@example.com',
          '-p',
          'New-riley-pass-9',
        ),
      ).toMatch(/promoted admin "riley"/);
      const { rows } = await t.db.query<{ role: string }>(
        `SELECT role FROM accounts WHERE username = 'riley'`,
      );
      expect(rows[0].role).toBe('admin');
      await request(t.url)
        .post('/api/token/')
        .send({ username: 'riley', password: 'Riley-pass-123' })
        .expect(401);
      await request(t.url)
        .post('/api/token/')
        .send({ username: 'riley', password: 'New-riley-pass-9' })
        .expect(200);
    });

    it('refuses a weak password and writes nothing', async () => {
      const before = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM accounts`);
      await runCli(
        database,
        'create-admin',
        '-u',
        'weak',
        '-e',
        'weak@example.com',
        '-p',
        'password',
      );
      expect(process.exitCode).toBe(2);
      process.exitCode = 0;
      const after = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM accounts`);
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });
  });
});
