import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import {
  aMember,
  aTeam,
  bearer,
  createAdmin,
  registerUser,
  RegisteredUser,
} from './support/factories';
import {
  book,
  dateSequence,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface PageJson<T> {
  count: number;
  count_estimated: boolean;
  next: string | null;
  previous: string | null;
  next_cursor: string | null;
  results: T[];
}
interface BookingJson {
  id: number;
  booking_id: string;
}

/**
 * Keyset pagination (`?cursor=`) on every list beside `?page=`, the 10,000-row bound of
 * `?page=`, bounded counts, and cursors that cannot be forged.
 */
describe('history: cursors, deep pages and counts', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock() });
    tolerateTeardownTermination(t);
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (user: RegisteredUser, path: string) =>
    request(t.url).get(path).set(bearer(user.access));
  /** The path and query of an absolute `next` link (its origin is PUBLIC_URL, not the test server). */
  const pathOf = (link: string) => {
    const url = new URL(link);
    return url.pathname + url.search;
  };

  /** Follows `next` from `first` to the end, calling `between` after every page. */
  async function walk<T>(
    user: RegisteredUser,
    first: string,
    between: (pageNumber: number) => Promise<void> = () => Promise.resolve(),
  ): Promise<PageJson<T>[]> {
    const pages: PageJson<T>[] = [];
    let path: string | null = first;
    while (path !== null) {
      const res = await get(user, path).expect(200);
      const page = res.body as PageJson<T>;
      pages.push(page);
      path = page.next === null ? null : pathOf(page.next);
      await between(pages.length);
    }
    return pages;
  }

  /** Booking ids of the given rows in the list's documented order, read in SQL. */
  async function inListOrder(ids: number[]): Promise<number[]> {
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT b.id FROM bookings b WHERE b.id = ANY($1::int[])
        ORDER BY b.date, b.start_hour, b.room_id, b.id`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  describe('bookings', () => {
    let users: RegisteredUser[];
    let dates: string[];
    let seeded: number[];

    beforeAll(async () => {
      users = [await registerUser(t), await registerUser(t), await registerUser(t)];
      dates = [nextDate(), nextDate(), nextDate()];
      seeded = [];
      // Three rooms per hour (P01-P03), so pages break inside an hour.
      for (const date of dates) {
        for (const hour of ['10', '11']) {
          for (const user of users) {
            const res = await book(t, user, {
              room_type: 'PRIVATE',
              date,
              time_slot: `${hour}:00:00`,
            }).expect(201);
            seeded.push(res.body.id);
          }
        }
      }
      // A desk in the same hour as P01-P03: placed among them by its room id.
      const desk = await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t), await aMember(t)],
        date: dates[1],
        time_slot: '10:00:00',
      }).expect(201);
      seeded.push(desk.body.id);
    });

    const range = () => `date_from=${dates[0]}&date_to=${dates[2]}`;

    it('walks every row exactly once, in list order, while bookings are made between pages', async () => {
      const first = await get(admin, `/api/v1/bookings/?${range()}&page_size=4`).expect(200);
      expect(first.body.count).toBe(seeded.length);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const behind: number[] = [];
      const ahead: number[] = [];
      const pages = await walk<BookingJson>(
        admin,
        `/api/v1/bookings/?${range()}&page_size=4&cursor=${first.body.next_cursor}`,
        async (n) => {
          if (n > 3) return;
          // Before the walk's position (first date, 09:00): never shown, nothing shifts.
          const early = await book(t, await registerUser(t), {
            room_type: 'PRIVATE',
            date: dates[0],
            time_slot: '09:00:00',
          }).expect(201);
          behind.push(early.body.id);
          // After it (last date, late hours): shown once, in its place.
          const late = await book(t, await registerUser(t), {
            room_type: 'PRIVATE',
            date: dates[2],
            time_slot: `${14 + n}:00:00`,
          }).expect(201);
          ahead.push(late.body.id);
        },
      );
      const walked = [first.body as PageJson<BookingJson>, ...pages].flatMap((p) =>
        p.results.map((b) => b.id),
      );

      expect(new Set(walked).size).toBe(walked.length);
      expect(walked).toEqual(await inListOrder(walked));
      expect(walked).toEqual(expect.arrayContaining([...seeded, ...ahead]));
      expect(walked.filter((id) => behind.includes(id))).toEqual([]);
      expect(walked).toHaveLength(seeded.length + ahead.length);
      // Full pages until the last; the count is the first page's throughout the walk.
      for (const page of pages.slice(0, -1)) expect(page.results).toHaveLength(4);
      for (const page of pages) {
        expect(page).toMatchObject({
          count: seeded.length,
          count_estimated: false,
          previous: null,
        });
      }
      // Every next link of a cursor page continues by cursor, never by page number.
      const links = pages.slice(0, -1).map((page) => new URL(page.next as string).searchParams);
      expect(links.map((q) => [q.get('cursor'), q.get('page')])).toEqual(
        pages.slice(0, -1).map((page) => [page.next_cursor, null]),
      );
      expect(pages[pages.length - 1]).toMatchObject({ next: null, next_cursor: null });
    });

    it('gives a cursor page the same rows as the page number it stands for', async () => {
      const byNumber = await get(admin, `/api/v1/bookings/?${range()}&page_size=5&page=2`).expect(
        200,
      );
      const first = await get(admin, `/api/v1/bookings/?${range()}&page_size=5`).expect(200);
      const byCursor = await get(
        admin,
        `/api/v1/bookings/?${range()}&page_size=5&cursor=${first.body.next_cursor}`,
      ).expect(200);
      expect(byCursor.body.results).toEqual(byNumber.body.results);
      expect(first.body.next).toContain('page=2');
      expect(new URL(byCursor.body.next).searchParams.get('cursor')).toBe(
        byCursor.body.next_cursor,
      );
    });

    it.each([
      ['no filter', '', 'TRUE'],
      [
        'a room type',
        '&room_type=PRIVATE',
        `b.room_id IN (SELECT id FROM rooms WHERE room_type = 'PRIVATE')`,
      ],
      [
        'a room type and a status',
        '&room_type=SHARED_DESK&status=ACTIVE',
        `b.status = 'ACTIVE' AND b.room_id IN (SELECT id FROM rooms WHERE room_type = 'SHARED_DESK')`,
      ],
      ['a status', '&status=ACTIVE', `b.status = 'ACTIVE'`],
    ])('pages by number and by cursor give the list order with %s', async (_name, query, sql) => {
      const { rows } = await t.db.query<{ id: number }>(
        `SELECT b.id FROM bookings b WHERE b.date BETWEEN $1 AND $2 AND ${sql}
          ORDER BY b.date, b.start_hour, b.room_id, b.id`,
        [dates[0], dates[2]],
      );
      expect(rows.length).toBeGreaterThan(0);
      const ids = (pages: PageJson<BookingJson>[]) =>
        pages.flatMap((p) => p.results.map((b) => b.id));
      const first = `/api/v1/bookings/?${range()}${query}&page_size=2`;
      const byNumber = await walk<BookingJson>(admin, first);
      expect(ids(byNumber)).toEqual(rows.map((r) => r.id));
      if (byNumber[0].next_cursor === null) return;
      const byCursor = await walk<BookingJson>(admin, `${first}&cursor=${byNumber[0].next_cursor}`);
      expect(ids(byCursor)).toEqual(rows.slice(2).map((r) => r.id));
    });

    it('keeps a cursor in place when a room of its page is renamed', async () => {
      const first = await get(admin, `/api/v1/bookings/?${range()}&page_size=2`).expect(200);
      const { rows } = await t.db.query<{ id: number }>(
        `SELECT b.id FROM bookings b WHERE b.date BETWEEN $1 AND $2
          ORDER BY b.date, b.start_hour, b.room_id, b.id OFFSET 2`,
        [dates[0], dates[2]],
      );
      // The first page's first room takes a number that sorts after every other.
      const room = (
        first.body as PageJson<BookingJson & { room: { id: number; room_number: string } }>
      ).results[0].room;
      await request(t.url)
        .patch(`/api/v1/rooms/${room.id}`)
        .set(bearer(admin.access))
        .send({ room_number: 'ZZ-RENAMED' })
        .expect(200);
      try {
        const pages = await walk<BookingJson>(
          admin,
          `/api/v1/bookings/?${range()}&page_size=2&cursor=${first.body.next_cursor}`,
        );
        expect(pages.flatMap((p) => p.results.map((b) => b.id))).toEqual(rows.map((r) => r.id));
      } finally {
        await request(t.url)
          .patch(`/api/v1/rooms/${room.id}`)
          .set(bearer(admin.access))
          .send({ room_number: room.room_number })
          .expect(200);
      }
    });

    it("walks a member's own bookings only, counted exactly", async () => {
      const member = users[1];
      const { rows } = await t.db.query<{ id: number }>(
        `SELECT b.id FROM bookings b
          WHERE b.created_by = $1 OR EXISTS (SELECT 1 FROM booking_participants p
                  WHERE p.booking_id = b.id AND p.member_id = $1 AND p.left_at IS NULL)
          ORDER BY b.date, b.start_hour, b.room_id, b.id`,
        [member.id],
      );
      expect(rows.length).toBeGreaterThan(3);
      const pages = await walk<BookingJson>(member, '/api/v1/bookings/?page_size=2');
      expect(pages.flatMap((p) => p.results.map((b) => b.id))).toEqual(rows.map((r) => r.id));
      expect(pages[0].count).toBe(rows.length);
      expect(pages[0].next).toContain('page=2');
    });
  });

  describe('members and teams', () => {
    it('walks the members list once each while members are added between pages', async () => {
      for (let i = 0; i < 5; i++) await aMember(t);
      const before = await t.db.query<{ id: number }>(
        `SELECT id FROM members WHERE deleted_at IS NULL ORDER BY id`,
      );
      const added: number[] = [];
      const first = await get(admin, '/api/v1/users/?page_size=3').expect(200);
      const pages = await walk<{ id: number }>(
        admin,
        `/api/v1/users/?page_size=3&cursor=${first.body.next_cursor}`,
        async (n) => {
          if (n <= 2) added.push(await aMember(t));
        },
      );
      const walked = [first.body as PageJson<{ id: number }>, ...pages].flatMap((p) =>
        p.results.map((m) => m.id),
      );
      expect(walked).toEqual([...before.rows.map((r) => r.id), ...added]);
      expect(first.body.count).toBe(before.rows.length);
    });

    it('walks the teams a user may see', async () => {
      const user = await registerUser(t);
      const mine = [
        await aTeam(t, [user.id]),
        await aTeam(t, [await aMember(t)]),
        await aTeam(t, [user.id, await aMember(t)]),
        await aTeam(t, [user.id]),
      ];
      const pages = await walk<{ id: number }>(user, '/api/v1/teams/?page_size=1');
      expect(pages.flatMap((p) => p.results.map((team) => team.id))).toEqual([
        mine[0],
        mine[2],
        mine[3],
      ]);
      expect(pages[1].next).toContain('page=3');
      expect(pages[0]).toMatchObject({ count: 3, count_estimated: false });
    });
  });

  describe('bad cursors and deep pages', () => {
    const lists = ['/api/v1/bookings/', '/api/v1/users/', '/api/v1/teams/'];
    let cursors: Record<string, string>;

    beforeAll(async () => {
      while ((await get(admin, '/api/v1/teams/').expect(200)).body.count < 3) {
        await aTeam(t, [await aMember(t)]);
      }
      cursors = {};
      for (const list of lists) {
        cursors[list] = (await get(admin, `${list}?page_size=1`).expect(200)).body.next_cursor;
      }
    });

    /** Status, code and field of each answer, to compare with a 400 naming `cursor`. */
    const answersTo = async (paths: string[]) => {
      const answers = [];
      for (const path of paths) {
        const res = await get(admin, path);
        const field: unknown = res.body.errors?.[0]?.field;
        answers.push({ path, status: res.status, code: res.body.code as unknown, field });
      }
      return answers;
    };
    const refusedOnCursor = (paths: string[]) =>
      paths.map((path) => ({ path, status: 400, code: 'VALIDATION_FAILED', field: 'cursor' }));

    it.each(lists)('%s refuses malformed cursors with 400 naming cursor', async (list) => {
      const paths = ['', 'abc', 'a.b.c', '%00', '.', 'x'.repeat(2000), 'eyJhIjoxfQ.AAAA'].map(
        (bad) => `${list}?cursor=${encodeURIComponent(bad)}`,
      );
      paths.push(`${list}?cursor=a&cursor=b`);
      expect(await answersTo(paths)).toEqual(refusedOnCursor(paths));
    });

    it.each(lists)('%s refuses a tampered cursor and one of another list', async (list) => {
      const [body, signature] = cursors[list].split('.');
      const json = JSON.parse(Buffer.from(body, 'base64url').toString()) as { a: unknown };
      const forged = Buffer.from(JSON.stringify({ ...json, c: 1 })).toString('base64url');
      const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
      const other = lists.find((l) => l !== list) as string;
      const paths = [
        `${list}?cursor=${forged}.${signature}`,
        `${list}?cursor=${body}.${flipped}`,
        `${list}?cursor=${cursors[other]}`,
        `${list}?cursor=${cursors[list]}&page=1`,
      ];
      expect(await answersTo(paths)).toEqual(refusedOnCursor(paths));
      await get(admin, `${list}?cursor=${cursors[list]}`).expect(200);
    });

    it.each(lists)(
      '%s answers a page starting past 10,000 rows with 400 pointing at cursor',
      async (list) => {
        for (const query of ['page=1002', 'page_size=100&page=102', `page=${'9'.repeat(30)}`]) {
          const res = await get(admin, `${list}?${query}`).expect(400);
          expect(res.body.code).toBe('VALIDATION_FAILED');
          expect(res.body.errors[0].field).toBe('page');
          expect(res.body.detail).toContain('cursor');
        }
        // 10,000 rows deep is still a page number: past the end of a short list, a 404.
        await get(admin, `${list}?page=1001`).expect(404);
        await get(admin, `${list}?page_size=100&page=101`).expect(404);
      },
    );
  });

  // Last: it adds 10,100 members and 25,000 bookings, which every list above would see.
  describe('counts past 10,000 rows', () => {
    it('estimates the count, flagged, and still serves every page within the bound', async () => {
      await t.db.query(
        `INSERT INTO members (name, age, gender)
         SELECT 'Bulk member ' || g, 30, 'O' FROM generate_series(1, 10100) g`,
      );
      await t.db.query('ANALYZE members');
      const exact = Number(
        (
          await t.db.query<{ n: string }>(
            `SELECT count(*) AS n FROM members WHERE deleted_at IS NULL`,
          )
        ).rows[0].n,
      );
      const first = await get(admin, '/api/v1/users/').expect(200);
      expect(first.body.count_estimated).toBe(true);
      expect(first.body.count).toBeGreaterThan(10_000);
      expect(Math.abs(first.body.count - exact) / exact).toBeLessThan(0.1);

      const deepest = await get(admin, '/api/v1/users/?page_size=100&page=101').expect(200);
      expect(deepest.body.results).toHaveLength(100);
      expect(deepest.body.results[0].id).toBe(
        (
          await t.db.query<{ id: number }>(
            `SELECT id FROM members WHERE deleted_at IS NULL ORDER BY id OFFSET 10000 LIMIT 1`,
          )
        ).rows[0].id,
      );
      // Its next page would start past the bound: `next` continues by cursor.
      const next = new URL(deepest.body.next);
      expect(next.searchParams.get('page')).toBeNull();
      expect(next.searchParams.get('cursor')).toBe(deepest.body.next_cursor);
      const after = await get(admin, pathOf(deepest.body.next)).expect(200);
      expect(after.body.results[0].id).toBeGreaterThan(deepest.body.results[99].id);
      expect(after.body).toMatchObject({ count: deepest.body.count, count_estimated: true });
    });

    it("answers the whole bookings list's count from the statistics, counting no rows", async () => {
      const bookings = () =>
        t.db
          .query<{ n: string }>('SELECT count(*) AS n FROM bookings')
          .then((r) => Number(r.rows[0].n));
      const countOf = async (path: string) => {
        const { count, count_estimated } = (await get(admin, path).expect(200))
          .body as PageJson<unknown>;
        return { count, count_estimated };
      };
      // Autovacuum would refresh the statistics at its own time: here the spec does, with ANALYZE.
      await t.db.query('ALTER TABLE bookings SET (autovacuum_enabled = false)');
      const room = await t.db.query<{ id: number }>(`SELECT min(id) AS id FROM rooms`);
      await t.db.query(
        `INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, created_by)
         SELECT 'BKBULK' || g, $1::int, $2::int, DATE '2090-01-01' + g / 9, 9 + g % 9, 10 + g % 9, $2::int
         FROM generate_series(0, 24999) g`,
        [room.rows[0].id, admin.id],
      );
      await t.db.query('ANALYZE bookings');
      const exact = await bookings();
      const whole = await countOf('/api/v1/bookings/');
      expect(whole.count_estimated).toBe(true);
      expect(Math.abs(whole.count - exact) / exact).toBeLessThan(0.1);

      // Gone but not yet analysed: a count would see it, the statistics do not.
      await t.db.query(`DELETE FROM bookings WHERE booking_id LIKE 'BKBULK%'`);
      const left = await bookings();
      expect(left).toBeLessThan(1000);
      expect(await countOf('/api/v1/bookings/')).toEqual(whole);
      // A filtered list is still counted (its estimate is the planner's guess at a selectivity).
      expect(await countOf('/api/v1/bookings/?date_from=2000-01-01')).toEqual({
        count: left,
        count_estimated: false,
      });
      await t.db.query('ANALYZE bookings');
      expect(await countOf('/api/v1/bookings/')).toEqual({ count: left, count_estimated: false });
      await t.db.query('ALTER TABLE bookings RESET (autovacuum_enabled)');
    });
  });
});
