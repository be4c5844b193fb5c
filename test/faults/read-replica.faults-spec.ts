import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/database';
import { ApiProcess, JWT_SECRET, startApi } from './support/api-process';
import { call } from './support/http';
import { sleep } from './support/pg-server';
import { ReplicatedPair, startReplicatedPair } from './support/replication';
import { dayFromToday, Member, seedMembers } from './support/seed';

/**
 * DATABASE_READ_URL on a real streaming replica: bookings are decided on the primary, the
 * read-only endpoints read the replica (shown by pausing its WAL replay: a booking the primary
 * confirmed is missing from the lists until replay resumes), and when the replica stops every
 * read still answers 200 from the primary while booking goes on; once it is back (after the
 * few seconds it is left alone) reads go to it again.
 */
describe('read replica (DATABASE_READ_URL)', () => {
  let pair: ReplicatedPair;
  let primary: Pool;
  let replica: Pool;
  let api: ApiProcess;
  let members: Member[];
  const date = dayFromToday(3);
  let day = 3;

  beforeAll(async () => {
    pair = await startReplicatedPair(async (url) => {
      const admin = new Client({ connectionString: url });
      await admin.connect();
      await admin.query('CREATE ROLE replicator WITH REPLICATION LOGIN');
      await admin.query('CREATE DATABASE booking');
      await admin.end();
      const bookingUrl = url.replace(/\/postgres$/, '/booking');
      const dataSource = new DataSource(buildDataSourceOptions({ url: bookingUrl, poolSize: 2 }));
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await dataSource.destroy();
    });
    primary = new Pool({ connectionString: pair.primary.url('booking'), max: 2 });
    replica = new Pool({ connectionString: pair.replica.url('booking'), max: 2 });
    replica.on('error', () => undefined);
    members = await seedMembers(primary, 3, JWT_SECRET);
    api = await startApi(pair.primary.url('booking'), {
      DATABASE_READ_URL: pair.replica.url('booking'),
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    await api?.stop();
    await primary?.end().catch(() => undefined);
    await replica?.end().catch(() => undefined);
    await pair?.destroy();
  });

  // One booking per member and day: each on the next day, 10:00-11:00.
  const book = (member: Member, on = dayFromToday(day++)) =>
    call(api.url, 'POST', '/api/v1/bookings/', member.token, {
      room_type: 'PRIVATE',
      date: on,
      time_slot: '10:00',
      end_time: '11:00',
    });
  const myBookingIds = async (member: Member) => {
    const answer = await call(api.url, 'GET', '/api/v1/bookings/my-bookings', member.token);
    expect(answer.status).toBe(200);
    return (answer.body!.active as { booking_id: string }[]).map((b) => b.booking_id);
  };
  const caughtUp = async () => {
    for (let i = 0; i < 100; i++) {
      const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn() AS lsn');
      const lag = await replica.query<{ behind: boolean }>(
        'SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind',
        [rows[0].lsn],
      );
      if (!lag.rows[0].behind) return;
      await sleep(50);
    }
    throw new Error('replica did not catch up within 5 s');
  };
  const readsAnswer200 = async (member: Member) => {
    const paths = [
      `/api/v1/rooms/available/?date=${date}&time_slot=16:00`,
      `/api/v1/rooms/availability/?date=${date}`,
      '/api/v1/rooms/',
      '/api/v1/bookings/',
      '/api/v1/bookings/my-bookings',
      '/api/v1/teams/',
    ];
    const statuses = await Promise.all(
      paths.map(async (path) => (await call(api.url, 'GET', path, member.token)).status),
    );
    expect(Object.fromEntries(paths.map((p, i) => [p, statuses[i]]))).toEqual(
      Object.fromEntries(paths.map((p) => [p, 200])),
    );
  };

  it('books on the primary, reads the replica, and keeps reading from the primary while the replica is down', async () => {
    const [ann, bob] = members;
    expect((await replica.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);

    // Streaming: a booking made on the primary shows in the reads once replayed.
    const first = await book(ann);
    expect(first.status).toBe(201);
    await caughtUp();
    expect(await myBookingIds(ann)).toEqual([first.body!.booking_id]);
    await readsAnswer200(ann);

    // Replay paused: the primary confirms a booking the lists (read on the replica) lack...
    await replica.query('SELECT pg_wal_replay_pause()');
    const second = await book(ann);
    expect(second.status).toBe(201);
    const secondId = second.body!.booking_id as string;
    expect(await myBookingIds(ann)).toEqual([first.body!.booking_id]);
    const list = await call(api.url, 'GET', '/api/v1/bookings/', ann.token);
    expect((list.body!.results as { booking_id: string }[]).map((b) => b.booking_id)).toEqual([
      first.body!.booking_id,
    ]);
    // ...but the booking itself is found: a miss on the replica asks the primary.
    const own = await call(api.url, 'GET', `/api/v1/bookings/${secondId}`, ann.token);
    expect(own.status).toBe(200);
    // The booking decision read the primary: the hour it took is not offered twice.
    const again = await book(bob, second.body!.date as string);
    expect(again.status).toBe(201);
    const roomOf = (answer: typeof again) => (answer.body!.room as { id: number }).id;
    expect(roomOf(again)).not.toBe(roomOf(second));
    await replica.query('SELECT pg_wal_replay_resume()');
    await caughtUp();
    expect((await myBookingIds(ann)).sort()).toEqual([first.body!.booking_id, secondId].sort());

    // The replica goes away: reads answer 200 from the primary, bookings go on.
    await pair.replica.stop();
    await readsAnswer200(ann);
    const during = await book(ann);
    expect(during.status).toBe(201);
    expect(await myBookingIds(ann)).toContain(during.body!.booking_id);
    await readsAnswer200(bob);
    const warnings = api.output().match(/read replica unreachable/g) ?? [];
    expect(warnings).toHaveLength(1);

    // Back: after the few seconds it is left alone, reads go to the replica again.
    await pair.replica.start();
    await caughtUp();
    await sleep(5500);
    // The log line reaches this process through the child's stdout pipe, a little later than
    // the answer; a loaded machine may also need a read or two more.
    const deadline = Date.now() + 15000;
    do {
      await myBookingIds(ann);
      await sleep(500);
    } while (!/read replica reachable again/.test(api.output()) && Date.now() < deadline);
    expect(api.output()).toMatch(/read replica reachable again/);
    await replica.query('SELECT pg_wal_replay_pause()');
    const after = await book(ann);
    expect(after.status).toBe(201);
    expect(await myBookingIds(ann)).not.toContain(after.body!.booking_id);
    await replica.query('SELECT pg_wal_replay_resume()');
    process.stdout.write(
      `[faults] read replica: ${day - 3 + 1} bookings on the primary; lists read the replica, fell back to the primary while it was down, and returned to it\n`,
    );
  });
});
