import { Answer, call } from './http';
import { Member, dayFromToday } from './seed';

export interface BookingPlan {
  k: number;
  member: Member;
  body: { room_type: 'PRIVATE' | 'SHARED_DESK'; date: string; time_slot: string; end_time: string };
}

export interface Outcome extends Answer {
  plan: BookingPlan;
  /** ms since the load started, when the request was sent. */
  sentAt: number;
}

const DATES = 200;
const PAIRS = [9, 11, 13, 15];
const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00:00`;

/**
 * The k-th booking: two-hour bookings (so a booking writes several claims), consecutive k on
 * different days; each (day, two hours) gets 8 private rooms and 12 single-seat desk bookings,
 * exactly the capacity; no member twice in one day. Every plan succeeds while the API and its
 * database are up. `firstDay` keeps loads of different tests apart.
 */
export function bookingPlan(k: number, members: Member[], firstDay: number): BookingPlan {
  const dateIndex = k % DATES;
  const s = Math.floor(k / DATES);
  if (s >= PAIRS.length * 20) throw new Error('plan capacity exhausted');
  const start = PAIRS[s % PAIRS.length];
  return {
    k,
    member: members[(dateIndex * 13 + s) % members.length],
    body: {
      room_type: Math.floor(s / PAIRS.length) < 8 ? 'PRIVATE' : 'SHARED_DESK',
      date: dayFromToday(firstDay + dateIndex),
      time_slot: hh(start),
      end_time: hh(start + 2),
    },
  };
}

/** `workers` clients, each sending its next booking as soon as the last one is answered. */
export class BookingLoad {
  readonly outcomes: Outcome[] = [];
  private next = 0;
  private running = true;
  private readonly done: Promise<void>;
  private readonly started = performance.now();

  constructor(
    private readonly url: () => string,
    private readonly members: Member[],
    workers: number,
    private readonly firstDay: number,
  ) {
    this.done = Promise.all(Array.from({ length: workers }, () => this.worker())).then(
      () => undefined,
    );
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  async stop(): Promise<Outcome[]> {
    this.running = false;
    await this.done;
    return this.outcomes;
  }

  private async worker(): Promise<void> {
    while (this.running) {
      const plan = bookingPlan(this.next++, this.members, this.firstDay);
      const sentAt = this.elapsed();
      const answer = await call(
        this.url(),
        'POST',
        '/api/v1/bookings/',
        plan.member.token,
        plan.body,
      );
      this.outcomes.push({ ...answer, plan, sentAt });
      // No answer (API down): do not spin.
      if (answer.status === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export type Acknowledged = Outcome & { body: { booking_id: string } };

/** Answered 201: the client knows its booking exists. */
export const isAcknowledged = (o: Outcome): o is Acknowledged => o.status === 201;

/**
 * The database went away before the answer did (503 DATABASE_UNAVAILABLE, or no answer): the
 * client cannot tell whether the booking committed. It may have, if its COMMIT reached the
 * server and only the reply was lost.
 */
export const isAnswerLost = (o: Outcome): boolean =>
  o.status === 0 || (o.status === 503 && o.body?.code === 'DATABASE_UNAVAILABLE');

/** A load's request for a booking: one member never books one day twice. */
export const requestKey = (memberId: number, date: string, timeSlot: string): string =>
  `${memberId} ${date} ${timeSlot}`;

export function countBy<T>(items: T[], key: (item: T) => string | number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
