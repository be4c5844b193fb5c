import request from 'supertest';
import { AVAILABILITY_STATEMENT } from '../libs/bookings/src/booking.sql';
import { isoMillisOfPgJson } from '../libs/database/src/pg-json-timestamp';
import { startTestApp, TestApp } from './support/test-app';
import { aMember, bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import {
  TODAY,
  addDaysTo,
  book,
  dateSequence,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface AvailableRoom {
  room_number: string;
  room_type: string;
  free_seats?: number;
}
interface TypeSlot {
  count: number;
  room_numbers: string[];
  free_seats?: number;
}
interface Slot {
  time_slot: string;
  end_time: string;
  PRIVATE?: TypeSlot;
  CONFERENCE?: TypeSlot;
  SHARED_DESK?: TypeSlot;
}

const ALL_ROOMS = [
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
];

describe('GET /api/v1/rooms/available/ and /api/v1/rooms/availability/', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = await startTestApp({ clock: pinnedClock() });
    tolerateTeardownTermination(t);
    admin = await createAdmin(t);
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const available = (query: Record<string, string>) =>
    request(t.url).get('/api/v1/rooms/available/').query(query).set(bearer(user.access));
  const day = (query: Record<string, string>) =>
    request(t.url).get('/api/v1/rooms/availability').query(query).set(bearer(user.access));

  it('lists every room free on an empty day, desks with four free seats', async () => {
    const date = nextDate();
    const res = await available({ date, time_slot: '10:00:00' }).expect(200);
    expect(res.body).toMatchObject({ date, time_slot: '10:00:00', count: 15 });
    expect(res.body.available_rooms.map((r: AvailableRoom) => r.room_number)).toEqual(ALL_ROOMS);
    const desk = res.body.available_rooms.find((r: AvailableRoom) => r.room_number === 'S01');
    expect(desk).toMatchObject({ room_type: 'SHARED_DESK', capacity: 4, free_seats: 4 });
    expect(Object.keys(desk).sort()).toEqual(
      ['capacity', 'created_at', 'free_seats', 'id', 'room_number', 'room_type'].sort(),
    );
    const privateRoom = res.body.available_rooms.find(
      (r: AvailableRoom) => r.room_number === 'P01',
    );
    expect(privateRoom).not.toHaveProperty('free_seats');
  });

  it('filters by room_type and drops booked rooms and full desks', async () => {
    const date = nextDate();
    await book(t, user, { room_type: 'PRIVATE', date, time_slot: '11:00:00' });
    await book(t, admin, {
      room_type: 'SHARED_DESK',
      user_ids: [await aMember(t), await aMember(t), await aMember(t), await aMember(t)],
      date,
      time_slot: '11:00:00',
    });
    await book(t, admin, {
      room_type: 'SHARED_DESK',
      user_ids: [await aMember(t)],
      date,
      time_slot: '11:00:00',
    });
    const priv = await available({ date, time_slot: '11:00', room_type: 'PRIVATE' }).expect(200);
    expect(priv.body.time_slot).toBe('11:00:00');
    expect(priv.body.count).toBe(7);
    expect(priv.body.available_rooms.map((r: AvailableRoom) => r.room_number)).not.toContain('P01');
    const desks = await available({ date, time_slot: '11:00:00', room_type: 'SHARED_DESK' });
    expect(
      desks.body.available_rooms.map((r: AvailableRoom) => [r.room_number, r.free_seats]),
    ).toEqual([
      ['S02', 3],
      ['S03', 4],
    ]);
    const other = await available({ date, time_slot: '12:00:00' });
    expect(other.body.count).toBe(15);
  });

  it('shows nothing free in hours already begun today', async () => {
    const begun = await available({ date: TODAY, time_slot: '10:00:00' }).expect(200);
    expect(begun.body).toMatchObject({ count: 0, available_rooms: [] });
    const past = await available({ date: addDaysTo(TODAY, -3), time_slot: '15:00:00' });
    expect(past.body.count).toBe(0);
    const later = await available({ date: TODAY, time_slot: '11:00:00' });
    expect(later.body.count).toBe(15);
  });

  it('answers the whole day with 9 slots per type and free desk seats', async () => {
    const date = nextDate();
    await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: '09:00:00',
      end_time: '11:00:00',
    });
    await book(t, admin, {
      room_type: 'SHARED_DESK',
      user_ids: [await aMember(t), await aMember(t)],
      date,
      time_slot: '10:00:00',
    });
    const res = await day({ date }).expect(200);
    expect(res.body.date).toBe(date);
    const slots: Slot[] = res.body.slots;
    expect(slots.map((s) => s.time_slot)).toEqual([
      '09:00:00',
      '10:00:00',
      '11:00:00',
      '12:00:00',
      '13:00:00',
      '14:00:00',
      '15:00:00',
      '16:00:00',
      '17:00:00',
    ]);
    expect(slots[8].end_time).toBe('18:00:00');
    expect(slots[0].PRIVATE).toEqual({
      count: 7,
      room_numbers: ['P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08'],
    });
    expect(slots[1].PRIVATE?.count).toBe(7);
    expect(slots[2].PRIVATE?.count).toBe(8);
    expect(slots[0].CONFERENCE).toEqual({ count: 4, room_numbers: ['C01', 'C02', 'C03', 'C04'] });
    expect(slots[0].SHARED_DESK).toEqual({
      count: 3,
      room_numbers: ['S01', 'S02', 'S03'],
      free_seats: 12,
    });
    expect(slots[1].SHARED_DESK).toEqual({
      count: 3,
      room_numbers: ['S01', 'S02', 'S03'],
      free_seats: 10,
    });
  });

  it('lists hours already begun today with count 0', async () => {
    const res = await day({ date: TODAY }).expect(200);
    const slots: Slot[] = res.body.slots;
    expect(slots[0].PRIVATE).toEqual({ count: 0, room_numbers: [] });
    expect(slots[1].SHARED_DESK).toEqual({ count: 0, room_numbers: [], free_seats: 0 });
    expect(slots[2].PRIVATE?.count).toBe(8);
  });

  it('narrows the day to one room type', async () => {
    const res = await day({ date: nextDate(), room_type: 'CONFERENCE' }).expect(200);
    expect(res.body.slots).toHaveLength(9);
    expect(Object.keys(res.body.slots[0]).sort()).toEqual(['CONFERENCE', 'end_time', 'time_slot']);
  });

  it('plans its one statement once per connection and reads claims room by room', async () => {
    const client = await t.db.connect();
    const date = nextDate();
    try {
      // Past PostgreSQL's five trial (custom) plans: does it settle on the generic plan?
      for (let i = 0; i < 8; i++) {
        await client.query({
          name: AVAILABILITY_STATEMENT.name,
          text: AVAILABILITY_STATEMENT.text,
          values: [null, user.id, null, date, i % 2 ? 10 : null],
        });
      }
      const { rows: plans } = await client.query<{ generic_plans: string }>(
        'SELECT generic_plans FROM pg_prepared_statements WHERE name = $1',
        [AVAILABILITY_STATEMENT.name],
      );
      expect(Number(plans[0].generic_plans)).toBeGreaterThan(0);
      // With many sites it settles there only if the generic plan knows the site is one row.
      await client.query('SET plan_cache_mode = force_generic_plan');
      const { rows: generic } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN EXECUTE ${AVAILABILITY_STATEMENT.name}(NULL, ${user.id}, NULL, '${date}', NULL)`,
      );
      expect(generic.map((r) => r['QUERY PLAN']).join('\n')).toMatch(
        /CTE site\n\s*->\s+Limit\s+\(cost=[\d.]+ rows=1 /,
      );
      // Tiny test tables favour a sequential scan; forbid it to see the index is usable.
      await client.query('SET enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${AVAILABILITY_STATEMENT.text}`,
        [null, user.id, null, date, null],
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(
        /Index Only Scan using room_claims_room_date_idx on room_claims c\s.*\n\s*Index Cond: \(\(room_id = rm\.id\) AND \(date = /,
      );
    } finally {
      await client.query('DEALLOCATE ALL');
      await client.query('RESET plan_cache_mode');
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });

  it('prints created_at as pg and toISOString did, from the json text, in any session zone', async () => {
    const client = await t.db.connect();
    try {
      await client.query(
        `UPDATE rooms SET created_at = '2026-11-25 09:00:00.999999+00' WHERE room_number = 'P02'`,
      );
      const res = await available({ date: nextDate(), time_slot: '10:00:00' }).expect(200);
      const { rows: stored } = await client.query<{ room_number: string; created_at: Date }>(
        'SELECT room_number, created_at FROM rooms',
      );
      const printed = new Map(
        res.body.available_rooms.map((r: { room_number: string; created_at: string }) => [
          r.room_number,
          r.created_at,
        ]),
      );
      expect(printed.get('P02')).toBe('2026-11-25T09:00:00.999Z');
      const listed = stored.filter((r) => printed.has(r.room_number));
      expect(listed).toHaveLength(15);
      expect(listed.map((r) => printed.get(r.room_number))).toEqual(
        listed.map((r) => r.created_at.toISOString()),
      );

      for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam']) {
        await client.query(`SET TIME ZONE '${zone}'`);
        const { rows } = await client.query<{ at: Date; json: string }>(
          `SELECT v AS at, to_json(v) AS json
           FROM unnest($1::timestamptz[] || ARRAY(
                  SELECT now() - random() * interval '400 days' FROM generate_series(1, 300))) v`,
          [
            [
              '2026-12-04 16:34:17.999999+00',
              '2026-12-04 16:34:17.000001+00',
              '2026-12-04 16:34:17.5+00',
              '2026-12-04 16:34:17+00',
              '2026-12-31 23:59:59.999999+00',
              '1900-01-01 00:00:00.123456+00',
              '0050-06-01 12:00:00.123456+00',
            ],
          ],
        );
        for (const r of rows) expect(isoMillisOfPgJson(r.json)).toBe(r.at.toISOString());
      }
    } finally {
      await client.query('RESET TIME ZONE');
      client.release();
    }
  });

  it.each<[string, Record<string, string>]>([
    ['missing date', { time_slot: '10:00:00' }],
    ['impossible date', { date: '2026-02-30', time_slot: '10:00:00' }],
    ['missing time_slot', { date: '2030-02-01' }],
    ['half hour', { date: '2030-02-01', time_slot: '10:30:00' }],
    ['before opening', { date: '2030-02-01', time_slot: '08:00:00' }],
    ['closing time', { date: '2030-02-01', time_slot: '18:00:00' }],
    ['not a time', { date: '2030-02-01', time_slot: 'noon' }],
    ['bad room_type', { date: '2030-02-01', time_slot: '10:00:00', room_type: 'OFFICE' }],
  ])('available: %s -> 400', async (_name, query) => {
    const res = await available(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each<[string, Record<string, string>]>([
    ['missing date', {}],
    ['impossible date', { date: '2030-02-29' }],
    ['bad date', { date: 'today' }],
    ['bad room_type', { date: '2030-02-01', room_type: 'desk' }],
  ])('availability: %s -> 400', async (_name, query) => {
    const res = await day(query);
    expect(res.status).toBe(400);
  });

  it('requires a token', async () => {
    await request(t.url).get('/api/v1/rooms/availability/?date=2030-02-01').expect(401);
  });

  it('documents the room and booking endpoints in the OpenAPI document', async () => {
    const res = await request(t.url).get('/api/schema/').expect(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { security?: unknown[]; responses: Record<string, unknown> }>
    >;
    for (const [path, method] of [
      ['/api/v1/rooms/available', 'get'],
      ['/api/v1/rooms/availability', 'get'],
      ['/api/v1/bookings', 'post'],
      ['/api/v1/bookings', 'get'],
      ['/api/v1/bookings/my-bookings', 'get'],
      ['/api/v1/bookings/{booking_id}', 'get'],
      ['/api/v1/cancel/{booking_id}', 'post'],
    ]) {
      const operation = paths[path]?.[method];
      expect(operation).toBeDefined();
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses)).toContain('401');
    }
    expect(Object.keys(paths['/api/v1/bookings'].post.responses).sort()).toEqual(
      ['201', '400', '401', '403', '404', '409', '422', '503'].sort(),
    );
    expect(res.body.components.schemas).toHaveProperty('BookingResponse');
    expect(res.body.components.schemas).toHaveProperty('ProblemResponse');
  });
});
