import request from 'supertest';
import { FreedHours, HoursFreedHooks } from '@app/bookings';
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
  Booker,
  NOW,
  TODAY,
  addDaysTo,
  book,
  invariantViolations,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface BookingJson {
  id?: number;
  booking_id?: string;
  date: string;
  status: string;
  series_id: string | null;
  room: { room_number: string };
  seats: { seat_number: number | null; user: { id: number } }[];
}
interface SeriesJson {
  series_id: string | null;
  room_type: string;
  recurrence: Record<string, unknown>;
  booked: BookingJson[];
  skipped?: { date: string; code: string; detail: string }[];
  code?: string;
  errors?: { field: string; message: string; code?: string }[];
}

const HORIZON_DAYS = 3650;
const at = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;

/** Recurring series (CAPABILITIES.md section 1), on the real database. */
describe('recurring series', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let ada: RegisteredUser;
  let now = new Date(NOW);
  let block = 0;
  /** A fresh stretch of 25 days per call (a weekly series of 3 spans 15), so tests never meet. */
  const freshStart = () => addDaysTo(TODAY, 1 + 25 * block++);
  const freed: FreedHours[][] = [];

  beforeAll(async () => {
    t = await startTestApp({
      clock: { now: () => now },
      env: { BOOKING_HORIZON_DAYS: String(HORIZON_DAYS) },
    });
    tolerateTeardownTermination(t);
    t.app.get(HoursFreedHooks).register((_tx, hours) => {
      freed.push(hours);
      return Promise.resolve();
    });
    admin = await createAdmin(t);
    ada = await registerUser(t, { name: 'Ada' });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    now = new Date(NOW);
  });

  const postSeries = (user: Booker, body: object, key?: string) => {
    const req = request(t.url).post('/api/v1/bookings/series/').set(bearer(user.access));
    if (key) void req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const getSeries = (user: Booker, id: string) =>
    request(t.url).get(`/api/v1/series/${id}/`).set(bearer(user.access));
  const cancelSeries = (user: Booker, id: string, body?: object, key?: string) => {
    const req = request(t.url).post(`/api/v1/series/${id}/cancel/`).set(bearer(user.access));
    if (key) void req.set('Idempotency-Key', key);
    return body ? req.send(body) : req.send();
  };
  const weekly = (start: string, extra: object = {}) => ({
    room_type: 'PRIVATE',
    time_slot: '10:00:00',
    start_date: start,
    recurrence: { frequency: 'WEEKLY', count: 3 },
    ...extra,
  });
  /** Walk-ins booked by the admin into the named private rooms at 10:00 on a date. */
  async function fill(date: string, roomNumbers: string[], hour = 10) {
    for (const roomNumber of roomNumbers) {
      const userId = await aMember(t);
      await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: userId,
        date,
        time_slot: at(hour),
        room_number: roomNumber,
      }).expect(201);
    }
  }
  const rooms = (series: SeriesJson) => series.booked.map((b) => b.room.room_number);
  const counts = async () => {
    const { rows } = await t.db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM bookings) AS bookings,
              (SELECT count(*)::int FROM booking_series) AS series,
              (SELECT count(*)::int FROM booking_participants) AS participants,
              (SELECT count(*)::int FROM room_claims) AS room_claims,
              (SELECT count(*)::int FROM member_claims) AS member_claims,
              (SELECT count(*)::int FROM room_days) AS room_days,
              (SELECT count(*)::int FROM idempotency_keys) AS keys`,
    );
    return rows[0];
  };

  describe('create', () => {
    it('books every occurrence in one room, each an ordinary booking carrying series_id', async () => {
      const start = freshStart(); // a Wednesday or later weekday: the default weekday is its own
      const res = await postSeries(ada, weekly(start)).expect(201);
      const body = res.body as SeriesJson;
      expect(body.series_id).toMatch(/^SR[0-9A-Z]{10,}$/);
      expect(body.room_type).toBe('PRIVATE');
      expect(body.recurrence).toMatchObject({ frequency: 'WEEKLY', interval: 1, count: 3 });
      expect((body.recurrence.weekdays as string[]).length).toBe(1);
      expect(body.skipped).toEqual([]);
      expect(body.booked.map((b) => b.date)).toEqual([
        start,
        addDaysTo(start, 7),
        addDaysTo(start, 14),
      ]);
      expect(rooms(body)).toEqual(['P01', 'P01', 'P01']);
      expect(
        body.booked.every((b) => b.series_id === body.series_id && b.status === 'ACTIVE'),
      ).toBe(true);
      // An ordinary booking: readable alone, in the lists, with its series.
      const one = await request(t.url)
        .get(`/api/v1/bookings/${body.booked[1].booking_id}/`)
        .set(bearer(ada.access))
        .expect(200);
      expect(one.body.series_id).toBe(body.series_id);
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM bookings WHERE series_id = $1 AND status = 'ACTIVE'`,
        [body.series_id],
      );
      expect(rows[0].n).toBe(3);
    });

    it('prefers the first room free on every occurrence', async () => {
      const start = freshStart();
      await fill(addDaysTo(start, 7), ['P01']);
      const res = await postSeries(ada, weekly(start)).expect(201);
      expect(rooms(res.body)).toEqual(['P02', 'P02', 'P02']);
    });

    it('falls back to the first room free each day when no room is free on all', async () => {
      const start = freshStart();
      await fill(start, ['P01', 'P02', 'P03', 'P04']);
      await fill(addDaysTo(start, 7), ['P05', 'P06', 'P07', 'P08']);
      const res = await postSeries(ada, weekly(start)).expect(201);
      expect(rooms(res.body)).toEqual(['P05', 'P01', 'P01']);
    });

    it('prefers one desk for a desk party, seats lowest first', async () => {
      const start = freshStart();
      const bob = await aMember(t);
      // S01 has 3 seats taken on the second date: the pair does not fit there.
      await book(t, admin, {
        room_type: 'SHARED_DESK',
        user_ids: [await aMember(t), await aMember(t), await aMember(t)],
        date: addDaysTo(start, 1),
        time_slot: '10:00:00',
      }).expect(201);
      const res = await postSeries(ada, {
        room_type: 'SHARED_DESK',
        user_ids: [ada.id, bob],
        time_slot: '10:00:00',
        start_date: start,
        recurrence: { frequency: 'DAILY', count: 3 },
      }).expect(201);
      expect(rooms(res.body)).toEqual(['S02', 'S02', 'S02']);
      expect(res.body.booked[0].seats.map((s: { seat_number: number }) => s.seat_number)).toEqual([
        1, 2,
      ]);
    });

    it('books a team into one conference room on every date; its members see the series', async () => {
      const start = freshStart();
      const grace = await registerUser(t);
      const team = await aTeam(t, [ada.id, grace.id, await aMember(t)]);
      const res = await postSeries(ada, {
        room_type: 'CONFERENCE',
        team_id: team,
        time_slot: '15:00:00',
        start_date: start,
        recurrence: { frequency: 'WEEKLY', interval: 2, count: 2 },
      }).expect(201);
      expect(rooms(res.body)).toEqual(['C01', 'C01']);
      expect(res.body.booked.map((b: BookingJson) => b.date)).toEqual([
        start,
        addDaysTo(start, 14),
      ]);
      const seen = await getSeries(grace, res.body.series_id).expect(200);
      expect(seen.body.booked).toHaveLength(2);
    });

    it('keeps to a named room on every date', async () => {
      const start = freshStart();
      const res = await postSeries(ada, weekly(start, { room_number: 'p05' })).expect(201);
      expect(rooms(res.body)).toEqual(['P05', 'P05', 'P05']);
    });

    it('books every hour of end_time on every date, on the weekdays asked', async () => {
      const start = freshStart();
      const res = await postSeries(ada, {
        room_type: 'PRIVATE',
        time_slot: '14:00:00',
        end_time: '16:00:00',
        start_date: start,
        recurrence: { frequency: 'WEEKLY', weekdays: ['FR', 'MO'], count: 4 },
      }).expect(201);
      const days = (res.body as SeriesJson).booked.map((b) =>
        new Date(`${b.date}T00:00:00Z`).getUTCDay(),
      );
      expect(days.every((d) => d === 1 || d === 5)).toBe(true);
      expect(res.body.recurrence.weekdays).toEqual(['MO', 'FR']);
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM room_claims c JOIN bookings b ON b.id = c.booking_id
         WHERE b.series_id = $1`,
        [res.body.series_id],
      );
      expect(rows[0].n).toBe(8);
    });
  });

  describe('conflicts', () => {
    it('on_conflict fail: 409 SERIES_CONFLICT naming each failing date and code, nothing written', async () => {
      const start = freshStart();
      const second = addDaysTo(start, 7);
      const third = addDaysTo(start, 14);
      await fill(second, ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08']);
      // Ada herself is busy on the third date, in a desk.
      await book(t, ada, { room_type: 'SHARED_DESK', date: third, time_slot: '10:00:00' }).expect(
        201,
      );
      const before = await counts();
      const res = await postSeries(ada, weekly(start)).expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('SERIES_CONFLICT');
      expect(res.body.errors).toEqual([
        { field: second, message: expect.any(String), code: 'SLOT_TAKEN' },
        { field: third, message: expect.stringMatching(/Ada/), code: 'MEMBER_DOUBLE_BOOKED' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('on_conflict skip: the bookable occurrences are booked, the others listed', async () => {
      const start = freshStart();
      const second = addDaysTo(start, 7);
      await fill(second, ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08']);
      const res = await postSeries(ada, weekly(start, { on_conflict: 'skip' })).expect(201);
      const body = res.body as SeriesJson;
      expect(body.booked.map((b) => b.date)).toEqual([start, addDaysTo(start, 14)]);
      expect(rooms(body)).toEqual(['P01', 'P01']);
      expect(body.skipped).toEqual([
        {
          date: second,
          code: 'SLOT_TAKEN',
          detail: 'No available room for the selected slot and type.',
        },
      ]);
    });

    it('on_conflict skip with nothing bookable: 409 SERIES_CONFLICT, nothing written', async () => {
      const start = freshStart();
      await fill(start, ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08']);
      const before = await counts();
      const res = await postSeries(
        ada,
        weekly(start, { on_conflict: 'skip', recurrence: { frequency: 'DAILY', count: 1 } }),
      ).expect(409);
      expect(res.body.errors).toEqual([
        { field: start, message: expect.any(String), code: 'SLOT_TAKEN' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('a named room taken on a date fails that date with SLOT_TAKEN', async () => {
      const start = freshStart();
      await fill(addDaysTo(start, 14), ['P03']);
      const res = await postSeries(ada, weekly(start, { room_number: 'P03' })).expect(409);
      expect(res.body.errors).toEqual([
        { field: addDaysTo(start, 14), message: expect.any(String), code: 'SLOT_TAKEN' },
      ]);
    });
  });

  describe('closures and inactive rooms', () => {
    const roomId = async (number: string) =>
      (await t.db.query<{ id: number }>(`SELECT id FROM rooms WHERE room_number = $1`, [number]))
        .rows[0].id;
    const close = async (path: string, date: string) =>
      request(t.url)
        .post(path)
        .set(bearer(admin.access))
        .send({ start_date: date, end_date: date, reason: 'series spec' })
        .expect(201);

    it('a closed date is a conflict with code ROOM_CLOSED; a closed room moves the preferred room', async () => {
      const start = freshStart();
      const second = addDaysTo(start, 7);
      const third = addDaysTo(start, 14);
      // Every room closed on the second date, P01 alone on the third.
      await close('/api/v1/closures/', second);
      await close(`/api/v1/rooms/${await roomId('P01')}/closures/`, third);
      const failed = await postSeries(ada, weekly(start)).expect(409);
      expect(failed.body.errors).toEqual([
        { field: second, message: expect.any(String), code: 'ROOM_CLOSED' },
      ]);
      const res = await postSeries(ada, weekly(start, { on_conflict: 'skip' })).expect(201);
      const body = res.body as SeriesJson;
      expect(body.booked.map((b) => b.date)).toEqual([start, third]);
      // P01 is not free on every bookable date: the series prefers P02 throughout.
      expect(rooms(body)).toEqual(['P02', 'P02']);
      expect(body.skipped?.map((s) => [s.date, s.code])).toEqual([[second, 'ROOM_CLOSED']]);
      const named = await postSeries(
        admin,
        weekly(start, {
          room_number: 'P01',
          user_id: (await registerUser(t)).id,
          recurrence: { frequency: 'WEEKLY', count: 3 },
        }),
      ).expect(409);
      expect(
        named.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      ).toEqual([
        [second, 'ROOM_CLOSED'],
        [third, 'ROOM_CLOSED'],
      ]);
    });

    it('never books an inactive room, dry run included', async () => {
      const start = freshStart();
      await t.db.query(`UPDATE rooms SET is_active = false WHERE room_number = 'P01'`);
      try {
        const dry = await postSeries(ada, weekly(start, { dry_run: true })).expect(200);
        expect(rooms(dry.body as SeriesJson)).toEqual(['P02', 'P02', 'P02']);
        const res = await postSeries(ada, weekly(start)).expect(201);
        expect(rooms(res.body as SeriesJson)).toEqual(['P02', 'P02', 'P02']);
      } finally {
        await t.db.query(`UPDATE rooms SET is_active = true WHERE room_number = 'P01'`);
      }
    });
  });

  describe('dry_run', () => {
    it('answers 200 with what would be booked, without ids, and writes nothing', async () => {
      const start = freshStart();
      await fill(addDaysTo(start, 7), ['P01']);
      const before = await counts();
      const res = await postSeries(ada, weekly(start, { dry_run: true })).expect(200);
      const body = res.body as SeriesJson;
      expect(body.series_id).toBeNull();
      expect(rooms(body)).toEqual(['P02', 'P02', 'P02']);
      for (const b of body.booked) {
        expect(b).not.toHaveProperty('id');
        expect(b).not.toHaveProperty('booking_id');
        expect(b).toMatchObject({ status: 'ACTIVE', series_id: null, time_slot: '10:00:00' });
      }
      expect(await counts()).toEqual(before);
      // What it said is what a real request then books.
      const real = await postSeries(ada, weekly(start)).expect(201);
      expect(rooms(real.body)).toEqual(rooms(body));
    });

    it('checks every rule: a conflict is the same 409, still writing nothing', async () => {
      const start = freshStart();
      await fill(start, ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08']);
      const before = await counts();
      const res = await postSeries(ada, weekly(start, { dry_run: true })).expect(409);
      expect(res.body.errors[0]).toMatchObject({ field: start, code: 'SLOT_TAKEN' });
      expect(await counts()).toEqual(before);
    });
  });

  describe('bad input: a clear 4xx, nothing written', () => {
    const start = addDaysTo(TODAY, 2000);
    it.each<[string, Record<string, unknown>, number, string, string?]>([
      ['recurrence missing', { recurrence: undefined }, 400, 'VALIDATION_FAILED', 'recurrence'],
      ['recurrence a string', { recurrence: 'WEEKLY' }, 400, 'VALIDATION_FAILED', 'recurrence'],
      [
        'interval a string',
        { recurrence: { frequency: 'DAILY', interval: '2', count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.interval',
      ],
      [
        'interval 0',
        { recurrence: { frequency: 'DAILY', interval: 0, count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.interval',
      ],
      [
        'interval 53',
        { recurrence: { frequency: 'WEEKLY', interval: 53, count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.interval',
      ],
      [
        'count 101',
        { recurrence: { frequency: 'DAILY', count: 101 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.count',
      ],
      [
        'count 1.5',
        { recurrence: { frequency: 'DAILY', count: 1.5 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.count',
      ],
      [
        'an unknown frequency',
        { recurrence: { frequency: 'MONTHLY', count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.frequency',
      ],
      [
        'an impossible start_date',
        { start_date: '2031-02-30' },
        400,
        'VALIDATION_FAILED',
        'start_date',
      ],
      ['start_date not a date', { start_date: 20310201 }, 400, 'VALIDATION_FAILED', 'start_date'],
      [
        'an impossible until',
        { recurrence: { frequency: 'DAILY', until: '2031-02-29' } },
        400,
        'VALIDATION_FAILED',
        'recurrence.until',
      ],
      [
        'until before start_date',
        { recurrence: { frequency: 'DAILY', until: addDaysTo(start, -1) } },
        400,
        'VALIDATION_FAILED',
        'recurrence.until',
      ],
      [
        'weekdays on DAILY',
        { recurrence: { frequency: 'DAILY', weekdays: ['MO'], count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.weekdays',
      ],
      [
        'both until and count',
        { recurrence: { frequency: 'DAILY', count: 2, until: addDaysTo(start, 5) } },
        400,
        'VALIDATION_FAILED',
        'recurrence',
      ],
      [
        'neither until nor count',
        { recurrence: { frequency: 'DAILY' } },
        400,
        'VALIDATION_FAILED',
        'recurrence',
      ],
      [
        'an unknown weekday',
        { recurrence: { frequency: 'WEEKLY', weekdays: ['MO', 'XX'], count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.weekdays',
      ],
      [
        'a lower-case weekday',
        { recurrence: { frequency: 'WEEKLY', weekdays: ['mo'], count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.weekdays',
      ],
      [
        'duplicate weekdays',
        { recurrence: { frequency: 'WEEKLY', weekdays: ['MO', 'MO'], count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.weekdays',
      ],
      [
        'no weekday',
        { recurrence: { frequency: 'WEEKLY', weekdays: [], count: 2 } },
        400,
        'VALIDATION_FAILED',
        'recurrence.weekdays',
      ],
      [
        'an unknown recurrence field',
        { recurrence: { frequency: 'DAILY', count: 2, byday: 'MO' } },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a rule generating no date',
        { recurrence: { frequency: 'WEEKLY', weekdays: ['SA'], until: addDaysTo(start, 0) } },
        400,
        'VALIDATION_FAILED',
        'recurrence',
      ],
      [
        'a rule generating more than 100 dates',
        { recurrence: { frequency: 'DAILY', until: addDaysTo(start, 100) } },
        400,
        'VALIDATION_FAILED',
        'recurrence',
      ],
      ['on_conflict unknown', { on_conflict: 'ignore' }, 400, 'VALIDATION_FAILED', 'on_conflict'],
      ['dry_run a string', { dry_run: 'yes' }, 400, 'VALIDATION_FAILED', 'dry_run'],
      [
        'a time slot off the hour',
        { time_slot: '10:30:00' },
        400,
        'INVALID_TIME_SLOT',
        'time_slot',
      ],
      ['end_time before time_slot', { end_time: '09:00:00' }, 400, 'INVALID_TIME_SLOT', 'end_time'],
      [
        'past the horizon',
        {
          start_date: addDaysTo(TODAY, HORIZON_DAYS - 3),
          recurrence: { frequency: 'DAILY', count: 5 },
        },
        400,
        'BEYOND_BOOKING_HORIZON',
        'recurrence',
      ],
      [
        'start_date past the horizon',
        { start_date: addDaysTo(TODAY, HORIZON_DAYS + 1) },
        400,
        'BEYOND_BOOKING_HORIZON',
        'start_date',
      ],
      ['a start date in the past', { start_date: addDaysTo(TODAY, -1) }, 400, 'SLOT_IN_PAST'],
      ["today's begun slot", { start_date: TODAY, time_slot: '10:00:00' }, 400, 'SLOT_IN_PAST'],
      ['a room of another type', { room_number: 'C01' }, 400, 'ROOM_TYPE_MISMATCH', 'room_number'],
      ['an unknown room', { room_number: 'P99' }, 404, 'ROOM_NOT_FOUND'],
      ['user_ids on a private room', { user_ids: [1] }, 400, 'VALIDATION_FAILED', 'user_ids'],
      ['an unknown member', { user_id: 999999 }, 400, 'UNKNOWN_MEMBERS'],
      ['an unknown team', { room_type: 'CONFERENCE', team_id: 999999 }, 404, 'TEAM_NOT_FOUND'],
    ])('%s', async (...row) => {
      // A rest parameter: rows without a field would otherwise make jest wait for `done`.
      const [, change, status, code, field] = row;
      const body: Record<string, unknown> = {
        room_type: 'PRIVATE',
        time_slot: '10:00:00',
        start_date: start,
        recurrence: { frequency: 'WEEKLY', count: 2 },
        ...change,
      };
      const before = await counts();
      const res = await postSeries(admin, body);
      const fields = ((res.body.errors ?? []) as { field: string }[]).map((e) => e.field);
      expect({
        status: res.status,
        code: res.body.code,
        named: field === undefined || fields.includes(field),
      }).toEqual({ status, code, named: true });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await counts()).toEqual(before);
    });

    it('today at a slot not yet begun is fine', async () => {
      const res = await postSeries(ada, {
        room_type: 'PRIVATE',
        time_slot: '16:00:00',
        start_date: TODAY,
        recurrence: { frequency: 'DAILY', count: 1 },
      }).expect(201);
      expect(res.body.booked[0].date).toBe(TODAY);
    });

    it('a non-admin booking a series for someone else: 403, nothing written', async () => {
      const before = await counts();
      const res = await postSeries(ada, weekly(freshStart(), { user_id: admin.id })).expect(403);
      expect(res.body.code).toBe('BOOKING_FORBIDDEN');
      expect(await counts()).toEqual(before);
    });

    it('without a token: 401', async () => {
      await request(t.url).post('/api/v1/bookings/series/').send(weekly(freshStart())).expect(401);
    });
  });

  describe('read', () => {
    let seriesId: string;
    let grace: RegisteredUser;
    let stranger: RegisteredUser;
    beforeAll(async () => {
      grace = await registerUser(t);
      stranger = await registerUser(t);
      const res = await postSeries(ada, {
        room_type: 'SHARED_DESK',
        user_ids: [ada.id, grace.id],
        time_slot: '11:00:00',
        start_date: freshStart(),
        recurrence: { frequency: 'DAILY', interval: 2, count: 3 },
      }).expect(201);
      seriesId = res.body.series_id;
    });

    it.each([
      ['the creator', () => ada],
      ['a participant', () => grace],
      ['an admin', () => admin],
    ])('%s sees it', async (_case, who) => {
      const res = await getSeries(who(), seriesId).expect(200);
      expect(res.body.series_id).toBe(seriesId);
      expect(res.body.booked).toHaveLength(3);
      expect(res.body).not.toHaveProperty('skipped');
    });

    it('anyone else: 404', async () => {
      const res = await getSeries(stranger, seriesId).expect(404);
      expect(res.body.code).toBe('SERIES_NOT_FOUND');
    });

    it.each(['SR0000000000', 'nonsense', 'BK20300116100000P01', `SR${'A'.repeat(40)}`])(
      'an unknown or malformed id %s: 404',
      async (id) => {
        const res = await getSeries(admin, id).expect(404);
        expect(res.body.code).toBe('SERIES_NOT_FOUND');
      },
    );

    it("shows every occurrence's current state", async () => {
      const series = (await getSeries(ada, seriesId)).body as SeriesJson;
      await request(t.url)
        .post(`/api/v1/cancel/${series.booked[1].booking_id}/`)
        .set(bearer(ada.access))
        .expect(200);
      const after = (await getSeries(grace, seriesId)).body as SeriesJson;
      expect(after.booked.map((b) => b.status)).toEqual(['ACTIVE', 'CANCELLED', 'ACTIVE']);
    });
  });

  describe('cancel', () => {
    const daily = (start: string, count = 4, extra: object = {}) => ({
      room_type: 'PRIVATE',
      time_slot: '12:00:00',
      start_date: start,
      recurrence: { frequency: 'DAILY', count },
      ...extra,
    });
    const statuses = async (seriesId: string) =>
      ((await getSeries(admin, seriesId)).body as SeriesJson).booked.map((b) => b.status);

    it('from_date: cancels the active occurrences on or after it, frees their hours', async () => {
      const start = freshStart();
      const series = (await postSeries(ada, daily(start)).expect(201)).body as SeriesJson;
      freed.length = 0;
      const res = await cancelSeries(ada, series.series_id as string, {
        from_date: addDaysTo(start, 2),
      }).expect(200);
      expect(res.body).toEqual({
        message: 'Series cancelled: 2 occurrences',
        cancelled: [series.booked[2].booking_id, series.booked[3].booking_id],
      });
      expect(await statuses(series.series_id as string)).toEqual([
        'ACTIVE',
        'ACTIVE',
        'CANCELLED',
        'CANCELLED',
      ]);
      expect(freed).toEqual([
        [
          { roomType: 'PRIVATE', date: addDaysTo(start, 2), startHour: 12, endHour: 13 },
          { roomType: 'PRIVATE', date: addDaysTo(start, 3), startHour: 12, endHour: 13 },
        ],
      ]);
      // The hours are free at once: someone else books P01 there.
      await book(t, admin, {
        room_type: 'PRIVATE',
        user_id: await aMember(t),
        date: addDaysTo(start, 3),
        time_slot: '12:00:00',
        room_number: 'P01',
      }).expect(201);
      // So can Ada herself, even as a new series.
      await postSeries(ada, daily(addDaysTo(start, 2), 2, { room_number: 'P02' })).expect(201);
      // Again: nothing left from that date on.
      const again = await cancelSeries(ada, series.series_id as string, {
        from_date: addDaysTo(start, 2),
      }).expect(200);
      expect(again.body.cancelled).toEqual([]);
    });

    it('by default cancels every occurrence not yet begun, skipping those already cancelled', async () => {
      const series = (await postSeries(ada, daily(TODAY, 4)).expect(201)).body as SeriesJson;
      await request(t.url)
        .post(`/api/v1/cancel/${series.booked[2].booking_id}/`)
        .set(bearer(ada.access))
        .expect(200);
      now = new Date('2030-01-15T12:30:00Z'); // today's 12:00 occurrence has begun
      const res = await cancelSeries(ada, series.series_id as string).expect(200);
      expect(res.body.cancelled).toEqual([
        series.booked[1].booking_id,
        series.booked[3].booking_id,
      ]);
      expect(await statuses(series.series_id as string)).toEqual([
        'ACTIVE',
        'CANCELLED',
        'CANCELLED',
        'CANCELLED',
      ]);
    });

    it('a from_date in the past means from now on', async () => {
      const series = (await postSeries(ada, daily(TODAY, 2, { time_slot: '15:00:00' })).expect(201))
        .body as SeriesJson;
      const res = await cancelSeries(ada, series.series_id as string, {
        from_date: addDaysTo(TODAY, -30),
      }).expect(200);
      expect(res.body.cancelled).toHaveLength(2);
    });

    it('permissions as for one booking', async () => {
      const grace = await registerUser(t);
      const stranger = await registerUser(t);
      const desk = (
        await postSeries(ada, {
          room_type: 'SHARED_DESK',
          user_ids: [ada.id, grace.id],
          time_slot: '13:00:00',
          start_date: freshStart(),
          recurrence: { frequency: 'DAILY', count: 2 },
        }).expect(201)
      ).body as SeriesJson;
      const id = desk.series_id as string;
      expect((await cancelSeries(stranger, id).expect(404)).body.code).toBe('SERIES_NOT_FOUND');
      expect((await cancelSeries(grace, id).expect(403)).body.code).toBe('CANCEL_FORBIDDEN');
      expect(await statuses(id)).toEqual(['ACTIVE', 'ACTIVE']);
      // An admin may; so may a private-room occupant booked by an admin.
      expect((await cancelSeries(admin, id).expect(200)).body.cancelled).toHaveLength(2);
      const forAda = (
        await postSeries(admin, daily(freshStart(), 2, { user_id: ada.id })).expect(201)
      ).body as SeriesJson;
      expect(
        (await cancelSeries(ada, forAda.series_id as string).expect(200)).body.cancelled,
      ).toHaveLength(2);
    });

    it.each([
      ['an unknown series', 'SR0000000000', {}, 404],
      ['a malformed id', 'BK123', {}, 404],
      ['an impossible from_date', null, { from_date: '2031-02-30' }, 400],
      ['from_date not a string', null, { from_date: 5 }, 400],
      ['an unknown field', null, { until: '2031-01-01' }, 400],
    ])('%s', async (_case, id, body, status) => {
      const series = (await postSeries(ada, daily(freshStart(), 1)).expect(201)).body as SeriesJson;
      const before = await counts();
      await cancelSeries(ada, id ?? (series.series_id as string), body).expect(status);
      expect(await counts()).toEqual(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('a retried series is booked once and replayed', async () => {
      const body = weekly(freshStart());
      const key = `series-${Date.now()}`;
      const first = await postSeries(ada, body, key).expect(201);
      const again = await postSeries(ada, body, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM booking_series WHERE created_by = $1 AND start_date = $2`,
        [ada.id, body.start_date],
      );
      expect(rows[0].n).toBe(1);
      const other = await postSeries(ada, { ...body, time_slot: '11:00:00' }, key).expect(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('a dry run is replayed with its own 200', async () => {
      const body = weekly(freshStart(), { dry_run: true });
      const key = `dry-${Date.now()}`;
      const first = await postSeries(ada, body, key).expect(200);
      const again = await postSeries(ada, body, key).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('a retried series cancel cancels once and gets the same answer', async () => {
      const series = (await postSeries(ada, weekly(freshStart())).expect(201)).body as SeriesJson;
      const key = `cancel-${Date.now()}`;
      const first = await cancelSeries(ada, series.series_id as string, undefined, key).expect(200);
      expect(first.body.cancelled).toHaveLength(3);
      const again = await cancelSeries(ada, series.series_id as string, undefined, key).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });
  });

  it('left every claim consistent (rules 6 and 7, claims only of active bookings)', async () => {
    expect(await invariantViolations(t)).toEqual([]);
  });
});
