import { Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { queryStatement, runInTransaction, Statement } from '@app/database';
import { Member } from '@app/users';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The transaction helper on the app's own DataSource and PostgreSQL: what it commits, what it
 * rolls back, which connections it hands back to the pool and which it closes, and what it
 * retries. The booking specs cover it only through its happy path and domain refusals.
 */
describe('runInTransaction', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let roomId: number;
  let otherRoomId: number;
  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    const { rows } = await t.db.query<{ id: number }>(`SELECT id FROM rooms ORDER BY id LIMIT 2`);
    [roomId, otherRoomId] = rows.map((row) => row.id);
  });
  afterAll(async () => {
    await t.close();
  });

  // Each test its own far date, so the room_days rows of one never meet another's.
  let day = 0;
  const nextDate = () => `2090-01-${String(++day).padStart(2, '0')}`;

  const insertDay: Statement = {
    name: 'bt_insert_day',
    text: `INSERT INTO room_days (room_id, date) VALUES ($1, $2) RETURNING room_id`,
  };
  const lockDay: Statement = {
    name: 'bt_lock_day',
    text: `SELECT room_id FROM room_days WHERE room_id = $1 AND date = $2 FOR UPDATE`,
  };
  const backendPid: Statement = {
    name: 'bt_backend_pid',
    text: `SELECT pg_backend_pid() AS pid`,
  };
  const divide: Statement = {
    name: 'bt_divide',
    text: `SELECT 10 / $1 AS q`,
  };

  const daysOn = async (date: string) =>
    (await t.db.query(`SELECT 1 FROM room_days WHERE date = $1`, [date])).rowCount;

  /** The session's state as PostgreSQL sees it; null once the connection is gone. */
  const sessionState = async (pid: number) =>
    (
      await t.db.query<{ state: string }>(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [
        pid,
      ])
    ).rows[0]?.state ?? null;

  it('returns the rows of each call in order and commits with the last batch', async () => {
    const date = nextDate();
    const rows = await runInTransaction(dataSource, async (tx) => {
      const [pid, inserted] = await tx.run([
        { statement: backendPid, values: [] },
        { statement: insertDay, values: [roomId, date] },
      ]);
      expect(pid).toEqual([{ pid: expect.any(Number) }]);
      expect(inserted).toEqual([{ room_id: roomId }]);
      return tx.runAndCommit([{ statement: divide, values: [5] }]);
    });
    expect(rows).toEqual([[{ q: 2 }]]);
    expect(await daysOn(date)).toBe(1);
  });

  it('writes each batch to the socket once: BEGIN with the first, COMMIT with the last', async () => {
    const date = nextDate();
    // Warm: the pool holds an idle connection, so the count below sees no connection start-up.
    await runInTransaction(dataSource, (tx) =>
      tx.runAndCommit([{ statement: divide, values: [1] }]),
    );
    const proto = Socket.prototype as unknown as Record<
      '_write' | '_writev',
      (...args: unknown[]) => unknown
    >;
    const original = { _write: proto._write, _writev: proto._writev };
    let writes = 0;
    for (const name of ['_write', '_writev'] as const) {
      proto[name] = function (this: Socket, ...args: unknown[]) {
        writes++;
        return original[name].apply(this, args);
      };
    }
    const seen: number[] = [];
    try {
      await runInTransaction(dataSource, async (tx) => {
        seen.push(writes);
        await tx.run([
          { statement: insertDay, values: [roomId, date] },
          { statement: lockDay, values: [roomId, date] },
        ]);
        seen.push(writes);
        await tx.runAndCommit([
          { statement: insertDay, values: [otherRoomId, date] },
          { statement: lockDay, values: [otherRoomId, date] },
        ]);
        seen.push(writes);
      });
    } finally {
      Object.assign(proto, original);
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(await daysOn(date)).toBe(2);
  });

  it('queryStatement reads on the pool outside a transaction, on its connection inside one', async () => {
    const [outside] = await queryStatement<{ pid: number }>(dataSource.manager, backendPid, []);
    expect(outside.pid).toEqual(expect.any(Number));
    const pids = await runInTransaction(dataSource, async (tx) => {
      const [[own]] = (await tx.run([{ statement: backendPid, values: [] }])) as [
        { pid: number }[],
      ];
      const [read] = await queryStatement<{ pid: number }>(tx.manager, backendPid, []);
      return { own: own.pid, read: read.pid };
    });
    expect(pids.read).toBe(pids.own);
  });

  it('commits after the work when the work never called runAndCommit', async () => {
    const date = nextDate();
    await runInTransaction(dataSource, (tx) =>
      tx.run([{ statement: insertDay, values: [roomId, date] }]),
    );
    expect(await daysOn(date)).toBe(1);
  });

  it('rolls back when the work throws between batches, and hands back an idle connection', async () => {
    const date = nextDate();
    let pid = 0;
    await expect(
      runInTransaction(dataSource, async (tx) => {
        const [rows] = await tx.run([
          { statement: backendPid, values: [] },
          { statement: insertDay, values: [roomId, date] },
        ]);
        pid = (rows[0] as { pid: number }).pid;
        throw new Error('decided against it');
      }),
    ).rejects.toThrow('decided against it');
    expect(await daysOn(date)).toBe(0);
    // Not left "idle in transaction" holding the row's lock for the next borrower.
    expect(await sessionState(pid)).toBe('idle');
  });

  it('rolls back a batch that fails midway: the earlier statements of it are undone too', async () => {
    const [date, earlier] = [nextDate(), nextDate()];
    let pid = 0;
    const failing = runInTransaction(dataSource, async (tx) => {
      // Every statement prepared by a batch that succeeds, so the failing one prepares nothing.
      const [rows] = await tx.run([
        { statement: backendPid, values: [] },
        { statement: insertDay, values: [roomId, earlier] },
        { statement: divide, values: [1] },
      ]);
      pid = (rows[0] as { pid: number }).pid;
      await tx.runAndCommit([
        { statement: insertDay, values: [roomId, date] },
        { statement: divide, values: [0] },
      ]);
    });
    await expect(failing).rejects.toMatchObject({ code: '22012' });
    expect([await daysOn(date), await daysOn(earlier)]).toEqual([0, 0]);
    expect(await sessionState(pid)).toBe('idle');
  });

  it('parses a statement again after its first run failed, on the same connection', async () => {
    // A statement this test alone uses: its Parse travels with the failing run.
    const fresh: Statement = { ...divide, name: 'bt_divide_fresh' };
    let pid = 0;
    await expect(
      runInTransaction(dataSource, async (tx) => {
        const [rows] = await tx.run([{ statement: backendPid, values: [] }]);
        pid = (rows[0] as { pid: number }).pid;
        await tx.run([{ statement: fresh, values: [0] }]);
      }),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await sessionState(pid)).toBe('idle');
    const [rows] = await runInTransaction(dataSource, (tx) =>
      tx.runAndCommit([{ statement: fresh, values: [2] }]),
    );
    expect(rows).toEqual([{ q: 5 }]);
  });

  it('fails fast when the server ends the session mid-way, and the pool never hands it out again', async () => {
    let pid = 0;
    await expect(
      runInTransaction(dataSource, async (tx) => {
        const [rows] = await tx.run([{ statement: backendPid, values: [] }]);
        pid = (rows[0] as { pid: number }).pid;
        await t.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
        await tx.run([{ statement: divide, values: [1] }]);
      }),
    ).rejects.toThrow();
    const pids = await Promise.all(
      Array.from({ length: 30 }, () =>
        runInTransaction(dataSource, async (tx) => {
          const [rows] = await tx.runAndCommit([{ statement: backendPid, values: [] }]);
          return (rows[0] as { pid: number }).pid;
        }),
      ),
    );
    expect(pids).not.toContain(pid);
  });

  it('passes values as parameters, never as SQL text', async () => {
    const echo: Statement = { name: 'bt_echo', text: `SELECT $1::text AS v, $2::int[] AS a` };
    const nasty = `'); DROP TABLE room_days; -- \\ $$ "x"`;
    const [rows] = await runInTransaction(dataSource, (tx) =>
      tx.runAndCommit([{ statement: echo, values: [nasty, [1, null, 3]] }]),
    );
    expect(rows).toEqual([{ v: nasty, a: [1, null, 3] }]);
    expect(await daysOn(nextDate())).toBe(0);
  });

  it('keeps TypeORM inside the transaction: a save() in the work is rolled back with it', async () => {
    const name = `rolled back ${Date.now()}`;
    await expect(
      runInTransaction(dataSource, async ({ manager }) => {
        await manager.save(Member, manager.create(Member, { name, age: 30, gender: 'O' }));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rowCount } = await t.db.query(`SELECT 1 FROM members WHERE name = $1`, [name]);
    expect(rowCount).toBe(0);
  });

  it('commits work done through the manager alone', async () => {
    const date = nextDate();
    await runInTransaction(dataSource, async ({ manager }) => {
      await manager.query(`INSERT INTO room_days (room_id, date) VALUES ($1, $2)`, [roomId, date]);
    });
    expect(await daysOn(date)).toBe(1);
  });

  it('refuses to run anything after runAndCommit', async () => {
    await expect(
      runInTransaction(dataSource, async (tx) => {
        await tx.runAndCommit([{ statement: divide, values: [1] }]);
        await tx.run([{ statement: divide, values: [1] }]);
      }),
    ).rejects.toThrow('already committed');
  });

  it('reruns the loser of a deadlock as a new transaction, so both commit', async () => {
    const date = nextDate();
    const [first, second] = [roomId, otherRoomId];
    await t.db.query(`INSERT INTO room_days (room_id, date) VALUES ($1, $3), ($2, $3)`, [
      first,
      second,
      date,
    ]);
    let bothHoldOne: () => void = () => undefined;
    let held = 0;
    const barrier = new Promise<void>((resolve) => (bothHoldOne = resolve));
    let attempts = 0;
    // Each locks one row, waits until the other holds the other row, then asks for it.
    const crossing = (mine: number, theirs: number) =>
      runInTransaction(dataSource, async (tx) => {
        const attempt = ++attempts;
        await tx.run([{ statement: lockDay, values: [mine, date] }]);
        if (attempt <= 2 && ++held === 2) bothHoldOne();
        if (attempt <= 2) await barrier;
        const [rows] = await tx.runAndCommit([{ statement: lockDay, values: [theirs, date] }]);
        return rows;
      });
    const results = await Promise.all([crossing(first, second), crossing(second, first)]);
    expect(results).toEqual([[{ room_id: second }], [{ room_id: first }]]);
    // PostgreSQL aborted one of the two (40P01); it ran once more.
    expect(attempts).toBe(3);
  });
});
