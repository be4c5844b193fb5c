import { Client } from 'pg';
import request from 'supertest';
import { runCli } from './support/cli';
import { bearer } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, dropTestDatabase, testServerUrl } from './support/test-database';

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

    it('promotes an existing user, resetting the password only with --reset-password', async () => {
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
      const loginAs = (password: string) =>
        request(t.url).post('/api/token/').send({ username: 'riley', password });
      // Without --reset-password the existing password is kept, whatever -p says.
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
      ).toMatch(/promoted \(password kept\) admin "riley"/);
      const { rows } = await t.db.query<{ role: string }>(
        `SELECT role FROM accounts WHERE username = 'riley'`,
      );
      expect(rows[0].role).toBe('admin');
      await loginAs('Riley-pass-123').expect(200);
      await loginAs('New-riley-pass-9').expect(401);
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
          '--reset-password',
        ),
      ).toMatch(/promoted \(password reset\) admin "riley"/);
      await loginAs('Riley-pass-123').expect(401);
      await loginAs('New-riley-pass-9').expect(200);
    });

    it('set-role demotes and promotes, never the last active admin', async () => {
      const roleOf = async (username: string) =>
        (await t.db.query(`SELECT role FROM accounts WHERE username = $1`, [username])).rows[0]
          .role;
      await t.db.query(`UPDATE accounts SET role = 'user' WHERE username <> 'riley'`);
      await t.db.query(`UPDATE accounts SET role = 'admin' WHERE username = 'riley'`);
      await runCli(database, 'set-role', '-u', 'riley', '-r', 'user');
      expect(process.exitCode).toBe(2);
      process.exitCode = 0;
      expect(await roleOf('riley')).toBe('admin');
      const { rows } = await t.db.query<{ username: string }>(
        `SELECT username FROM accounts WHERE username <> 'riley' ORDER BY id LIMIT 1`,
      );
      const other = rows[0].username;
      expect(await runCli(database, 'set-role', '-u', other, '-r', 'admin')).toMatch(
        /is now admin/,
      );
      expect(await roleOf(other)).toBe('admin');
      expect(await runCli(database, 'set-role', '-u', 'riley', '-r', 'user')).toMatch(
        /is now user/,
      );
      expect(await roleOf('riley')).toBe('user');
      await runCli(database, 'set-role', '-u', 'nobody-here', '-r', 'user');
      expect(process.exitCode).toBe(2);
      process.exitCode = 0;
      await runCli(database, 'set-role', '-u', other, '-r', 'owner');
      expect(process.exitCode).toBe(2);
      process.exitCode = 0;
      expect(await roleOf(other)).toBe('admin');
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

  describe('add-room', () => {
    it('creates a desk with its seats, as POST /api/v1/rooms/ does', async () => {
      const out = await runCli(
        database,
        'add-room',
        '--number',
        's-07',
        '--type',
        'shared_desk',
        '--capacity',
        '6',
      );
      expect(out).toMatch(/^created room S-07 \(SHARED_DESK, capacity 6, id \d+\)/);
      const { rows } = await queryDatabase(
        `SELECT count(*)::int AS seats FROM room_seats s JOIN rooms r ON r.id = s.room_id
          WHERE r.room_number = 'S-07'`,
      );
      expect(rows[0].seats).toBe(6);
    });

    it.each([
      [['--number', 'S-07', '--type', 'SHARED_DESK', '--capacity', '4']],
      [['--number', 'P 11', '--type', 'PRIVATE', '--capacity', '1']],
      [['--number', 'P11', '--type', 'PRIVATE', '--capacity', '2']],
      [['--number', 'C11', '--type', 'CONFERENCE', '--capacity', 'six']],
    ])('refuses %j with exit code 2 and writes nothing', async (args) => {
      const before = (await queryDatabase(`SELECT count(*)::int AS n FROM rooms`)).rows[0].n;
      await runCli(database, 'add-room', ...args);
      expect(process.exitCode).toBe(2);
      process.exitCode = 0;
      expect((await queryDatabase(`SELECT count(*)::int AS n FROM rooms`)).rows[0].n).toBe(before);
    });
  });

  async function queryDatabase(sql: string) {
    const client = new Client({ connectionString: testServerUrl(database) });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  }
});
