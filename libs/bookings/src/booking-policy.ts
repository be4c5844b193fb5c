import { DomainError, LocalMoment, addDays } from '@app/core';
import type { RoomType } from './allocation.policy';
import type { MemberRecord } from './booking.repository';

/**
 * Booking policies, pure. Limits are set for all room types ('ALL') and per room type; every
 * limit that is set applies and a booking must pass all of them, so a room type's value can
 * only tighten the workspace-wide one:
 * - hours and active bookings: the ALL limit counts a member's bookings of every room type,
 *   the room type's limit only those of that type;
 * - min_notice_min and cancel_cutoff_min: the larger of the two;
 * - open_weekdays: a date must be open in both (ISO weekdays, 1 = Monday ... 7 = Sunday).
 */
export const POLICY_SCOPES = ['ALL', 'PRIVATE', 'CONFERENCE', 'SHARED_DESK'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

export interface PolicyLimits {
  maxHoursPerDay: number | null;
  maxHoursPerWeek: number | null;
  maxActiveBookings: number | null;
  minNoticeMin: number | null;
  cancelCutoffMin: number | null;
  /** ISO weekdays 1-7 that can be booked; null: every day. */
  openWeekdays: number[] | null;
}

export type ScopedLimits = PolicyLimits & { scope: PolicyScope };

export const NO_LIMITS: PolicyLimits = {
  maxHoursPerDay: null,
  maxHoursPerWeek: null,
  maxActiveBookings: null,
  minNoticeMin: null,
  cancelCutoffMin: null,
  openWeekdays: null,
};

/** The two scopes that bind a booking of a room type: the workspace-wide one, then the type's. */
export interface BindingLimits {
  all: PolicyLimits;
  ofType: PolicyLimits;
  roomType: RoomType;
}

export function bindingLimits(rows: ScopedLimits[], roomType: RoomType): BindingLimits {
  return {
    all: rows.find((r) => r.scope === 'ALL') ?? NO_LIMITS,
    ofType: rows.find((r) => r.scope === roomType) ?? NO_LIMITS,
    roomType,
  };
}

const stricter = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

const lower = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

/** The limits of both: the lower quotas, the longer notice and cutoff, the days open in both. */
export function stricterOf(a: PolicyLimits, b: PolicyLimits): PolicyLimits {
  return {
    maxHoursPerDay: lower(a.maxHoursPerDay, b.maxHoursPerDay),
    maxHoursPerWeek: lower(a.maxHoursPerWeek, b.maxHoursPerWeek),
    maxActiveBookings: lower(a.maxActiveBookings, b.maxActiveBookings),
    minNoticeMin: stricter(a.minNoticeMin, b.minNoticeMin),
    cancelCutoffMin: stricter(a.cancelCutoffMin, b.cancelCutoffMin),
    openWeekdays:
      a.openWeekdays === null
        ? b.openWeekdays
        : b.openWeekdays === null
          ? a.openWeekdays
          : a.openWeekdays.filter((d) => b.openWeekdays?.includes(d)),
  };
}

/**
 * A site's effective limits: the company's rows and the site's rows of one scope merged,
 * stricter wins. Quotas keep counting a member's bookings at every site, so a site's quota
 * is a tighter bound on the same count, not a separate allowance.
 */
export function mergeScopes(rows: ScopedLimits[]): ScopedLimits[] {
  const merged = new Map<PolicyScope, ScopedLimits>();
  for (const row of rows) {
    const seen = merged.get(row.scope);
    merged.set(row.scope, seen ? { ...stricterOf(seen, row), scope: row.scope } : row);
  }
  return [...merged.values()];
}

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WEEKDAY_NAMES = [
  'Mondays',
  'Tuesdays',
  'Wednesdays',
  'Thursdays',
  'Fridays',
  'Saturdays',
  'Sundays',
];

/** ISO weekday of a YYYY-MM-DD date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the ISO week of a date. */
export const weekStart = (date: string): string => addDays(date, 1 - isoWeekday(date));

export function isOpenOn(limits: BindingLimits, date: string): boolean {
  const day = isoWeekday(date);
  return [limits.all, limits.ofType].every(
    (l) => l.openWeekdays === null || l.openWeekdays.includes(day),
  );
}

/** A date the policy closes: refused as a closure is (ROOM_CLOSED), for admins too. */
export class ClosedWeekday extends DomainError {
  constructor(date: string) {
    super(
      'ROOM_CLOSED',
      `The workspace is closed on ${WEEKDAY_NAMES[isoWeekday(date) - 1]} ` +
        `(${date} is not among the policy's open_weekdays).`,
    );
  }
}

export class TooShortNotice extends DomainError {
  constructor(minNotice: number, startsIn: number) {
    super(
      'TOO_SHORT_NOTICE',
      `Bookings must start at least ${minNotice} minutes ahead (min_notice_min); ` +
        `this one starts in ${Math.max(0, Math.floor(startsIn))}.`,
    );
  }
}

export class CancelCutoff extends DomainError {
  constructor(cutoff: number, startsIn: number) {
    super(
      'CANCEL_CUTOFF',
      `Bookings can be cancelled up to ${cutoff} minutes before they start (cancel_cutoff_min); ` +
        `this one starts in ${Math.max(0, Math.floor(startsIn))}.`,
    );
  }
}

export type QuotaName = 'max_hours_per_day' | 'max_hours_per_week' | 'max_active_bookings';

export class QuotaExceeded extends DomainError {
  constructor(
    member: Pick<MemberRecord, 'id' | 'name'>,
    quota: QuotaName,
    limit: number,
    would: number,
    scope: PolicyScope,
    date: string,
  ) {
    const scopeText = scope === 'ALL' ? 'all room types' : `${scope} rooms`;
    const what =
      quota === 'max_hours_per_day'
        ? `${would} hours on ${date}`
        : quota === 'max_hours_per_week'
          ? `${would} hours in the week of ${weekStart(date)}`
          : `${would} active bookings`;
    super(
      'QUOTA_EXCEEDED',
      `${member.name} (member ${member.id}) would have ${what}, past ${quota} ${limit} (${scopeText}).`,
    );
  }
}

/**
 * Workspace-local wall-clock minutes since 1970-01-01 00:00 (as check-in compares them: slots
 * lie far from the night-time daylight-saving jumps).
 */
const wallMinutes = (date: string, hour: number, minute = 0, second = 0): number => {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second) / 60_000;
};

