import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  APP_CONFIG,
  AppConfig,
  assertPageExists,
  CLOCK,
  CLOSING_HOUR,
  Clock,
  DomainError,
  formatHour,
  LocalMoment,
  addDays,
  hasSlotBegun,
  localMoment,
  offsetOf,
  Page,
  pageOf,
  PageRequest,
} from '@app/core';
import {
  isUniqueViolation,
  READ_DATABASE,
  ReadDatabase,
  runInTransaction,
  Transaction,
} from '@app/database';
import { AuditTrail } from '@app/audit';
import { IdempotencyKeys, IdempotentRequest } from '@app/idempotency';
import { isSameSite, SiteGuessMissed, SiteRequest, SitesService, SiteView } from '@app/rooms';
import { TeamsService } from '@app/teams';
import { UnknownMembers } from '@app/users';
import { Outbox } from '@app/webhooks';
import { Allocation, PartyMember, RoomType, allocate, checkParty } from './allocation.policy';
import {
  BookingForbidden,
  BookingNotFound,
  BookingNotFoundOrCancelled,
  CancelForbidden,
  InvalidParty,
  InvalidTimeSlot,
  MemberDoubleBooked,
  SlotTaken,
} from './booking.errors';
import {
  BookingFilters,
  BookingKey,
  BookingRecord,
  BookingRepository,
  MemberRecord,
  MovableBooking,
  NewBooking,
  ParticipantRecord,
  SiteRef,
} from './booking.repository';
import { bookingChangedData, bookingCreatedData } from './booking-events';
import {
  BOOKINGS_BOOKING_ID_UQ,
  BOOKINGS_RESCHEDULED_FROM_UQ,
  MEMBER_CLAIMS_UQ,
  ROOM_CLAIMS_UQ,
} from './constraints';
import { HourRange, assertBookable, hoursOf, parseHourRange, parseStartHour } from './hour-range';
import { HoursFreedHooks } from './hours-freed';
import { planLeave } from './leave.policy';
import {
  BindingLimits,
  ClosedWeekday,
  QuotaLedger,
  assertBeforeCutoff,
  assertNotice,
  bindingLimits,
  hasQuotas,
  isOpenOn,
  weekStart,
} from './booking-policy';
import { BookingPolicyRepository } from './booking-policy.repository';

/** Who is asking: the member id of the caller and whether they are an admin. */
export interface Actor {
  memberId: number;
  isAdmin: boolean;
}

export type BookingRequest =
  | { roomType: 'PRIVATE'; userId?: number }
  | { roomType: 'CONFERENCE'; teamId: number }
  | { roomType: 'SHARED_DESK'; userIds?: number[] };

export type BookRequest = BookingRequest & {
  date: string;
  timeSlot: string;
  endTime?: string;
  /** That room of the type or nothing. */
  roomNumber?: string;
  /** A site code; omitted: the only site, else the caller's home site, else SITE_REQUIRED. */
  site?: string;
};

/** A move: what is not given keeps its value (a new time slot alone keeps the duration). */
export interface BookingChange {
  date?: string;
  timeSlot?: string;
  endTime?: string;
  roomNumber?: string;
}

/** A booking with everyone who took part in it. */
export interface BookingView extends BookingRecord {
  participants: ParticipantRecord[];
}

export interface MyBookings {
  name: string;
  username: string | null;
  active: BookingView[];
  cancelled: BookingView[];
}

/** Who a booking is for, as asked; resolved against the database inside the transaction. */
export type PartyRequest =
  | { roomType: 'PRIVATE' | 'SHARED_DESK'; memberIds: number[] }
  | { roomType: 'CONFERENCE'; teamId: number };

/** A request past book's checks that need no database: its hours and party, defaults filled in. */
export interface CheckedRequest {
  range: HourRange;
  ask: PartyRequest;
}

interface AllocateOptions {
  /** Hold non-admins to the policies' min notice (false: a waitlist promotion). */
  notice?: boolean;
  /** The site is a guess for this request: read it again in the transaction, and check. */
  guessedFor?: SiteRequest;
}

export interface Party {
  roomType: RoomType;
  members: MemberRecord[];
  /** The private-room occupant. */
  memberId: number | null;
  team: { id: number; name: string } | null;
}

