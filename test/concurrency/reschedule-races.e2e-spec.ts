import request from 'supertest';
import { bearer, createAdmin, registerUser, RegisteredUser } from '../support/factories';
import {
  Booker,
  TODAY,
  addDaysTo,
  book,
  cancel,
  invariantViolations,
  startTwoInstances,
} from '../support/booking-helpers';
import type { TestApp } from '../support/test-app';

/**
 * Moves racing bookings and cancels, over two API instances on one database, with real
 * parallel requests; what happened is then checked in SQL. Fresh dates every round.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 8);

interface Outcome {
  status: number;
  body: { code?: string; booking_id?: string; room?: { room_number: string } };
}

/** Runs the jobs at once in a random order, each after 0-20 ms; results in job order. */
async function race(jobs: (() => Promise<Outcome>)[]): Promise<Outcome[]> {
  const results = new Array<Outcome>(jobs.length);
  await Promise.all(
    jobs.map(async (job, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      results[i] = await job();
    }),
  );
  return results;
}

const at = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;

describe('reschedule races (two API instances, one database)', () => {
  let t: TestApp;
  let t2: TestApp;
  let members: RegisteredUser[];
  let day = 1;
  const freshDate = () => addDaysTo(TODAY, day++);
  const urlFor = (i: number) => (i % 2 === 0 ? t.url : t2.url);

  beforeAll(async () => {
    [t, t2] = await startTwoInstances();
    await createAdmin(t);
    members = [];
    for (let batch = 0; batch < 3; batch++) {
      members.push(...(await Promise.all(Array.from({ length: 8 }, () => registerUser(t)))));
    }
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
  });

  const reschedule = (url: string, user: Booker, bookingId: string, body: object) =>
    request(url)
      .post(`/api/v1/bookings/${bookingId}/reschedule/`)
      .set(bearer(user.access))
      .send(body);

  const activeRoomsAt = async (date: string, hour: number) => {
    const { rows } = await t.db.query<{ room_number: string }>(
      `SELECT r.room_number FROM room_claims c JOIN rooms r ON r.id = c.room_id
       JOIN bookings b ON b.id = c.booking_id
       WHERE c.date = $1 AND c.hour = $2 AND r.room_type = 'PRIVATE' AND b.status = 'ACTIVE'
       ORDER BY 1`,
      [date, hour],
    );
    return rows.map((r) => r.room_number);
  };

  const bookingRow = async (bookingId: string) => {
    const { rows } = await t.db.query<{ status: string; claims: number }>(
      `SELECT b.status, (SELECT count(*)::int FROM room_claims c WHERE c.booking_id = b.id) AS claims
       FROM bookings b WHERE b.booking_id = $1`,
      [bookingId],
    );
    return rows[0];
  };

  const movedFrom = async (bookingId: string) => {
    const { rows } = await t.db.query<{ booking_id: string; status: string }>(
      `SELECT booking_id, status FROM bookings WHERE rescheduled_from = $1`,
      [bookingId],
    );
    return rows;
  };

  /** P01-P07 taken at the hour by the given members: P08 is the last free room. */
  async function fillButP08(date: string, hour: number, holders: RegisteredUser[]) {
    for (const [i, m] of holders.entries()) {
      await book(urlFor(i), m, {
        room_type: 'PRIVATE',
        date,
        time_slot: at(hour),
        room_number: `P0${i + 1}`,
      }).expect(201);
    }
  }

  it('a move into the last free room racing single bookings for it: exactly one wins', async () => {
    const tally = { moved: 0, booked: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const date = freshDate();
      const hour = 9 + (round % 8);
      const acrossDates = round % 2 === 1;
      // Fewer racers across dates, so the move wins there too and frees its old room.
      const [holders, mover] = [members.slice(0, 7), members[7]];
      const racers = members.slice(8, acrossDates ? 10 : 14);
      await fillButP08(date, hour, holders);
      // The mover sits in P08 at 17:00 the same day, or at the same hour on another day
      // (then the move locks both days' rooms while single bookings lock one).
      const oldDate = acrossDates ? freshDate() : date;
      const oldHour = acrossDates ? hour : 17;
      const old = await book(t, mover, {
        room_type: 'PRIVATE',
        date: oldDate,
        time_slot: at(oldHour),
        room_number: 'P08',
      }).expect(201);
      const oldId: string = old.body.booking_id;
      // Across dates, others also want the mover's old room, free only once the move commits.
      const oldDayRacers = acrossDates ? members.slice(14, 17) : [];
      if (acrossDates) await fillButP08(oldDate, oldHour, members.slice(17, 24));

      const results = await race([
        () =>
          reschedule(urlFor(round), mover, oldId, acrossDates ? { date } : { time_slot: at(hour) }),
        ...racers.map(
          (m, i) => () =>
            book(urlFor(i + 1), m, { room_type: 'PRIVATE', date, time_slot: at(hour) }),
        ),
        ...oldDayRacers.map(
          (m, i) => () =>
            book(urlFor(i), m, { room_type: 'PRIVATE', date: oldDate, time_slot: at(oldHour) }),
        ),
      ]);
      const [move, ...rest] = results;
      const singles = rest.slice(0, racers.length);
      const oldDay = rest.slice(racers.length);
      const winners = [move, ...singles].filter((o) => o.status === 200 || o.status === 201);
      expect(winners).toHaveLength(1);
      const refusals = [move, ...singles, ...oldDay].filter((o) => o.status >= 300);
      expect(refusals.map((o) => o.body.code ?? o.status)).toEqual(
        refusals.map(() => 'SLOT_TAKEN'),
      );
      // No double booking: eight rooms, each once.
      expect(await activeRoomsAt(date, hour)).toEqual([
        'P01',
        'P02',
        'P03',
        'P04',
        'P05',
        'P06',
        'P07',
        'P08',
      ]);
      // The move happened entirely or not at all.
      const moved = move.status === 200;
      tally[moved ? 'moved' : 'booked']++;
      expect({
        old: await bookingRow(oldId),
        successors: await movedFrom(oldId),
        oldDayWinners: oldDay.filter((o) => o.status === 201).length <= (moved ? 1 : 0),
      }).toEqual({
        old: moved ? { status: 'CANCELLED', claims: 0 } : { status: 'ACTIVE', claims: 1 },
        successors: moved ? [{ booking_id: move.body.booking_id, status: 'ACTIVE' }] : [],
        oldDayWinners: true,
      });
      const oldDayRooms = await activeRoomsAt(oldDate, oldHour);
      expect(new Set(oldDayRooms).size).toBe(oldDayRooms.length);
      expect(await invariantViolations(t)).toEqual([]);
      process.stdout.write(
        `move vs bookings round ${round + 1}${acrossDates ? ' (across dates)' : ''}: move ${move.status}, bookings ${singles.map((o) => o.status).join(',')}${oldDay.length ? `, old-day bookings ${oldDay.map((o) => o.status).join(',')}` : ''}\n`,
      );
    }
    process.stdout.write(`move vs bookings: ${JSON.stringify(tally)}\n`);
  });

  it('a move racing a cancel and another move of the same booking: exactly one happens', async () => {
    const tally: Record<string, number> = {};
    for (let round = 0; round < ROUNDS * 2; round++) {
      const date = freshDate();
      const member = members[round % members.length];
      const made = await book(t, member, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        end_time: '12:00:00',
      }).expect(201);
      const id: string = made.body.booking_id;
      const [toNoon, toTwo, cancelled] = await race([
        () => reschedule(urlFor(round), member, id, { time_slot: '11:00:00' }),
        () => reschedule(urlFor(round + 1), member, id, { time_slot: '14:00:00' }),
        () => cancel(urlFor(round), member, id),
      ]);
      const outcomes = [toNoon, toTwo, cancelled];
      expect(outcomes.filter((o) => o.status === 200)).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 404)).toHaveLength(2);
      const winner = ['move to 11', 'move to 14', 'cancel'][
        outcomes.findIndex((o) => o.status === 200)
      ];
      tally[winner] = (tally[winner] ?? 0) + 1;

      expect(await bookingRow(id)).toEqual({ status: 'CANCELLED', claims: 0 });
      const successors = await movedFrom(id);
      const { rows } = await t.db.query<{ hour: number }>(
        `SELECT hour FROM member_claims WHERE member_id = $1 AND date = $2 ORDER BY hour`,
        [member.id, date],
      );
      const move = [toNoon, toTwo].find((o) => o.status === 200);
      expect({ successors, hours: rows.map((r) => r.hour) }).toEqual(
        move
          ? {
              successors: [{ booking_id: move.body.booking_id, status: 'ACTIVE' }],
              hours: move === toNoon ? [11, 12] : [14, 15],
            }
          : { successors: [], hours: [] },
      );
    }
    expect(await invariantViolations(t)).toEqual([]);
    process.stdout.write(`move vs cancel: ${JSON.stringify(tally)}\n`);
  });
});