export const minutesUntil = (date: string, startHour: number, now: LocalMoment): number =>
  wallMinutes(date, startHour) - wallMinutes(now.date, now.hour, now.minute, now.second);

/** min_notice_min: a start sooner than that is refused; the boundary itself is allowed. */
export function assertNotice(
  limits: BindingLimits,
  date: string,
  startHour: number,
  now: LocalMoment,
): void {
  const notice = stricter(limits.all.minNoticeMin, limits.ofType.minNoticeMin);
  if (notice === null) return;
  const startsIn = minutesUntil(date, startHour, now);
  if (startsIn < notice) throw new TooShortNotice(notice, startsIn);
}

/** cancel_cutoff_min: cancelling (leaving, moving) less than that before the start is refused. */
export function assertBeforeCutoff(
  limits: BindingLimits,
  date: string,
  startHour: number,
  now: LocalMoment,
): void {
  const cutoff = stricter(limits.all.cancelCutoffMin, limits.ofType.cancelCutoffMin);
  if (cutoff === null) return;
  const startsIn = minutesUntil(date, startHour, now);
  if (startsIn < cutoff) throw new CancelCutoff(cutoff, startsIn);
}

/** True when a quota (hours or active bookings) is set in either scope: counting is needed. */
export const hasQuotas = (limits: BindingLimits): boolean =>
  [limits.all, limits.ofType].some(
    (l) => l.maxHoursPerDay !== null || l.maxHoursPerWeek !== null || l.maxActiveBookings !== null,
  );

/** A member's hours on one date, of one room type (member_claims of active bookings). */
export interface HoursHeld {
  memberId: number;
  date: string;
  roomType: RoomType;
  hours: number;
}

/** A member's active bookings (not ended), of one room type. */
export interface ActiveHeld {
  memberId: number;
  roomType: RoomType;
  bookings: number;
}

/**
 * What the quotas count, read under the members' locks; `add` records what the transaction
 * books as it decides, so the occurrences of a series count against each other.
 */
export class QuotaLedger {
  private readonly hours = new Map<string, number>();
  private readonly active = new Map<string, number>();

  constructor(
    private readonly limits: BindingLimits,
    held: { hours: HoursHeld[]; active: ActiveHeld[] },
  ) {
    for (const h of held.hours)
      this.bump(this.hours, `${h.memberId}|${h.date}|${h.roomType}`, h.hours);
    for (const a of held.active) this.bump(this.active, `${a.memberId}|${a.roomType}`, a.bookings);
  }

  private bump(map: Map<string, number>, key: string, by: number): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }

  private hoursOn(memberId: number, date: string, roomType: RoomType | null): number {
    const types: RoomType[] = roomType ? [roomType] : ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];
    return types.reduce((sum, t) => sum + (this.hours.get(`${memberId}|${date}|${t}`) ?? 0), 0);
  }

  private hoursInWeek(memberId: number, date: string, roomType: RoomType | null): number {
    const monday = weekStart(date);
    let sum = 0;
    for (let i = 0; i < 7; i++) sum += this.hoursOn(memberId, addDays(monday, i), roomType);
    return sum;
  }

  private activeOf(memberId: number, roomType: RoomType | null): number {
    const types: RoomType[] = roomType ? [roomType] : ['PRIVATE', 'CONFERENCE', 'SHARED_DESK'];
    return types.reduce((sum, t) => sum + (this.active.get(`${memberId}|${t}`) ?? 0), 0);
  }

  /**
   * Throws QuotaExceeded for the first member (in party order) a booking of `hours` hours on
   * `date` would take past a limit; a limit is inclusive (6 allows 6).
   */
  check(members: Pick<MemberRecord, 'id' | 'name'>[], date: string, hours: number): void {
    const scopes: [PolicyLimits, PolicyScope, RoomType | null][] = [
      [this.limits.all, 'ALL', null],
      [this.limits.ofType, this.limits.roomType, this.limits.roomType],
    ];
    for (const member of members) {
      for (const [limits, scope, type] of scopes) {
        const checks: [QuotaName, number | null, number][] = [
          ['max_hours_per_day', limits.maxHoursPerDay, this.hoursOn(member.id, date, type) + hours],
          [
            'max_hours_per_week',
            limits.maxHoursPerWeek,
            this.hoursInWeek(member.id, date, type) + hours,
          ],
          ['max_active_bookings', limits.maxActiveBookings, this.activeOf(member.id, type) + 1],
        ];
        for (const [quota, limit, would] of checks) {
          if (limit !== null && would > limit) {
            throw new QuotaExceeded(member, quota, limit, would, scope, date);
          }
        }
      }
    }
  }

  /** Counts a booking decided in this transaction. */
  add(memberIds: number[], date: string, hours: number): void {
    for (const id of memberIds) {
      this.bump(this.hours, `${id}|${date}|${this.limits.roomType}`, hours);
      this.bump(this.active, `${id}|${this.limits.roomType}`, 1);
    }
  }
}