/** Human booking ids: BK + YYYYMMDD + HHMMSS + room number, optionally -n. */
export const BOOKING_ID_PATTERN = /^BK\d{14}[A-Z0-9][A-Z0-9-]*$/;
const MAX_BOOKING_ID_LENGTH = 40;

export function formatBookingId(
  date: string,
  startHour: number,
  roomNumber: string,
  ordinal: number,
): string {
  const base = `BK${date.replace(/-/g, '')}${String(startHour).padStart(2, '0')}0000${roomNumber}`;
  return ordinal <= 1 ? base : `${base}-${ordinal}`;
}

/** The members in the order asked for; unknown or deleted ids are a 400 (named to admins). */
export function inRequestedOrder(
  actor: Actor,
  ask: PartyRequest,
  ids: number[],
  live: MemberRecord[],
): MemberRecord[] {
  const byId = new Map(live.map((m) => [m.id, m]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const field = ask.roomType === 'PRIVATE' ? 'user_id' : 'user_ids';
    throw new UnknownMembers(unknown, field, actor.isAdmin);
  }
  return ids.map((id) => byId.get(id) as MemberRecord);
}

/** What the insert statements write for an allocated party. */
export function planOf(
  bookingId: string,
  party: Party,
  allocation: Allocation,
  range: HourRange,
  createdBy: number,
  timezone: string,
): NewBooking {
  return {
    bookingId,
    timezone,
    roomId: allocation.room.id,
    memberId: party.memberId,
    teamId: party.team?.id ?? null,
    date: range.date,
    startHour: range.startHour,
    endHour: range.endHour,
    createdBy,
    participants: allocation.participants,
    claimedSeats: allocation.claimedSeats,
    hours: hoursOf(range),
  };
}

/** What an audit row says of a new booking: where, when and who. */
export const auditDataOf = (plan: NewBooking, roomNumber: string, roomType: RoomType) => ({
  room_type: roomType,
  room_number: roomNumber,
  date: plan.date,
  start_hour: plan.startHour,
  end_hour: plan.endHour,
  member_ids: plan.participants.map((p) => p.memberId),
  team_id: plan.teamId,
});

/** A booking's place in the list order, for the next page's cursor. */
const keyOfBooking = (b: BookingRecord): BookingKey => ({
  date: b.date,
  startHour: b.startHour,
  roomId: b.room.id,
  id: b.id,
});

/** The booking as the transaction wrote it, with no read after the commit. */
export function newBookingView(
  inserted: { id: number; createdAt: Date },
  plan: NewBooking,
  party: Party,
  allocation: Allocation,
  rescheduledFrom: string | null,
): BookingView {
  const membersById = new Map(party.members.map((m) => [m.id, m]));
  return {
    id: inserted.id,
    bookingId: plan.bookingId,
    room: allocation.room,
    memberId: party.memberId,
    team: party.team,
    date: plan.date,
    startHour: plan.startHour,
    endHour: plan.endHour,
    status: 'ACTIVE',
    createdBy: plan.createdBy,
    createdAt: inserted.createdAt,
    cancelledAt: null,
    rescheduledFrom,
    seriesId: null,
    checkedInAt: null,
    checkedInBy: null,
    releasedAt: null,
    participants: allocation.participants
      .map((p) => ({
        bookingPk: inserted.id,
        seatNumber: p.seatNumber,
        member: membersById.get(p.memberId) as MemberRecord,
      }))
      // The order the read queries give: seated first by seat, then the rest by id.
      .sort(
        (a, b) =>
          (a.seatNumber ?? Infinity) - (b.seatNumber ?? Infinity) || a.member.id - b.member.id,
      ),
  };
}

/**
 * The hours a booking moves to: what the change gives, the rest kept; a new start alone keeps
 * the duration. Rule 1 as for a new booking.
 */
function movedRange(moved: MovableBooking, change: BookingChange): HourRange {
  const date = change.date ?? moved.date;
  if (change.timeSlot !== undefined && change.endTime === undefined) {
    const startHour = parseStartHour(change.timeSlot);
    const duration = moved.endHour - moved.startHour;
    if (startHour + duration > CLOSING_HOUR) {
      throw new InvalidTimeSlot(
        'time_slot',
        `The booking's ${duration} hours from ${formatHour(startHour)} would end after ` +
          `${formatHour(CLOSING_HOUR)}; give end_time too.`,
      );
    }
    return parseHourRange(date, change.timeSlot, formatHour(startHour + duration));
  }
  return parseHourRange(
    date,
    change.timeSlot ?? formatHour(moved.startHour),
    change.endTime ?? formatHour(moved.endHour),
  );
}

const isWellFormedBookingId = (id: string) =>
  id.length <= MAX_BOOKING_ID_LENGTH && BOOKING_ID_PATTERN.test(id);

@Injectable()
export class BookingService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly bookings: BookingRepository,
    private readonly teams: TeamsService,
    private readonly idempotency: IdempotencyKeys,
    private readonly hoursFreed: HoursFreedHooks,
    private readonly policies: BookingPolicyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sites: SitesService,
  ) {}

  /** Now in a site's zone, by the service's clock (CLOCK_OFFSET_S included). */
  localNow(timezone: string): LocalMoment {
    return localMoment(this.clock.now(), timezone);
  }

  /**
   * What the policy says of the hours alone, before any room is judged: a closed weekday
   * refuses everyone; a start sooner than min_notice_min (on the clock of `timezone`, the
   * site's) refuses non-admins (not checked when `notice` is false: a waitlist promotion,
   * whose request was checked when it joined).
   */
  checkPolicyDate(
    actor: Actor,
    limits: BindingLimits,
    range: HourRange,
    notice: boolean,
    timezone: string,
  ): void {
    if (!isOpenOn(limits, range.date)) throw new ClosedWeekday(range.date);
    if (actor.isAdmin || !notice) return;
    assertNotice(limits, range.date, range.startHour, this.localNow(timezone));
  }

  /**
   * The quotas of a booking of `members` on `range`, for non-admins, decided under the
   * transaction's locks: the party's member rows locked in id order, then counted in a fresh
   * snapshot. No quota set: no lock, no count.
   */
  async enforceQuotas(
    tx: Transaction,
    actor: Actor,
    limits: BindingLimits,
    booking: { range: HourRange; members: MemberRecord[]; exceptPk?: number; timezone: string },
  ): Promise<void> {
    const { range, members } = booking;
    if (actor.isAdmin || !hasQuotas(limits)) return;
    const now = this.localNow(booking.timezone);
    const monday = weekStart(range.date);
    const held = await this.policies.lockAndCount(tx, {
      memberIds: members.map((m) => m.id),
      from: monday,
      to: addDays(monday, 6),
      today: now.date,
      hour: now.hour,
      exceptPk: booking.exceptPk ?? 0,
      lock: true,
    });
    new QuotaLedger(limits, held).check(members, range.date, range.endHour - range.startHour);
  }

  /** The site a request is for: `site`, else the only one, else the actor's home site. */
  siteFor(actor: Actor, request: { site?: string }): Promise<SiteView> {
    return this.sites.siteForRequest(request.site, actor.memberId);
  }

  /**
   * Creates a booking. Checks what needs no database first (slot shape, past, horizon, who
   * may book for whom), then one transaction: lock the party's rows and the room-days, read
   * the claims, let the policy decide, write. The response is built from what the
   * transaction wrote, with no read after the commit.
   */
  async book(
    actor: Actor,
    request: BookRequest,
    idempotent?: IdempotentRequest<BookingView>,
  ): Promise<BookingView> {
    // The site this process last found for the same request saves the read's round trip: the
    // transaction reads it again with its first statements and must find the same. A guess
    // that fails the checks or is not the site read: the request starts over without it.
    const where: SiteRequest = { code: request.site, memberId: actor.memberId };
    const guess = this.sites.guessSiteForRequest(where.code, where.memberId);
    const checked = guess && this.checkedOrNull(actor, request, guess);
    if (guess && checked) {
      try {
        return await this.bookAt(actor, request, guess, checked, idempotent, where);
      } catch (error) {
        if (!(error instanceof SiteGuessMissed)) throw error;
      }
    }
    const site = await this.siteFor(actor, request);
    return this.bookAt(actor, request, site, this.checkRequest(actor, request, site), idempotent);
  }

  private bookAt(
    actor: Actor,
    request: BookRequest,
    site: SiteRef,
    { range, ask }: CheckedRequest,
    idempotent: IdempotentRequest<BookingView> | undefined,
    guessedFor?: SiteRequest,
  ): Promise<BookingView> {
    return this.idempotency.transaction(
      idempotent,
      (tx) =>
        this.allocateAndInsert(tx, actor, range, ask, request.roomNumber, site, 'commit', {
          guessedFor,
        }),
      { retries: 2 },
    );
  }

  /** checkRequest's answer, or null where it refuses. */
  private checkedOrNull(actor: Actor, request: BookRequest, site: SiteRef): CheckedRequest | null {
    try {
      return this.checkRequest(actor, request, site);
    } catch {
      return null;
    }
  }

  /**
   * What book checks before its transaction (rule 1, the past, the horizon, who may book for
   * whom where no database is needed), with the defaults filled in: the hours and the party
   * as they would be booked.
   */
  checkRequest(actor: Actor, request: BookRequest, site: SiteRef): CheckedRequest {
    const range = parseHourRange(request.date, request.timeSlot, request.endTime);
    assertBookable(
      range,
      localMoment(this.clock.now(), site.timezone),
      this.config.bookingHorizonDays,
    );
    return { range, ask: this.partyRequest(actor, request) };
  }

  /**
   * book inside a transaction the caller owns and commits (the waitlist's promotion, in the
   * transaction that freed the hours): the same checks, locks, allocation and writes, no commit.
   */
  async bookWithin(
    tx: Transaction,
    actor: Actor,
    request: BookRequest,
    site: SiteRef,
  ): Promise<BookingView> {
    const { range, ask } = this.checkRequest(actor, request, site);
    return this.allocateAndInsert(tx, actor, range, ask, request.roomNumber, site, 'no-commit', {
      notice: false,
    });
  }

  /**
   * What book would answer now, decided under the same locks in the caller's transaction,
   * writing nothing: resolves when the booking would be made, else throws its refusal. The
   * room-days stay locked until the caller's transaction ends.
   */
  async decideWithin(
    tx: Transaction,
    actor: Actor,
    request: BookRequest,
    site: SiteRef,
  ): Promise<void> {
    const { range, ask } = this.checkRequest(actor, request, site);
    await this.lockAndAllocate(tx, actor, range, ask, request.roomNumber, site);
  }

  /** The room-days of a type at a site on a date, locked in room-id order as a booking locks them. */
  async lockRoomDays(
    tx: Transaction,
    roomType: RoomType,
    date: string,
    siteId: number,
  ): Promise<void> {
    await this.bookings.lockRoomDays(tx, roomType, date, siteId);
  }

  /** Lock, read, decide, write: two round trips (three for a team), commit included. */
  private async allocateAndInsert(
    tx: Transaction,
    actor: Actor,
    range: HourRange,
    ask: PartyRequest,
    roomNumber: string | undefined,
    site: SiteRef,
    commit: 'commit' | 'no-commit',
    options: AllocateOptions = {},
  ): Promise<BookingView> {
    const { party, allocation, plan } = await this.lockAndAllocate(
      tx,
      actor,
      range,
      ask,
      roomNumber,
      site,
      options,
    );
    let inserted: { id: number; createdAt: Date };
    const events = [Outbox.call('booking.created', bookingCreatedData(plan, allocation.room))];
    try {
      // A promotion's caller (the waitlist) writes its own audit row, booking.promoted.
      inserted =
        commit === 'commit'
          ? await this.bookings.insertPlanAndCommit(tx, plan, [
              AuditTrail.call({
                actorId: actor.memberId,
                action: 'booking.created',
                entity: 'booking',
                entityId: plan.bookingId,
                data: auditDataOf(plan, allocation.room.roomNumber, party.roomType),
              }),
              ...events,
            ])
          : await this.bookings.insertPlan(tx, plan, events);
    } catch (error) {
      throw this.translateViolation(error, party.members);
    }
    return newBookingView(inserted, plan, party, allocation, null);
  }

  /** Lock the team and the room-days, read the claims, let the policy decide; no write. */
  private async lockAndAllocate(
    tx: Transaction,
    actor: Actor,
    range: HourRange,
    ask: PartyRequest,
    roomNumber: string | undefined,
    site: SiteRef,
    { notice = true, guessedFor }: AllocateOptions = {},
  ): Promise<{ party: Party; allocation: Allocation; plan: NewBooking }> {
    const team = ask.roomType === 'CONFERENCE' ? await this.lockTeam(tx, actor, ask.teamId) : null;
    const memberIds =
      ask.roomType === 'CONFERENCE' ? (team?.members ?? []).map((m) => m.id) : ask.memberIds;
    const hours = hoursOf(range);
    const { rooms, liveMembers, bookingsStartingAt, namedRoom, policies, siteNow, ...claims } =
      await this.bookings.lockSlotAndReadClaims(
        tx,
        ask.roomType,
        range.date,
        hours,
        memberIds,
        roomNumber,
        site,
        guessedFor,
      );
    if (guessedFor && !isSameSite(siteNow, site)) throw new SiteGuessMissed();
    const limits = bindingLimits(policies, ask.roomType);
    this.checkPolicyDate(actor, limits, range, notice, site.timezone);
    if (rooms.length === 0 && !namedRoom) throw new SlotTaken();
    const party: Party = {
      roomType: ask.roomType,
      members: inRequestedOrder(actor, ask, memberIds, liveMembers),
      memberId: ask.roomType === 'PRIVATE' ? memberIds[0] : null,
      team: team && { id: team.id, name: team.name },
    };
    checkParty(party.roomType, party.members);
    const allocation = allocate({
      roomType: party.roomType,
      hours,
      party: party.members,
      rooms,
      ...claims,
      requiredRoom: namedRoom,
    });
    await this.enforceQuotas(tx, actor, limits, {
      range,
      members: party.members,
      timezone: site.timezone,
    });
    const bookingId = formatBookingId(
      range.date,
      range.startHour,
      allocation.room.roomNumber,
      (bookingsStartingAt.get(allocation.room.id) ?? 0) + 1,
    );
    return {
      party,
      allocation,
      plan: planOf(bookingId, party, allocation, range, actor.memberId, site.timezone),
    };
  }

  /** A constraint that caught what the locked reads could not see gives the policy's answer. */
  translateViolation(error: unknown, members: PartyMember[]): unknown {
    if (isUniqueViolation(error, ROOM_CLAIMS_UQ)) return new SlotTaken();
    // A namesake room of another site took the same booking id first (their locks are not
    // shared): a fresh transaction counts it and takes the next suffix.
    if (isUniqueViolation(error, BOOKINGS_BOOKING_ID_UQ)) return new BookingIdRaced();
    // The booking row lock makes a second move of one booking wait and then find it cancelled.
    if (isUniqueViolation(error, BOOKINGS_RESCHEDULED_FROM_UQ)) {
      return new BookingNotFoundOrCancelled();
    }
    if (isUniqueViolation(error, MEMBER_CLAIMS_UQ)) {
      const pgError = error as { detail?: string; driverError?: { detail?: string } };
      const detail = (pgError.driverError ?? pgError).detail ?? '';
      const id = Number(/\((\d+),/.exec(detail.split('=')[1] ?? '')?.[1]);
      const member = members.find((m) => m.id === id) ?? members[0];
      return new MemberDoubleBooked(member);
    }
    return error;
  }

  /** Occupants asked for, with defaults and rule 8 where no database is needed. */
  partyRequest(actor: Actor, request: BookingRequest): PartyRequest {
    switch (request.roomType) {
      case 'PRIVATE': {
        const userId = request.userId ?? actor.memberId;
        if (!actor.isAdmin && userId !== actor.memberId) throw new BookingForbidden();
        return { roomType: 'PRIVATE', memberIds: [userId] };
      }
      case 'SHARED_DESK': {
        const userIds = request.userIds ?? [actor.memberId];
        if (new Set(userIds).size !== userIds.length) {
          throw new DomainError('VALIDATION_FAILED', 'user_ids must not contain duplicates', [
            { field: 'user_ids', message: 'user_ids must not contain duplicates' },
          ]);
        }
        if (!actor.isAdmin && !userIds.includes(actor.memberId)) throw new BookingForbidden();
        return { roomType: 'SHARED_DESK', memberIds: userIds };
      }
      case 'CONFERENCE':
        return { roomType: 'CONFERENCE', teamId: request.teamId };
    }
  }

  /**
   * The live team and its live members, locked FOR KEY SHARE until commit so a concurrent
   * soft delete or membership change waits for this booking. Unknown team: 404; a non-admin
   * outside the team: 403.
   */
  async lockTeam(tx: Transaction, actor: Actor, teamId: number) {
    const team = await this.teams.lockForBooking(tx, teamId);
    if (!actor.isAdmin && !team.members.some((m) => m.id === actor.memberId)) {
      throw new BookingForbidden();
    }
    return team;
  }

  /**
   * Soft cancel: lock the booking row, check it is active and who asks, flip the status and
   * free every claim, all in one transaction. Contract rule 9: unknown or cancelled is a 404,
   * someone else's active booking a 403 (unlike GET, which hides it behind a 404).
   */
  async cancel(
    actor: Actor,
    bookingId: string,
    idempotent?: IdempotentRequest<void>,
  ): Promise<void> {
    if (!isWellFormedBookingId(bookingId)) throw new BookingNotFoundOrCancelled();
    await this.idempotency.transaction(
      idempotent,
      async (tx) => {
        const booking = await this.bookings.lockBooking(tx.manager, bookingId);
        if (!booking || booking.status !== 'ACTIVE') throw new BookingNotFoundOrCancelled();
        const mayCancel =
          actor.isAdmin ||
          booking.createdBy === actor.memberId ||
          booking.memberId === actor.memberId;
        if (!mayCancel) throw new CancelForbidden();
        await this.assertCancellable(tx, actor, booking);
        await this.bookings.cancelAndReleaseClaims(
          tx.manager,
          booking.id,
          actor.memberId,
          this.clock.now(),
        );
        await AuditTrail.record(tx.manager, {
          actorId: actor.memberId,
          action: 'booking.cancelled',
          entity: 'booking',
          entityId: bookingId,
          data: { date: booking.date, start_hour: booking.startHour, end_hour: booking.endHour },
        });
        // Before the promotions the freed hours may make, so the events come in causal order.
        await Outbox.enqueue(
          tx.manager,
          'booking.cancelled',
          bookingChangedData({ ...booking, bookingId }, { cancelled_by: actor.memberId }),
        );
        await this.hoursFreed.notify(tx, [booking]);
      },
      { retries: 2 },
    );
  }

  /**
   * A participant who did not create the booking leaves it: lock the booking row (so a racing
   * cancel or leave waits), read who is still in it, mark the leaver gone and free their
   * member-hours and desk seat; a booking left without an adult is cancelled. Answers the
   * booking as it now stands. Unknown, cancelled or not the caller's: 404, as for cancel.
   */
  async leave(actor: Actor, bookingId: string): Promise<BookingView> {
    if (!isWellFormedBookingId(bookingId)) throw new BookingNotFoundOrCancelled();
    return runInTransaction(
      this.dataSource,
      async (tx) => {
        const { manager } = tx;
        const booking = await this.bookings.lockBooking(manager, bookingId);
        if (!booking || booking.status !== 'ACTIVE') throw new BookingNotFoundOrCancelled();
        const participants = await this.bookings.findCurrentParticipants(manager, booking.id);
        const { cancelsBooking } = planLeave(booking.createdBy, participants, actor.memberId);
        await this.assertCancellable(tx, actor, booking);
        await this.bookings.releaseParticipant(manager, booking.id, actor.memberId);
        if (cancelsBooking) {
          await this.bookings.cancelAndReleaseClaims(
            manager,
            booking.id,
            actor.memberId,
            this.clock.now(),
          );
          await Outbox.enqueue(
            manager,
            'booking.cancelled',
            bookingChangedData({ ...booking, bookingId }, { cancelled_by: actor.memberId }),
          );
        }
        await AuditTrail.record(manager, {
          actorId: actor.memberId,
          action: 'booking.left',
          entity: 'booking',
          entityId: bookingId,
          data: { member_id: actor.memberId, booking_cancelled: cancelsBooking },
        });
        const record = await this.bookings.findVisibleBooking(manager, bookingId, null);
        if (!record) throw new BookingNotFoundOrCancelled();
        const [view] = await this.withParticipants(manager, [record]);
        return view;
      },
      { retries: 2 },
    );
  }

  /**
   * Moves an active booking that has not begun: the same party, new hours (and maybe date or
   * room), in one transaction that books the new hours and frees the old, or changes nothing.
   * Who may: as for cancel. Answers the new booking; the old one is CANCELLED.
   */
  async reschedule(actor: Actor, bookingId: string, change: BookingChange): Promise<BookingView> {
    if (!isWellFormedBookingId(bookingId)) throw new BookingNotFoundOrCancelled();
    if (Object.values(change).every((v) => v === undefined)) {
      const message = 'Give at least one of date, time_slot, end_time, room_number.';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'body', message }]);
    }
    return runInTransaction(
      this.dataSource,
      async (tx) => {
        // Lock: the booking row, so a racing cancel, leave or move of it waits.
        const moved = await this.bookings.lockBookingForMove(tx, bookingId);
        if (!moved || moved.status !== 'ACTIVE') throw new BookingNotFoundOrCancelled();
        // Its time rules are its site's; a move stays at that site.
        const now = this.localNow(moved.siteTimezone);
        if (hasSlotBegun(moved.date, moved.startHour, now)) throw new BookingNotFoundOrCancelled();
        const mayMove =
          actor.isAdmin || moved.createdBy === actor.memberId || moved.memberId === actor.memberId;
        if (!mayMove) throw new CancelForbidden();
        const range = movedRange(moved, change);
        assertBookable(range, now, this.config.bookingHorizonDays);
        // Moving gives the old hours back: as late as a cancel may be, no later.
        await this.assertCancellable(tx, actor, {
          ...moved,
          roomType: moved.room.roomType,
          siteId: moved.site.id,
        });
        return this.moveAndCommit(tx, actor, moved, range, change.roomNumber);
      },
      { retries: 2 },
    );
  }

  /** Lock the room-days, read the claims but the booking's own, decide, write; then commit. */
  private async moveAndCommit(
    tx: Transaction,
    actor: Actor,
    moved: MovableBooking,
    range: HourRange,
    roomNumber: string | undefined,
  ): Promise<BookingView> {
    const roomType = moved.room.roomType;
    const hours = hoursOf(range);
    const memberIds = moved.participants.map((p) => p.memberId);
    const { rooms, liveMembers, bookingsStartingAt, namedRoom, policies, ...claims } =
      await this.bookings.lockDatesAndReadClaimsExcept(tx, {
        roomType,
        dates: [...new Set([moved.date, range.date])].sort(),
        date: range.date,
        hours,
        memberIds,
        movedPk: moved.id,
        roomNumber,
        site: moved.site,
      });
    const limits = bindingLimits(policies, roomType);
    this.checkPolicyDate(actor, limits, range, true, moved.site.timezone);
    const liveById = new Map(liveMembers.map((m) => [m.id, m]));
    // Members of an active booking cannot be deleted, so this is a safety net.
    if (memberIds.some((id) => !liveById.has(id))) {
      throw new InvalidParty('A member of this booking no longer exists.');
    }
    const party: Party = {
      roomType,
      members: memberIds.map((id) => liveById.get(id) as MemberRecord),
      memberId: moved.memberId,
      team: moved.team,
    };
    const allocation = allocate({
      roomType,
      hours,
      party: party.members,
      rooms,
      ...claims,
      requiredRoom: namedRoom,
      preferredRoomId: moved.room.id,
    });
    await this.enforceQuotas(tx, actor, limits, {
      range,
      members: party.members,
      exceptPk: moved.id,
      timezone: moved.site.timezone,
    });
    const bookingId = formatBookingId(
      range.date,
      range.startHour,
      allocation.room.roomNumber,
      (bookingsStartingAt.get(allocation.room.id) ?? 0) + 1,
    );
    // The booking stays its creator's, whoever moves it.
    const plan = planOf(bookingId, party, allocation, range, moved.createdBy, moved.site.timezone);
    let inserted: { id: number; createdAt: Date };
    const events = [
      Outbox.call(
        'booking.cancelled',
        bookingChangedData(moved, { cancelled_by: actor.memberId, rescheduled_to: bookingId }),
      ),
      Outbox.call(
        'booking.created',
        bookingCreatedData(plan, allocation.room, { rescheduledFrom: moved.bookingId }),
      ),
    ];
    try {
      inserted = await this.bookings.moveAndCommit(
        tx,
        {
          movedPk: moved.id,
          movedBookingId: moved.bookingId,
          cancelledBy: actor.memberId,
          cancelledAt: this.clock.now(),
          plan,
        },
        [
          AuditTrail.call({
            actorId: actor.memberId,
            action: 'booking.rescheduled',
            entity: 'booking',
            entityId: moved.bookingId,
            data: {
              new_booking_id: plan.bookingId,
              before: {
                room_number: moved.room.roomNumber,
                date: moved.date,
                start_hour: moved.startHour,
                end_hour: moved.endHour,
              },
              after: {
                room_number: allocation.room.roomNumber,
                date: plan.date,
                start_hour: plan.startHour,
                end_hour: plan.endHour,
              },
            },
          }),
          ...events,
        ],
      );
    } catch (error) {
      throw this.translateViolation(error, party.members);
    }
    return newBookingView(inserted, plan, party, allocation, moved.bookingId);
  }

  /** cancel_cutoff_min, for non-admins: one read of the policies in the caller's transaction. */
  async assertCancellable(
    tx: Transaction,
    actor: Actor,
    booking: {
      roomType: RoomType;
      date: string;
      startHour: number;
      siteId: number;
      siteTimezone: string;
    },
  ): Promise<void> {
    if (actor.isAdmin) return;
    const limits = bindingLimits(
      await this.policies.readWithin(tx, booking.siteId),
      booking.roomType,
    );
    if (limits.all.cancelCutoffMin === null && limits.ofType.cancelCutoffMin === null) return;
    // The cutoff is judged on the booking's site's clock.
    assertBeforeCutoff(
      limits,
      booking.date,
      booking.startHour,
      this.localNow(booking.siteTimezone),
    );
  }

  async getBooking(actor: Actor, bookingId: string): Promise<BookingView> {
    if (!isWellFormedBookingId(bookingId)) throw new BookingNotFound();
    const find = async (manager: EntityManager) => {
      const record = await this.bookings.findVisibleBooking(
        manager,
        bookingId,
        actor.isAdmin ? null : actor.memberId,
      );
      return record && (await this.withParticipants(manager, [record]))[0];
    };
    // A booking just made may not have reached a lagging replica: a miss asks the primary.
    const view =
      (await this.read.run(find)) ??
      (this.read.hasReplica ? await find(this.dataSource.manager) : undefined);
    if (!view) throw new BookingNotFound();
    return view;
  }

  /**
   * Admins see every booking; others those they created or take part in. A cursor page
   * (`request.after`) keeps the count of the walk's first page.
   */
  async listBookings(
    actor: Actor,
    filters: BookingFilters,
    request: PageRequest<BookingKey>,
  ): Promise<Page<BookingView, BookingKey>> {
    const viewer = actor.isAdmin ? null : actor.memberId;
    return this.read.run(async (manager) => {
      const [count, records] = await Promise.all([
        request.count ?? this.bookings.countBookings(manager, viewer, filters),
        this.bookings.findBookingPage(manager, viewer, filters, {
          limit: request.pageSize + 1,
          offset: offsetOf(request),
          after: request.after,
        }),
      ]);
      assertPageExists(request, records.length);
      const page = pageOf(request, count, records, keyOfBooking);
      return { ...page, items: await this.withParticipants(manager, page.items) };
    });
  }

  /** The caller's own history (created or taking part), split active / cancelled. */
  async listMyBookings(actor: Actor): Promise<MyBookings> {
    // Three statements at once: the participants query finds the member's bookings itself.
    const [info, records, participants] = await this.read.run((manager) =>
      Promise.all([
        this.bookings.findUserInfo(manager, actor.memberId),
        this.bookings.findBookingsOf(manager, actor.memberId),
        this.bookings.findParticipantsOfBookingsOf(manager, actor.memberId),
      ]),
    );
    const views = withParticipantsFrom(records, participants);
    return {
      name: info?.name ?? '',
      username: info?.username ?? null,
      active: views.filter((b) => b.status === 'ACTIVE'),
      // Released no-shows are listed with the cancelled ones (with their own status).
      cancelled: views.filter((b) => b.status !== 'ACTIVE'),
    };
  }

  /** Attaches participants to any number of bookings with one query. */
  private async withParticipants(
    manager: EntityManager,
    records: BookingRecord[],
  ): Promise<BookingView[]> {
    const participants = await this.bookings.findParticipants(
      manager,
      records.map((r) => r.id),
    );
    return withParticipantsFrom(records, participants);
  }
}

/**
 * The records as views, each given its participants (ordered by booking): the records are
 * extended in place rather than copied, which my-bookings does 500 times per request.
 */
function withParticipantsFrom(
  records: BookingRecord[],
  participants: ParticipantRecord[],
): BookingView[] {
  const views = records as BookingView[];
  const byId = new Map<number, BookingView>();
  for (const view of views) {
    view.participants = [];
    byId.set(view.id, view);
  }
  for (const p of participants) byId.get(p.bookingPk)?.participants.push(p);
  return views;
}

/** Looks like a serialization failure to the transaction helper, so the booking is retried. */
class BookingIdRaced extends Error {
  readonly code = '40001';
}
