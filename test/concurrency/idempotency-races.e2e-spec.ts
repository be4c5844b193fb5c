import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { bearer, registerUser, RegisteredUser } from '../support/factories';
import {
  TODAY,
  addDaysTo,
  book,
  invariantViolations,
  startTwoInstances,
} from '../support/booking-helpers';

/**
 * One Idempotency-Key sent many times at once, over two API instances on one database: the
 * effect happens once, and every other answer is the stored one (a replay) or 409
 * IDEMPOTENCY_KEY_IN_FLIGHT. Half the rounds spread the requests over 0-20 ms, so some pass the
 * check before the transaction while the first is still committing.
 */
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 6);
const COPIES = 10;

interface Outcome {
  status: number;
  text: string;
  replayed: boolean;
  code?: string;
}

describe('idempotency key races (two API instances, one database)', () => {
  let t: TestApp;
  let t2: TestApp;
  let members: RegisteredUser[];
  let day = 1;
  const freshDate = () => addDaysTo(TODAY, day++);
  const urlFor = (i: number) => (i % 2 === 0 ? t.url : t2.url);

  beforeAll(async () => {
    [t, t2] = await startTwoInstances();
    members = await Promise.all(Array.from({ length: 3 * ROUNDS }, () => registerUser(t)));
  });
  afterAll(async () => {
    await t2.close();
    await t.close();
  });

  /** The same request COPIES times, over both instances; jittered in odd rounds. */
  async function fire(round: number, send: (url: string) => request.Test): Promise<Outcome[]> {
    return Promise.all(
      Array.from({ length: COPIES }, async (_, i) => {
        if (round % 2 === 1) await new Promise((r) => setTimeout(r, Math.random() * 20));
        const res = await send(urlFor(i));
        return {
          status: res.status,
          text: res.text,
          replayed: res.headers['idempotent-replayed'] === 'true',
          code: (res.body as { code?: string }).code,
        };
      }),
    );
  }

  const tally = (outcomes: Outcome[]) => {
    const counts: Record<string, number> = {};
    for (const o of outcomes) {
      const key = `${o.status}${o.code ? ` ${o.code}` : ''}${o.replayed ? ' replayed' : ''}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  /** One fresh answer with `status`; every other one its replay (same bytes) or 409 in flight. */
  function expectOneAnswer(outcomes: Outcome[], status: number): void {
    const fresh = outcomes.filter((o) => o.status === status && !o.replayed);
    expect(fresh).toHaveLength(1);
    for (const o of outcomes) {
      if (o.replayed) expect(o).toMatchObject({ status, text: fresh[0].text });
      else if (o !== fresh[0])
        expect(o).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
    }
  }

  const storedAnswers = async (member: RegisteredUser, key: string) => {
    const { rows } = await t.db.query<{ status: number }>(
      `SELECT status FROM idempotency_keys WHERE account_id = $1 AND key = $2`,
      [member.id, key],
    );
    return rows;
  };

  it('a keyed booking sent 10 times at once books exactly once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const member = members[round];
      const key = `book-${round}-${Date.now()}`;
      const date = freshDate();
      const body = { room_type: 'PRIVATE', date, time_slot: '10:00:00' };
      const outcomes = await fire(round, (url) =>
        request(url)
          .post('/api/v1/bookings/')
          .set(bearer(member.access))
          .set('Idempotency-Key', key)
          .send(body),
      );
      process.stdout.write(
        `keyed booking round ${round + 1}: ${JSON.stringify(tally(outcomes))}\n`,
      );
      expectOneAnswer(outcomes, 201);
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bookings WHERE created_by = $1 AND date = $2`,
        [member.id, date],
      );
      expect(rows[0].n).toBe(1);
      expect(await storedAnswers(member, key)).toEqual([{ status: 201 }]);
    }
    expect(await invariantViolations(t)).toEqual([]);
  });

  it('a keyed cancel sent 10 times at once cancels once and never answers 404', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const member = members[ROUNDS + round];
      const booked = await book(t, member, {
        room_type: 'PRIVATE',
        date: freshDate(),
        time_slot: '11:00:00',
      });
      expect(booked.status).toBe(201);
      const key = `cancel-${round}-${Date.now()}`;
      const outcomes = await fire(round, (url) =>
        request(url)
          .post(`/api/v1/cancel/${booked.body.booking_id}/`)
          .set(bearer(member.access))
          .set('Idempotency-Key', key)
          .send(),
      );
      process.stdout.write(`keyed cancel round ${round + 1}: ${JSON.stringify(tally(outcomes))}\n`);
      expectOneAnswer(outcomes, 200);
      const { rows } = await t.db.query<{ status: string }>(
        `SELECT status FROM bookings WHERE booking_id = $1`,
        [booked.body.booking_id],
      );
      expect(rows).toEqual([{ status: 'CANCELLED' }]);
      expect(await storedAnswers(member, key)).toEqual([{ status: 200 }]);
    }
  });

  it('a keyed request refused inside its transaction, 10 times at once: one stored refusal', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const member = members[2 * ROUNDS + round];
      const date = freshDate();
      // Already in a private room at 14:00, so a desk at 14:00 is MEMBER_DOUBLE_BOOKED.
      const held = await book(t, member, { room_type: 'PRIVATE', date, time_slot: '14:00:00' });
      expect(held.status).toBe(201);
      const key = `refused-${round}-${Date.now()}`;
      const outcomes = await fire(round, (url) =>
        request(url)
          .post('/api/v1/bookings/')
          .set(bearer(member.access))
          .set('Idempotency-Key', key)
          .send({ room_type: 'SHARED_DESK', date, time_slot: '14:00:00' }),
      );
      process.stdout.write(
        `keyed refusal round ${round + 1}: ${JSON.stringify(tally(outcomes))}\n`,
      );
      const refusals = outcomes.filter((o) => o.code === 'MEMBER_DOUBLE_BOOKED');
      expect(refusals.filter((o) => !o.replayed)).toHaveLength(1);
      expect(new Set(refusals.map((o) => o.text)).size).toBe(1);
      expect(
        outcomes.every(
          (o) => o.code === 'MEMBER_DOUBLE_BOOKED' || o.code === 'IDEMPOTENCY_KEY_IN_FLIGHT',
        ),
      ).toBe(true);
      expect(await storedAnswers(member, key)).toEqual([{ status: 409 }]);
    }
    expect(await invariantViolations(t)).toEqual([]);
  });
});
