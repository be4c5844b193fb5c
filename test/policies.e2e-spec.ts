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
  Booker,
  TODAY,
  addDaysTo,
  book,
  cancel,
  invariantViolations,
  pinnedClock,
  tolerateTeardownTermination,
} from './support/booking-helpers';

const at = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;
const NO_LIMITS = {
  max_hours_per_day: null,
  max_hours_per_week: null,
  max_active_bookings: null,
  min_notice_min: null,
  cancel_cutoff_min: null,
  open_weekdays: null,
};

/**
 * Booking policies (CAPABILITIES.md section 6). The clock is pinned to Tuesday 2030-01-15
 * 10:30 UTC; 2030-01-21 is a Monday. Each scenario sets the whole policy it needs.
 */
describe('booking policies', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  // A fresh ISO week per scenario (Mondays from 2030-01-21), so quotas never see another's hours.
  let week = 0;
  const nextMonday = () => addDaysTo('2030-01-21', 7 * week++);

  beforeAll(async () => {
    t = tolerateTeardownTermination(await startTestApp({ clock: pinnedClock() }));
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    await putPolicies({}).expect(200);
    const violations = await invariantViolations(t);
    if (violations.length > 0) throw new Error(`invariants broken: ${violations.join('; ')}`);
  });

  const putPolicies = (body: unknown, who: Booker = admin) =>
    request(t.url)
      .put('/api/v1/policies/')
      .set(bearer(who.access))
      .send(body as object);
  const getPolicies = (who: Booker) =>
    request(t.url).get('/api/v1/policies/').set(bearer(who.access)).expect(200);
  const policyRows = async () =>
    Number((await t.db.query(`SELECT count(*) FROM booking_policies`)).rows[0].count);
  const nameOf = async (id: number) =>
    (await t.db.query<{ name: string }>(`SELECT name FROM members WHERE id = $1`, [id])).rows[0]
      .name;

  it('GET answers no limits by default; an admin PUT replaces them, answered as stored', async () => {
    const user = await registerUser(t);
    const empty = await getPolicies(user);
    expect(empty.body).toEqual({
      ...NO_LIMITS,
      by_room_type: { PRIVATE: NO_LIMITS, CONFERENCE: NO_LIMITS, SHARED_DESK: NO_LIMITS },
    });
    await putPolicies({ max_hours_per_day: 6 }, user).expect(403);
    const res = await putPolicies({
      max_hours_per_day: 6,
      min_notice_min: 0,
      open_weekdays: [5, 1, 'TU', 'WE', 4],
      by_room_type: { PRIVATE: { max_hours_per_week: 20 }, SHARED_DESK: null },
    }).expect(200);
    const expected = {
      ...NO_LIMITS,
      max_hours_per_day: 6,
      min_notice_min: 0,
      open_weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
      by_room_type: {
        PRIVATE: { ...NO_LIMITS, max_hours_per_week: 20 },
        CONFERENCE: NO_LIMITS,
        SHARED_DESK: NO_LIMITS,
      },
    };
    expect(res.body).toEqual(expected);
    expect((await getPolicies(user)).body).toEqual(expected);
    // PUT replaces: what is not given has no limit any more.
    await putPolicies({ max_active_bookings: 3 }).expect(200);
    expect((await getPolicies(user)).body).toMatchObject({
      max_hours_per_day: null,
      max_active_bookings: 3,
      open_weekdays: null,
      by_room_type: { PRIVATE: NO_LIMITS },
    });
  });

  it.each([
    ['a negative limit', { max_hours_per_day: -1 }, 'max_hours_per_day'],
    ['a string', { max_hours_per_week: '6' }, 'max_hours_per_week'],
    ['a fraction', { min_notice_min: 1.5 }, 'min_notice_min'],
    ['more hours than a day has', { max_hours_per_day: 25 }, 'max_hours_per_day'],
    ['weekday 8', { open_weekdays: [1, 8] }, 'open_weekdays'],
    ['weekday 0', { open_weekdays: [0] }, 'open_weekdays'],
    ['an unknown weekday code', { open_weekdays: ['XX'] }, 'open_weekdays'],
    ['a repeated weekday', { open_weekdays: [1, 1] }, 'open_weekdays'],
    ['open_weekdays not a list', { open_weekdays: 'MO' }, 'open_weekdays'],
    ['an unknown key', { max_hours: 6 }, 'max_hours'],
    ['an unknown room type', { by_room_type: { LOUNGE: {} } }, 'by_room_type.LOUNGE'],
    [
      'a bad nested limit',
      { by_room_type: { PRIVATE: { cancel_cutoff_min: -5 } } },
      'by_room_type.PRIVATE.cancel_cutoff_min',
    ],
    [
      'an unknown nested key',
      { by_room_type: { CONFERENCE: { max_hours_per_month: 1 } } },
      'by_room_type.CONFERENCE.max_hours_per_month',
    ],
    ['by_room_type not an object', { by_room_type: 'PRIVATE' }, 'by_room_type'],
  ])('refuses %s with a 400 naming the field; nothing is written', async (_, body, field) => {
    await putPolicies({ max_active_bookings: 4 }).expect(200);
    const res = await putPolicies({ max_hours_per_day: 3, ...body }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await getPolicies(admin)).body).toMatchObject({
      max_active_bookings: 4,
      max_hours_per_day: null,
    });
    expect(await policyRows()).toBe(1);
  });

  it('max_hours_per_day: the limit itself is allowed, one hour more is QUOTA_EXCEEDED naming the member; admins are exempt', async () => {
    const user = await registerUser(t);
    const date = nextMonday();
    await putPolicies({ max_hours_per_day: 6 }).expect(200);
    const room = { room_type: 'PRIVATE', date };
    await book(t, user, { ...room, time_slot: at(9), end_time: at(12) }).expect(201);
    await book(t, user, { ...room, time_slot: at(12), end_time: at(15) }).expect(201);
    const over = await book(t, user, { ...room, time_slot: at(15) }).expect(409);
    expect(over.body.code).toBe('QUOTA_EXCEEDED');
    expect(over.body.detail).toContain(`${await nameOf(user.id)} (member ${user.id})`);
    expect(over.body.detail).toContain('max_hours_per_day 6');
    // Another day is another count; an admin booking for the member is exempt.
    await book(t, user, { ...room, date: addDaysTo(date, 1), time_slot: at(9) }).expect(201);
    await book(t, admin, { ...room, time_slot: at(15), user_id: user.id }).expect(201);
    // Those hours count against the member's next own booking, in any room type.
    const desk = await book(t, user, { room_type: 'SHARED_DESK', date, time_slot: at(17) });
    expect(desk.status).toBe(409);
    expect(desk.body.code).toBe('QUOTA_EXCEEDED');
  });

  it('a room type limit counts that type only and the all-types limit still applies', async () => {
    const user = await registerUser(t);
    const date = nextMonday();
    await putPolicies({
      max_hours_per_day: 3,
      by_room_type: { SHARED_DESK: { max_hours_per_day: 1 } },
    }).expect(200);
    await book(t, user, { room_type: 'SHARED_DESK', date, time_slot: at(9) }).expect(201);
    const desk = await book(t, user, { room_type: 'SHARED_DESK', date, time_slot: at(10) });
    expect(desk.status).toBe(409);
    expect(desk.body.detail).toContain('max_hours_per_day 1 (SHARED_DESK rooms)');
    await book(t, user, { room_type: 'PRIVATE', date, time_slot: at(10), end_time: at(12) }).expect(
      201,
    );
    const all = await book(t, user, { room_type: 'PRIVATE', date, time_slot: at(13) }).expect(409);
    expect(all.body.detail).toContain('max_hours_per_day 3 (all room types)');
  });

  it('every participant counts: a desk party of 3 for 2 hours is 2 hours for each, children too', async () => {
    const user = await registerUser(t);
    const friend = await aMember(t, { name: 'Desk Friend' });
    const child = await aMember(t, { name: 'Desk Child', age: 8 });
    const date = nextMonday();
    await putPolicies({ by_room_type: { SHARED_DESK: { max_hours_per_day: 2 } } }).expect(200);
    await book(t, admin, {
      room_type: 'SHARED_DESK',
      date,
      time_slot: at(9),
      end_time: at(11),
      user_ids: [user.id, friend, child],
    }).expect(201);
    // The user books a fresh party; the friend and the child already hold 2 hours.
    const res = await book(t, user, {
      room_type: 'SHARED_DESK',
      date,
      time_slot: at(14),
      user_ids: [child, user.id],
    }).expect(409);
    expect(res.body.code).toBe('QUOTA_EXCEEDED');
    expect(res.body.detail).toContain(`Desk Child (member ${child})`);
  });

  it('a conference team: every member counts', async () => {
    const user = await registerUser(t);
    const [a, b] = [await aMember(t, { name: 'Team Mate A' }), await aMember(t)];
    const teamId = await aTeam(t, [user.id, a, b]);
    const otherTeam = await aTeam(t, [user.id, await aMember(t), await aMember(t)]);
    const date = nextMonday();
    await putPolicies({ max_hours_per_week: 2 }).expect(200);
    await book(t, admin, {
      room_type: 'PRIVATE',
      date,
      time_slot: at(9),
      end_time: at(11),
      user_id: a,
    }).expect(201);
    const res = await book(t, user, {
      room_type: 'CONFERENCE',
      date: addDaysTo(date, 2),
      time_slot: at(9),
      team_id: teamId,
    }).expect(409);
    expect(res.body.detail).toContain(`Team Mate A (member ${a})`);
    expect(res.body.detail).toContain('max_hours_per_week 2');
    await book(t, user, {
      room_type: 'CONFERENCE',
      date: addDaysTo(date, 2),
      time_slot: at(9),
      end_time: at(11),
      team_id: otherTeam,
    }).expect(201);
  });

  it('max_hours_per_week counts the ISO week (Monday to Sunday), not the days around it', async () => {
    const user = await registerUser(t);
    const monday = nextMonday();
    await putPolicies({ max_hours_per_week: 4 }).expect(200);
    const room = { room_type: 'PRIVATE' };
    await book(t, user, { ...room, date: monday, time_slot: at(9), end_time: at(12) }).expect(201);
    await book(t, user, { ...room, date: addDaysTo(monday, 6), time_slot: at(9) }).expect(201);
    const res = await book(t, user, { ...room, date: addDaysTo(monday, 3), time_slot: at(9) });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain(`in the week of ${monday}`);
    // The next Monday starts a new week.
    await book(t, user, {
      ...room,
      date: addDaysTo(monday, 7),
      time_slot: at(9),
      end_time: at(13),
    }).expect(201);
    week++;
  });

  it('max_active_bookings counts bookings not yet ended; a cancel makes room again', async () => {
    const user = await registerUser(t);
    const date = nextMonday();
    await putPolicies({ max_active_bookings: 2 }).expect(200);
    const first = await book(t, user, { room_type: 'PRIVATE', date, time_slot: at(9) }).expect(201);
    await book(t, user, { room_type: 'SHARED_DESK', date, time_slot: at(11) }).expect(201);
    const third = await book(t, user, { room_type: 'PRIVATE', date, time_slot: at(13) });
    expect(third.status).toBe(409);
    expect(third.body.detail).toContain('max_active_bookings 2');
    await cancel(t, user, first.body.booking_id as string).expect(200);
    await book(t, user, { room_type: 'PRIVATE', date, time_slot: at(13) }).expect(201);
  });

  it('min_notice_min: a start sooner is TOO_SHORT_NOTICE (the boundary is allowed); admins are exempt', async () => {
    const user = await registerUser(t);
    // Now is 10:30: 12:00 is 90 minutes away.
    await putPolicies({ min_notice_min: 91 }).expect(200);
    const soon = await book(t, user, { room_type: 'PRIVATE', date: TODAY, time_slot: at(12) });
    expect(soon.status).toBe(400);
    expect(soon.body.code).toBe('TOO_SHORT_NOTICE');
    await book(t, admin, { room_type: 'PRIVATE', date: TODAY, time_slot: at(12) }).expect(201);
    await putPolicies({ by_room_type: { PRIVATE: { min_notice_min: 90 } } }).expect(200);
    await book(t, user, { room_type: 'PRIVATE', date: TODAY, time_slot: at(12) }).expect(201);
  });

  it('cancel_cutoff_min: cancelling, leaving or moving inside it is CANCEL_CUTOFF; admins may cancel', async () => {
    const user = await registerUser(t);
    const other = await registerUser(t);
    const soon = await book(t, user, {
      room_type: 'PRIVATE',
      date: TODAY,
      time_slot: at(12),
    }).expect(201);
    const later = await book(t, user, {
      room_type: 'PRIVATE',
      date: TODAY,
      time_slot: at(14),
    }).expect(201);
    const desk = await book(t, user, {
      room_type: 'SHARED_DESK',
      date: TODAY,
      time_slot: at(13),
      user_ids: [user.id, other.id],
    }).expect(201);
    await putPolicies({ cancel_cutoff_min: 180 }).expect(200);
    const refused = await cancel(t, user, soon.body.booking_id as string).expect(409);
    expect(refused.body.code).toBe('CANCEL_CUTOFF');
    expect(refused.body.detail).toContain('180 minutes');
    const moved = await request(t.url)
      .post(`/api/v1/bookings/${soon.body.booking_id}/reschedule/`)
      .set(bearer(user.access))
      .send({ date: addDaysTo(TODAY, 3) })
      .expect(409);
    expect(moved.body.code).toBe('CANCEL_CUTOFF');
    const left = await request(t.url)
      .post(`/api/v1/bookings/${desk.body.booking_id}/leave/`)
      .set(bearer(other.access))
      .expect(409);
    expect(left.body.code).toBe('CANCEL_CUTOFF');
    // 14:00 is 210 minutes away: outside the cutoff.
    await cancel(t, user, later.body.booking_id as string).expect(200);
    await cancel(t, admin, soon.body.booking_id as string).expect(200);
  });

  it('open_weekdays closes the other days like a closure, for admins too: booking, availability, series', async () => {
    const user = await registerUser(t);
    const monday = nextMonday();
    const saturday = addDaysTo(monday, 5);
    await putPolicies({ open_weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'] }).expect(200);
    for (const who of [user, admin]) {
      const res = await book(t, who, { room_type: 'PRIVATE', date: saturday, time_slot: at(9) });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ROOM_CLOSED');
      expect(res.body.detail).toContain('Saturdays');
    }
    const free = await request(t.url)
      .get('/api/v1/rooms/available/')
      .query({ date: saturday, time_slot: at(9) })
      .set(bearer(user.access))
      .expect(200);
    expect(free.body.available_rooms).toEqual([]);
    const friday = await request(t.url)
      .get('/api/v1/rooms/available/')
      .query({ date: addDaysTo(monday, 4), time_slot: at(9) })
      .set(bearer(user.access))
      .expect(200);
    expect(friday.body.available_rooms.length).toBeGreaterThan(0);

    const series = (onConflict: string) =>
      request(t.url)
        .post('/api/v1/bookings/series/')
        .set(bearer(user.access))
        .send({
          room_type: 'PRIVATE',
          time_slot: at(16),
          start_date: addDaysTo(monday, 4),
          recurrence: { frequency: 'DAILY', count: 4 },
          on_conflict: onConflict,
        });
    const failed = await series('fail').expect(409);
    expect(failed.body.code).toBe('SERIES_CONFLICT');
    expect(failed.body.errors).toEqual([
      expect.objectContaining({ field: saturday, code: 'ROOM_CLOSED' }),
      expect.objectContaining({ field: addDaysTo(monday, 6), code: 'ROOM_CLOSED' }),
    ]);
    const skipped = await series('skip').expect(201);
    expect(skipped.body.booked.map((b: { date: string }) => b.date)).toEqual([
      addDaysTo(monday, 4),
      addDaysTo(monday, 7),
    ]);
    expect(skipped.body.skipped.map((s: { code: string }) => s.code)).toEqual([
      'ROOM_CLOSED',
      'ROOM_CLOSED',
    ]);
    // A move onto a closed weekday is refused the same way.
    const fridayBooking = skipped.body.booked[0].booking_id as string;
    const move = await request(t.url)
      .post(`/api/v1/bookings/${fridayBooking}/reschedule/`)
      .set(bearer(user.access))
      .send({ date: saturday })
      .expect(409);
    expect(move.body.code).toBe('ROOM_CLOSED');
    // A room type's open_weekdays only closes that type.
    await putPolicies({ by_room_type: { CONFERENCE: { open_weekdays: [1] } } }).expect(200);
    await book(t, user, { room_type: 'PRIVATE', date: saturday, time_slot: at(9) }).expect(201);
  });

  it('a series counts its occurrences against each other and against held hours; dry_run decides the same and writes nothing', async () => {
    const user = await registerUser(t);
    const monday = nextMonday();
    await putPolicies({
      max_hours_per_week: 5,
      by_room_type: { PRIVATE: { max_active_bookings: 10 } },
    }).expect(200);
    await book(t, user, { room_type: 'SHARED_DESK', date: monday, time_slot: at(9) }).expect(201);
    const body = {
      room_type: 'PRIVATE',
      time_slot: at(10),
      end_time: at(12),
      start_date: monday,
      recurrence: { frequency: 'DAILY', count: 3 },
      on_conflict: 'skip',
    };
    const send = (extra: object) =>
      request(t.url)
        .post('/api/v1/bookings/series/')
        .set(bearer(user.access))
        .send({ ...body, ...extra });
    const dry = await send({ dry_run: true }).expect(200);
    const countBefore = Number(
      (await t.db.query(`SELECT count(*) FROM bookings WHERE created_by = $1`, [user.id])).rows[0]
        .count,
    );
    expect(countBefore).toBe(1);
    const made = await send({}).expect(201);
    for (const res of [dry, made]) {
      expect(res.body.booked.map((b: { date: string }) => b.date)).toEqual([
        monday,
        addDaysTo(monday, 1),
      ]);
      expect(res.body.skipped).toEqual([
        expect.objectContaining({ date: addDaysTo(monday, 2), code: 'QUOTA_EXCEEDED' }),
      ]);
    }
    const failed = await send({
      on_conflict: 'fail',
      start_date: addDaysTo(monday, 3),
      recurrence: { frequency: 'DAILY', count: 1 },
    }).expect(409);
    expect(failed.body.errors[0].code).toBe('QUOTA_EXCEEDED');
  });

  it('a move does not count the booking moved; a move past a limit is QUOTA_EXCEEDED', async () => {
    const user = await registerUser(t);
    const date = nextMonday();
    await putPolicies({ max_hours_per_day: 2 }).expect(200);
    const first = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: at(9),
      end_time: at(11),
    }).expect(201);
    const moved = await request(t.url)
      .post(`/api/v1/bookings/${first.body.booking_id}/reschedule/`)
      .set(bearer(user.access))
      .send({ time_slot: at(14) })
      .expect(200);
    await book(t, user, {
      room_type: 'PRIVATE',
      date: addDaysTo(date, 1),
      time_slot: at(9),
    }).expect(201);
    const res = await request(t.url)
      .post(`/api/v1/bookings/${moved.body.booking_id}/reschedule/`)
      .set(bearer(user.access))
      .send({ date: addDaysTo(date, 1) })
      .expect(409);
    expect(res.body.code).toBe('QUOTA_EXCEEDED');
  });

  it('a waitlist promotion that would pass a quota is skipped: the entry keeps waiting', async () => {
    const user = await registerUser(t);
    const date = nextMonday();
    const holders: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await book(t, admin, {
        room_type: 'PRIVATE',
        date,
        time_slot: at(15),
        user_id: await aMember(t),
      }).expect(201);
      holders.push(res.body.booking_id as string);
    }
    const entry = await request(t.url)
      .post('/api/v1/waitlist/')
      .set(bearer(user.access))
      .send({ room_type: 'PRIVATE', date, time_slot: at(15) })
      .expect(201);
    await putPolicies({ max_hours_per_day: 1 }).expect(200);
    await book(t, user, { room_type: 'PRIVATE', date, time_slot: at(9) }).expect(201);
    await cancel(t, admin, holders[0]).expect(200);
    const after = await request(t.url)
      .get(`/api/v1/waitlist/${entry.body.id}/`)
      .set(bearer(user.access))
      .expect(200);
    expect(after.body).toMatchObject({ status: 'WAITING', booking_id: null });
  });
});
