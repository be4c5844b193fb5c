import type { TestApp } from '../support/test-app';
import { aMember, createAdmin, registerUser, RegisteredUser } from '../support/factories';
import {
  TODAY,
  addDaysTo,
  book,
  cancel,
  invariantViolations,
  startTwoInstances,
} from '../support/booking-helpers';

/**
 * Real parallel HTTP requests against two app instances on one database, then the
 * invariants checked in SQL. Every round uses a fresh date and hour, so a 1-in-N bug can show.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 6);

/** Fisher-Yates over indexes, so requests go out in a different order every round. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

interface Outcome {
  status: number;
  body: { code?: string; booking_id?: string; room?: { room_number: string } };
}

describe('booking races (two API instances, one database)', () => {
  let t: TestApp;
  let t2: TestApp;
  let admin: RegisteredUser;
  let members: RegisteredUser[];
  let day = 1;
  const freshDate = () => addDaysTo(TODAY, day++);
  const urlFor = (i: number) => (i % 2 === 0 ? t.url : t2.url);

  beforeAll(async () => {
    [t, t2] = await startTwoInstances();
    admin = await createAdmin(t);
    members = [];
    for (let batch = 0; batch < 3; batch++) {
      members.push(...(await Promise.all(Array.from({ length: 10 }, () => registerUser(t)))));
    }
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
  });

  const statuses = (outcomes: Outcome[]) => {
    const counts: Record<string, number> = {};
    for (const o of outcomes) {
      const key = `${o.status}${o.body.code ? ` ${o.body.code}` : ''}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  const activeAt = async (date: string, hour: number, roomType: string) => {
    const { rows } = await t.db.query<{ room_number: string; seat_number: number }>(
      `SELECT r.room_number, c.seat_number FROM room_claims c
       JOIN rooms r ON r.id = c.room_id JOIN bookings b ON b.id = c.booking_id
       WHERE c.date = $1 AND c.hour = $2 AND r.room_type = $3 AND b.status = 'ACTIVE'`,
      [date, hour, roomType],
    );
    return rows;
  };

  it('30 members racing for one private hour: exactly 8 bookings in 8 distinct rooms', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const date = freshDate();
      const timeSlot = `${String(9 + (round % 9)).padStart(2, '0')}:00:00`;
      const outcomes: Outcome[] = await Promise.all(
        members.map((m, i) =>
          book(urlFor(i), m, { room_type: 'PRIVATE', date, time_slot: timeSlot }),
        ),
      );
      const counts = statuses(outcomes);
      expect(counts).toEqual({ '201': 8, '409 SLOT_TAKEN': 22 });
      const winners = outcomes.filter((o) => o.status === 201).map((o) => o.body.room?.room_number);
      expect(new Set(winners).size).toBe(8);
      const claims = await activeAt(date, 9 + (round % 9), 'PRIVATE');
      expect(claims).toHaveLength(8);
      expect(new Set(claims.map((c) => c.room_number)).size).toBe(8);
      process.stdout.write(`private race round ${round + 1}: ${JSON.stringify(counts)}\n`);
    }
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('one member firing several bookings at one hour gets exactly one', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const date = freshDate();
      const member = members[round];
      const kinds = ['PRIVATE', 'SHARED_DESK', 'PRIVATE', 'SHARED_DESK', 'PRIVATE', 'SHARED_DESK'];
      const outcomes: Outcome[] = await Promise.all(
        kinds.map((roomType, i) =>
          book(urlFor(i), member, { room_type: roomType, date, time_slot: '13:00:00' }),
        ),
      );
      const counts = statuses(outcomes);
      expect(counts).toEqual({ '201': 1, '409 MEMBER_DOUBLE_BOOKED': 5 });
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM member_claims WHERE member_id = $1 AND date = $2`,
        [member.id, date],
      );
      expect(rows[0].n).toBe(1);
      process.stdout.write(`self race round ${round + 1}: ${JSON.stringify(counts)}\n`);
    }
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('20 members racing for desk seats: exactly 12 distinct seats', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const date = freshDate();
      const outcomes: Outcome[] = await Promise.all(
        members
          .slice(0, 20)
          .map((m, i) =>
            book(urlFor(i), m, { room_type: 'SHARED_DESK', date, time_slot: '15:00:00' }),
          ),
      );
      const counts = statuses(outcomes);
      expect(counts).toEqual({ '201': 12, '409 SLOT_TAKEN': 8 });
      const seats = await activeAt(date, 15, 'SHARED_DESK');
      expect(seats).toHaveLength(12);
      expect(new Set(seats.map((s) => `${s.room_number}/${s.seat_number}`)).size).toBe(12);
      process.stdout.write(`desk race round ${round + 1}: ${JSON.stringify(counts)}\n`);
    }
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('desk groups of mixed sizes never overfill a desk or split a group', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const date = freshDate();
      // Ten groups (sizes 1-3, 20 adults and some children) for 12 seats.
      const sizes = [3, 1, 2, 3, 2, 1, 3, 2, 2, 1];
      let next = 0;
      const groups = sizes.map((size) => members.slice(next, (next += size)).map((m) => m.id));
      const kids = await Promise.all([aMember(t, { age: 5 }), aMember(t, { age: 7 })]);
      groups[0].push(kids[0]);
      groups[4].push(kids[1]);
      const outcomes: Outcome[] = await Promise.all(
        groups.map((userIds, i) =>
          book(urlFor(i), admin, {
            room_type: 'SHARED_DESK',
            user_ids: userIds,
            date,
            time_slot: '16:00:00',
          }),
        ),
      );
      const counts = statuses(outcomes);
      expect(Object.keys(counts).every((k) => k === '201' || k === '409 SLOT_TAKEN')).toBe(true);
      const { rows } = await t.db.query<{ bad: number }>(
        `SELECT count(*)::int AS bad FROM (
           SELECT b.id FROM bookings b JOIN booking_participants p ON p.booking_id = b.id
           WHERE b.date = $1 AND b.status = 'ACTIVE'
           GROUP BY b.id HAVING count(DISTINCT b.room_id) > 1) x`,
        [date],
      );
      expect(rows[0].bad).toBe(0);
      expect((await activeAt(date, 16, 'SHARED_DESK')).length).toBeLessThanOrEqual(12);
      process.stdout.write(`desk groups round ${round + 1}: ${JSON.stringify(counts)}\n`);
    }
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('cancels racing with re-bookings leave claims matching active bookings exactly', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const date = freshDate();
      const holders = members.slice(0, 8);
      const challengers = members.slice(8, 18);
      const held: string[] = [];
      for (const m of holders) {
        const res = await book(t, m, { room_type: 'PRIVATE', date, time_slot: '11:00:00' });
        expect(res.status).toBe(201);
        held.push(res.body.booking_id);
      }
      // Every holder cancels twice (exactly one may succeed) while 10 others book the hour;
      // the 26 requests leave in a random order with 0-30 ms jitter, over both instances.
      const jobs: (() => Promise<Outcome>)[] = [
        ...held.flatMap((id, i) => [
          () => cancel(urlFor(i), holders[i], id),
          () => cancel(urlFor(i + 1), holders[i], id),
        ]),
        ...challengers.map(
          (m, i) => () =>
            book(urlFor(i), m, {
              room_type: 'PRIVATE',
              date,
              time_slot: '11:00:00',
              end_time: round % 2 === 0 ? '12:00:00' : '13:00:00',
            }),
        ),
      ];
      const order = shuffled(jobs.map((_, i) => i));
      const results: Outcome[] = new Array<Outcome>(jobs.length);
      await Promise.all(
        order.map(async (i) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
          results[i] = await jobs[i]();
        }),
      );
      const cancels = results.slice(0, 16);
      const rebooks = results.slice(16);
      expect(cancels.filter((o) => o.status === 200)).toHaveLength(8);
      expect(cancels.filter((o) => o.status === 404)).toHaveLength(8);
      expect(rebooks.every((o) => o.status === 201 || o.body.code === 'SLOT_TAKEN')).toBe(true);
      const won = rebooks.filter((o) => o.status === 201).length;
      const claims = await activeAt(date, 11, 'PRIVATE');
      expect(claims).toHaveLength(won);
      expect(won).toBeLessThanOrEqual(8);
      expect(await invariantViolations(t)).toEqual([]);
      // Everything is consistent: cancelling the winners frees every room again.
      for (const o of rebooks.filter((r) => r.status === 201)) {
        const i = rebooks.indexOf(o);
        await cancel(t2, challengers[i], o.body.booking_id as string).expect(200);
      }
      expect(await activeAt(date, 11, 'PRIVATE')).toHaveLength(0);
      process.stdout.write(
        `cancel/rebook round ${round + 1}: cancels ${JSON.stringify(statuses(cancels))}, rebooks ${JSON.stringify(statuses(rebooks))}\n`,
      );
    }
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('refuses a second claim of a seat-hour or member-hour in the database itself', async () => {
    const date = freshDate();
    const res = await book(t, members[0], { room_type: 'PRIVATE', date, time_slot: '10:00:00' });
    expect(res.status).toBe(201);
    const { rows } = await t.db.query<{ id: number; room_id: number }>(
      `SELECT id, room_id FROM bookings WHERE booking_id = $1`,
      [res.body.booking_id],
    );
    const [{ id, room_id: roomId }] = rows;
    await expect(
      t.db.query(
        `INSERT INTO room_claims (booking_id, room_id, seat_number, date, hour) VALUES ($1, $2, 0, $3, 10)`,
        [id, roomId, date],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'room_claims_date_hour_room_seat_uq' });
    await expect(
      t.db.query(
        `INSERT INTO member_claims (booking_id, member_id, date, hour) VALUES ($1, $2, $3, 10)`,
        [id, members[0].id, date],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'member_claims_member_starts_at_uq' });
    // A desk cannot claim a seat it does not have (room_seats bounds it by capacity).
    const desk = await t.db.query<{ id: number }>(`SELECT id FROM rooms WHERE room_number = 'S01'`);
    await expect(
      t.db.query(
        `INSERT INTO room_claims (booking_id, room_id, seat_number, date, hour) VALUES ($1, $2, 5, $3, 10)`,
        [id, desk.rows[0].id, date],
      ),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
