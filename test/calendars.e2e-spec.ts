import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';
import { aTeam, bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import {
  addDaysTo,
  book,
  cancel,
  dateSequence,
  pinnedClock,
  TODAY,
  tolerateTeardownTermination,
} from './support/booking-helpers';

interface OpenApiOperation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const PUBLIC_URL = 'https://booking.example.com';
const ZONE = 'Europe/Paris';

/** Parsed with ical.js (Mozilla's RFC 5545 parser), independent of the library that wrote it. */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const events = calendar.getAllSubcomponents('vevent').map((event) => ({
    uid: event.getFirstPropertyValue('uid') as string,
    summary: event.getFirstPropertyValue('summary') as string,
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status') as string,
    startZone: event.getFirstProperty('dtstart')?.getParameter('tzid'),
    start: String(event.getFirstPropertyValue('dtstart')),
    end: String(event.getFirstPropertyValue('dtend')),
  }));
  const zones = calendar
    .getAllSubcomponents('vtimezone')
    .map((zone) => zone.getFirstPropertyValue('tzid'));
  return { events, zones };
}

/** Calendars: .ics per booking and the secret subscription feed. */
describe('calendars', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  const nextDate = dateSequence();

  beforeAll(async () => {
    t = await startTestApp({
      clock: pinnedClock(),
      env: { PUBLIC_URL, WORKSPACE_TIMEZONE: ZONE },
    });
    tolerateTeardownTermination(t);
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const ics = (user: { access: string } | null, bookingId: string) => {
    const req = request(t.url).get(`/api/v1/bookings/${bookingId}/ics`);
    return user ? req.set(bearer(user.access)) : req;
  };
  const createFeed = (user: RegisteredUser) =>
    request(t.url).post('/api/v1/calendar-feed/').set(bearer(user.access)).send();
  const revokeFeed = (user: RegisteredUser) =>
    request(t.url).delete('/api/v1/calendar-feed/').set(bearer(user.access));
  /** The feed URL is absolute (PUBLIC_URL); fetch its path from the test server, no token. */
  const fetchFeed = (url: string) => request(t.url).get(new URL(url).pathname);

  async function bookPrivate(user: RegisteredUser, date = nextDate(), timeSlot = '10:00:00') {
    const res = await book(t, user, {
      room_type: 'PRIVATE',
      date,
      time_slot: timeSlot,
      end_time: '12:00:00',
    }).expect(201);
    return res.body as { booking_id: string; room: { room_number: string } };
  }

  describe('GET /bookings/{id}/ics', () => {
    it('is one VEVENT in the workspace zone with a stable UID, SUMMARY, SEQUENCE and status', async () => {
      const owner = await registerUser(t);
      const date = nextDate();
      const made = await bookPrivate(owner, date);

      const res = await ics(owner, made.booking_id).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const text = res.text;
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      const tooLong = text.split('\r\n').filter((line) => Buffer.byteLength(line) > 75);
      expect(tooLong).toEqual([]);

      const { events, zones } = parseCalendar(text);
      expect(zones).toEqual([ZONE]);
      expect(events).toEqual([
        {
          uid: `${made.booking_id}@booking.example.com`,
          summary: `Private room ${made.room.room_number}`,
          sequence: 0,
          status: 'CONFIRMED',
          startZone: ZONE,
          start: `${date}T10:00:00`,
          end: `${date}T12:00:00`,
        },
      ]);
      // The same UID every time: calendar clients update the event, never duplicate it.
      const again = parseCalendar((await ics(owner, made.booking_id).expect(200)).text);
      expect(again.events[0].uid).toBe(events[0].uid);
    });

    it('names the team of a conference booking', async () => {
      const lead = await registerUser(t);
      const [m1, m2] = [await registerUser(t), await registerUser(t)];
      const team = await aTeam(t, [lead.id, m1.id, m2.id], 'Blue Team');
      const made = await book(t, lead, {
        room_type: 'CONFERENCE',
        team_id: team,
        date: nextDate(),
        time_slot: '14:00:00',
      }).expect(201);
      const { events } = parseCalendar((await ics(m1, made.body.booking_id).expect(200)).text);
      expect(events[0].summary).toBe(`Conference room ${made.body.room.room_number} (Blue Team)`);
    });

    it('is readable by whoever may read the booking, a 404 for anyone else', async () => {
      const owner = await registerUser(t);
      const mate = await registerUser(t);
      const stranger = await registerUser(t);
      const made = await book(t, owner, {
        room_type: 'SHARED_DESK',
        user_ids: [owner.id, mate.id],
        date: nextDate(),
        time_slot: '09:00:00',
      }).expect(201);
      const id = made.body.booking_id as string;

      await ics(mate, id).expect(200);
      await ics(admin, id).expect(200);
      const refused = await ics(stranger, id).expect(404);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.code).toBe('BOOKING_NOT_FOUND');
      // A stranger's 404 is the same as for an id that does not exist.
      const missing = await ics(stranger, 'BK20300116100000P99').expect(404);
      expect(missing.body.code).toBe(refused.body.code);
      await ics(owner, 'not-a-booking-id').expect(404);
      await ics(null, id).expect(401);
    });

    it('raises SEQUENCE on every change and says STATUS:CANCELLED once cancelled', async () => {
      const owner = await registerUser(t);
      const mate = await registerUser(t);
      const made = await book(t, owner, {
        room_type: 'SHARED_DESK',
        user_ids: [owner.id, mate.id],
        date: nextDate(),
        time_slot: '11:00:00',
      }).expect(201);
      const id = made.body.booking_id as string;
      const sequence = async () => parseCalendar((await ics(owner, id).expect(200)).text).events[0];

      const created = await sequence();
      expect(created.sequence).toBe(0);

      // Leaving changes who takes part: a new revision without touching the booking in code.
      await request(t.url)
        .post(`/api/v1/bookings/${id}/leave/`)
        .set(bearer(mate.access))
        .expect(200);
      const left = await sequence();
      expect(left.sequence).toBeGreaterThan(created.sequence);
      expect(left.status).toBe('CONFIRMED');

      await cancel(t, owner, id).expect(200);
      const cancelled = await sequence();
      expect(cancelled.sequence).toBeGreaterThan(left.sequence);
      expect(cancelled.status).toBe('CANCELLED');
      expect(cancelled.uid).toBe(created.uid);

      const { rows } = await t.db.query<{ revision: number }>(
        `SELECT revision FROM bookings WHERE booking_id = $1`,
        [id],
      );
      expect(rows[0].revision).toBe(cancelled.sequence);
    });

    it('says STATUS:CANCELLED for a released no-show, with a higher SEQUENCE', async () => {
      const owner = await registerUser(t);
      const made = await bookPrivate(owner);
      const before = parseCalendar((await ics(owner, made.booking_id).expect(200)).text);
      // Whatever code path releases it: the trigger bumps the revision of any update.
      await t.db.query(
        `UPDATE bookings SET status = 'RELEASED', released_at = now() WHERE booking_id = $1`,
        [made.booking_id],
      );
      const after = parseCalendar((await ics(owner, made.booking_id).expect(200)).text);
      expect(after.events[0].status).toBe('CANCELLED');
      expect(after.events[0].sequence).toBe(before.events[0].sequence + 1);
    });
  });

  describe('subscription feed', () => {
    it("serves the member's bookings from 30 days ago on, cancelled ones as CANCELLED, without a token header", async () => {
      const member = await registerUser(t);
      const other = await registerUser(t);
      const mine = await bookPrivate(member);
      const cancelledOne = await bookPrivate(member);
      await cancel(t, member, cancelledOne.booking_id).expect(200);
      const together = await book(t, other, {
        room_type: 'SHARED_DESK',
        user_ids: [other.id, member.id],
        date: nextDate(),
        time_slot: '15:00:00',
      }).expect(201);
      const notMine = await bookPrivate(other);
      const recent = await bookPrivate(member);
      const old = await bookPrivate(member);
      // Moved into the past in SQL (the API books no past hours): 10 and 40 days ago.
      await t.db.query(`UPDATE bookings SET date = $2 WHERE booking_id = $1`, [
        recent.booking_id,
        addDaysTo(TODAY, -10),
      ]);
      await t.db.query(`UPDATE bookings SET date = $2 WHERE booking_id = $1`, [
        old.booking_id,
        addDaysTo(TODAY, -40),
      ]);

      const created = await createFeed(member).expect(201);
      const url = created.body.url as string;
      expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/api/v1/calendar/[A-Za-z0-9_-]{43}\\.ics$`));

      const res = await fetchFeed(url).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const { events, zones } = parseCalendar(res.text);
      expect(zones).toEqual([ZONE]);
      const byUid = new Map(events.map((e) => [e.uid.split('@')[0], e]));
      expect([...byUid.keys()].sort()).toEqual(
        [
          mine.booking_id,
          cancelledOne.booking_id,
          together.body.booking_id,
          recent.booking_id,
        ].sort(),
      );
      expect(byUid.has(notMine.booking_id)).toBe(false);
      expect(byUid.has(old.booking_id)).toBe(false);
      expect(byUid.get(cancelledOne.booking_id)?.status).toBe('CANCELLED');
      expect(byUid.get(mine.booking_id)?.status).toBe('CONFIRMED');
      expect(byUid.get(mine.booking_id)?.startZone).toBe(ZONE);
      expect(events.every((e) => e.uid.endsWith('@booking.example.com'))).toBe(true);
    });

    it('stores only the SHA-256 of the token', async () => {
      const member = await registerUser(t);
      const url = (await createFeed(member).expect(201)).body.url as string;
      const token = /\/calendar\/([^/]+)\.ics$/.exec(url)?.[1] as string;
      const { rows } = await t.db.query<{ token_hash: Buffer; row: string }>(
        `SELECT token_hash, f::text AS row FROM calendar_feeds f WHERE account_id = $1`,
        [member.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
      expect(rows[0].row).not.toContain(token);
    });

    it('a new feed revokes the old one; DELETE revokes it (404 from then on)', async () => {
      const member = await registerUser(t);
      await bookPrivate(member);
      const first = (await createFeed(member).expect(201)).body.url as string;
      await fetchFeed(first).expect(200);

      const second = (await createFeed(member).expect(201)).body.url as string;
      expect(second).not.toBe(first);
      const gone = await fetchFeed(first).expect(404);
      expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(gone.body.code).toBe('NOT_FOUND');
      await fetchFeed(second).expect(200);

      await revokeFeed(member).expect(204);
      const revoked = await fetchFeed(second).expect(404);
      // Revoked and never issued answer alike.
      const unknown = await request(t.url)
        .get(`/api/v1/calendar/${'A'.repeat(43)}.ics`)
        .expect(404);
      expect(revoked.body.detail).toBe(unknown.body.detail);
      await revokeFeed(member).expect(204);
      const { rows } = await t.db.query(`SELECT 1 FROM calendar_feeds WHERE account_id = $1`, [
        member.id,
      ]);
      expect(rows).toHaveLength(0);
    });

    it.each([
      ['too short', 'abc.ics'],
      ['too long', `${'A'.repeat(44)}.ics`],
      ['not base64url', `${'A'.repeat(42)}!.ics`],
      ['without .ics', 'A'.repeat(43)],
      ['another suffix', `${'A'.repeat(43)}.json`],
    ])('a malformed token (%s) is a 404', async (_case, path) => {
      const res = await request(t.url).get(`/api/v1/calendar/${path}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('stops serving once the account is deactivated', async () => {
      const member = await registerUser(t);
      const url = (await createFeed(member).expect(201)).body.url as string;
      await fetchFeed(url).expect(200);
      await t.db.query(`UPDATE accounts SET is_active = false WHERE id = $1`, [member.id]);
      await fetchFeed(url).expect(404);
    });

    it('needs an access token to create or revoke a feed (401), and writes nothing', async () => {
      const count = async () =>
        (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calendar_feeds`)).rows[0]
          .n;
      const before = await count();
      const res = await request(t.url).post('/api/v1/calendar-feed/').send().expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      await request(t.url).delete('/api/v1/calendar-feed/').expect(401);
      await request(t.url)
        .post('/api/v1/calendar-feed/')
        .set({ Authorization: 'Bearer not-a-jwt' })
        .send()
        .expect(401);
      expect(await count()).toBe(before);
    });
  });
});

describe('calendars in the OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, OpenApiOperation>>;
  beforeAll(async () => {
    t = await startTestApp();
    paths = (await request(t.url).get('/api/schema/').expect(200)).body.paths;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['/api/v1/bookings/{booking_id}/ics', [{ bearer: [] }], ['401', '404']],
    ['/api/v1/calendar/{feed}', undefined, ['404', '429']],
  ])('documents GET %s as text/calendar', (path, security, errors) => {
    const op = paths[path]?.get;
    expect(op).toBeDefined();
    expect(op.security).toEqual(security);
    expect(Object.keys(op.responses['200'].content ?? {})).toEqual(['text/calendar']);
    for (const status of errors) {
      expect(op.responses[status].content).toHaveProperty('application/problem+json');
    }
  });

  it('documents POST and DELETE /calendar-feed with bearer auth', () => {
    const feed = paths['/api/v1/calendar-feed'];
    expect(JSON.stringify(feed.post.responses['201'])).toContain('CalendarFeedResponse');
    expect(feed.post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(feed.delete.responses)).toEqual(expect.arrayContaining(['204', '401']));
  });
});

describe('calendar feed rate limit (AUTH_RATE_LIMIT=2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_RATE_LIMIT: '2' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past the budget, which is not the login budget', async () => {
    const member = await registerUser(t);
    const url = (
      await request(t.url).post('/api/v1/calendar-feed/').set(bearer(member.access)).send()
    ).body.url as string;
    const path = new URL(url).pathname;
    await request(t.url).get(path).expect(200);
    await request(t.url).get(path).expect(200);
    const limited = await request(t.url).get(path).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    // The register above used 1 of the auth budget of 2: one more still passes.
    await request(t.url)
      .post('/api/token/')
      .send({ username: member.username, password: member.password })
      .expect(200);
  });
});
