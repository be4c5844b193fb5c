import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@app/audit';
import {
  APP_CONFIG,
  AppConfig,
  CLOCK,
  Clock,
  DomainError,
  addDays,
  formatHour,
  hasSlotBegun,
  localMoment,
} from '@app/core';
import { Transaction, isUniqueViolation } from '@app/database';
import { IdempotentRequest, IdempotencyKeys } from '@app/idempotency';
import { Outbox } from '@app/webhooks';
import { RoomType, checkParty } from './allocation.policy';
import {
  CancelForbidden,
  OccurrenceRefusal,
  SeriesConflict,
  SeriesNotFound,
  SlotInPast,
} from './booking.errors';
import { bookingChangedData, bookingCreatedData } from './booking-events';
import { BookingRepository, NewBooking, SiteRef } from './booking.repository';
import {
  BookingRequest,
  BookingService,
  BookingView,
  Actor,
  Party,
  PartyRequest,
  formatBookingId,
  inRequestedOrder,
  newBookingView,
  planOf,
} from './booking.service';
import { MEMBER_CLAIMS_UQ, ROOM_CLAIMS_UQ } from './constraints';
import { HourRange, assertCalendarDate, hoursOf, parseHourRange } from './hour-range';
import { HoursFreedHooks } from './hours-freed';
import { NormalisedRule, RecurrenceRule, normaliseRule, occurrenceDates } from './recurrence';
import { NewSeries, SeriesRepository } from './series.repository';
import { OccurrenceDecision, allocateSeries } from './series.policy';
import {
  BindingLimits,
  ClosedWeekday,
  QuotaExceeded,
  QuotaLedger,
  TooShortNotice,
  bindingLimits,
  hasQuotas,
  isOpenOn,
  minutesUntil,
  weekStart,
} from './booking-policy';
import { BookingPolicyRepository } from './booking-policy.repository';
import type { MemberRecord } from './booking.repository';

export type OnConflict = 'fail' | 'skip';

export type SeriesRequest = BookingRequest & {
  startDate: string;
  timeSlot: string;
  endTime?: string;
  /** That room of the type on every date, or nothing. */
  roomNumber?: string;
  recurrence: RecurrenceRule;
  onConflict: OnConflict;
  dryRun: boolean;
  /** A site code, as for a single booking. */
  site?: string;
};

/** A series and its occurrences (a dry run: what would be booked, with no ids). */
export interface SeriesView {
  /** null in a dry run. */
  seriesId: string | null;
  roomType: RoomType;
  startDate: string;
  startHour: number;
  endHour: number;
  recurrence: NormalisedRule;
  /** Occurrences in date order: booked now (create), or as they stand (read). */
  booked: BookingView[];
  /** Create only: the dates skipped and why. */
  skipped?: OccurrenceRefusal[];
}

/** SR + 12 upper-case letters and digits (62 bits); the schema accepts 10 to 30. */
export const SERIES_ID_PATTERN = /^SR[0-9A-Z]{10,30}$/;
const SERIES_ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function newSeriesId(): string {
  let id = 'SR';
  for (let i = 0; i < 12; i++) id += SERIES_ID_ALPHABET[randomInt(SERIES_ID_ALPHABET.length)];
  return id;
}

const isClaimViolation = (error: unknown) =>
  isUniqueViolation(error, ROOM_CLAIMS_UQ) || isUniqueViolation(error, MEMBER_CLAIMS_UQ);
const CLAIM_VIOLATION_RETRIES = 2;

/** The date a claim violation names: `Key (...)=(..., 2030-01-16, ...)`. */
function dateOfViolation(error: unknown): string {
  const pgError = error as { detail?: string; driverError?: { detail?: string } };
  return /\d{4}-\d{2}-\d{2}/.exec((pgError.driverError ?? pgError).detail ?? '')?.[0] ?? '';
}

/**
 * Runs the series transaction again (a brand-new one, which then reads the claim it collided
 * with) when a claim constraint caught what its locked reads could not see: a member booked in
 * another room type meanwhile. Past the retries, the date it collided on is the conflict.
 */
async function retryingClaimViolations<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isClaimViolation(error)) throw error;
      if (n < CLAIM_VIOLATION_RETRIES) continue;
      const taken = isUniqueViolation(error, ROOM_CLAIMS_UQ);
      throw new SeriesConflict([
        {
          date: dateOfViolation(error),
          code: taken ? 'SLOT_TAKEN' : 'MEMBER_DOUBLE_BOOKED',
          detail: taken
            ? 'No available room for the selected slot and type.'
            : 'A member already has a booking in the selected time slot.',
        },
      ]);
    }
  }
}

interface SeriesPlan {
  seriesId: string | null;
  site: SiteRef;
  range: HourRange;
  dates: string[];
  rule: NormalisedRule;
  ask: PartyRequest;
  roomNumber?: string;
  onConflict: OnConflict;
}

/**
 * Recurring series: the occurrences are ordinary bookings carrying the series id, booked in
 * one transaction with the same locks, reads and policy as a single booking.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookingService: BookingService,
    private readonly bookings: BookingRepository,
    private readonly series: SeriesRepository,
    private readonly idempotency: IdempotencyKeys,
    private readonly hoursFreed: HoursFreedHooks,
    private readonly policies: BookingPolicyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Books a series (or, as a dry run, says what would be booked and writes nothing). What
   * needs no database first: the rule and its dates, the slot, the past (the first occurrence
   * that has begun is a 400, as a single booking's), the horizon (an occurrence past it is a
   * 400 naming `recurrence`), who may book for whom. Then one transaction.
   */
  async createSeries(
    actor: Actor,
    request: SeriesRequest,
    idempotent?: IdempotentRequest<SeriesView>,
  ): Promise<SeriesView> {
    const rule = normaliseRule(request.startDate, request.recurrence);
    const range = parseHourRange(request.startDate, request.timeSlot, request.endTime);
    const site = await this.bookingService.siteFor(actor, request);
    const plan: SeriesPlan = {
      seriesId: request.dryRun ? null : newSeriesId(),
      site,
      range,
      dates: this.bookableDates(request.startDate, rule, range.startHour, site.timezone),
      rule,
      ask: this.bookingService.partyRequest(actor, request),
      roomNumber: request.roomNumber,
      onConflict: request.onConflict,
    };
    return retryingClaimViolations(() =>
      this.idempotency.transaction(idempotent, (tx) => this.allocateAndInsert(tx, actor, plan), {
        retries: 2,
      }),
    );
  }

  /** The rule's dates, the first not begun (a 400 as a single booking's), none past the horizon. */
  private bookableDates(
    startDate: string,
    rule: NormalisedRule,
    startHour: number,
    timezone: string,
  ): string[] {
    const now = localMoment(this.clock.now(), timezone);
    const horizonDays = this.config.bookingHorizonDays;
    const horizon = addDays(now.date, horizonDays);
    const beyondHorizon = (field: string, message: string) =>
      new DomainError('BEYOND_BOOKING_HORIZON', message, [{ field, message }]);
    if (startDate > horizon) {
      throw beyondHorizon(
        'start_date',
        `start_date ${startDate} is past the booking horizon (${horizon}, ${horizonDays} days ahead).`,
      );
    }
    const dates = occurrenceDates(startDate, rule);
    if (hasSlotBegun(dates[0], startHour, now)) throw new SlotInPast();
    const last = dates[dates.length - 1];
    if (last > horizon) {
      throw beyondHorizon(
        'recurrence',
        `The recurrence reaches ${last}, past the booking horizon (${horizon}, ${horizonDays} days ahead).`,
      );
    }
    return dates;
  }

  /**
   * Lock (the party, then the room-days of every date by date and room id), read every
   * date's claims at once, decide each occurrence with the single booking's policy, insert
   * the series and its occurrences and commit in one round trip. A dry run reads without
   * locking and writes nothing.
   */
  private async allocateAndInsert(
    tx: Transaction,
    actor: Actor,
    plan: SeriesPlan,
  ): Promise<SeriesView> {
    const { ask, range, dates } = plan;
    const team =
      ask.roomType === 'CONFERENCE'
        ? await this.bookingService.lockTeam(tx, actor, ask.teamId)
        : null;
    const memberIds =
      ask.roomType === 'CONFERENCE' ? (team?.members ?? []).map((m) => m.id) : ask.memberIds;
    const hours = hoursOf(range);
    const locked = await this.series.lockDatesAndReadClaims(tx, {
      roomType: ask.roomType,
      dates,
      hours,
      memberIds,
      roomNumber: plan.roomNumber,
      lock: plan.seriesId !== null,
      site: plan.site,
    });
    const party: Party = {
      roomType: ask.roomType,
      members: inRequestedOrder(actor, ask, memberIds, locked.liveMembers),
      memberId: ask.roomType === 'PRIVATE' ? memberIds[0] : null,
      team: team && { id: team.id, name: team.name },
    };
    checkParty(party.roomType, party.members);
    const limits = bindingLimits(await this.policies.readWithin(tx, plan.site.id), ask.roomType);
    const { allowed, refused } = this.datesThePolicyAllows(
      actor,
      limits,
      dates,
      range.startHour,
      plan.site.timezone,
    );
    const allocated = allocateSeries({
      roomType: party.roomType,
      hours,
      party: party.members,
      rooms: locked.rooms,
      dates: allowed,
      claimsByDate: locked.claimsByDate,
      requiredRoom: locked.namedRoom,
    });
    const decisions = [
      ...refused,
      ...(await this.withinQuotas(tx, actor, limits, {
        decisions: allocated,
        members: party.members,
        hours: hours.length,
        lock: plan.seriesId !== null,
        timezone: plan.site.timezone,
      })),
    ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const refusals = decisions.flatMap((d) => (d.refusal ? [d.refusal] : []));
    const booked = decisions.flatMap((d) => (d.allocation ? [d] : []));
    if (refusals.length > 0 && (plan.onConflict === 'fail' || booked.length === 0)) {
      throw new SeriesConflict(refusals);
    }
    const plans: NewBooking[] = booked.map(({ date, allocation }) => {
      const startingAt = locked.claimsByDate.get(date)?.bookingsStartingAt;
      const bookingId = formatBookingId(
        date,
        range.startHour,
        allocation.room.roomNumber,
        (startingAt?.get(allocation.room.id) ?? 0) + 1,
      );
      return planOf(
        bookingId,
        party,
        allocation,
        { ...range, date },
        actor.memberId,
        plan.site.timezone,
      );
    });
    const series: NewSeries = {
      id: plan.seriesId ?? '',
      roomType: party.roomType,
      startDate: range.date,
      startHour: range.startHour,
      endHour: range.endHour,
      recurrence: plan.rule,
      createdBy: actor.memberId,
    };
    const inserted =
      plan.seriesId === null
        ? plans.map(() => ({ id: 0, createdAt: this.clock.now() }))
        : await this.series.insertSeriesAndCommit(tx, series, plans, [
            // One row for the series, naming every occurrence booked (not one per occurrence).
            AuditTrail.call({
              actorId: actor.memberId,
              action: 'series.created',
              entity: 'booking',
              entityId: plan.seriesId,
              data: {
                room_type: party.roomType,
                start_hour: range.startHour,
                end_hour: range.endHour,
                recurrence: plan.rule,
                booking_ids: plans.map((p) => p.bookingId),
                dates: plans.map((p) => p.date),
                skipped_dates: refusals.map((r) => r.date),
                member_ids: party.members.map((m) => m.id),
                team_id: party.team?.id ?? null,
              },
            }),
            Outbox.call(
              'booking.created',
              plans.map((p, i) =>
                bookingCreatedData(p, booked[i].allocation.room, { seriesId: plan.seriesId }),
              ),
            ),
            Outbox.call('series.created', {
              series_id: plan.seriesId,
              room_type: party.roomType,
              start_date: range.date,
              time_slot: formatHour(range.startHour),
              end_time: formatHour(range.endHour),
              created_by: actor.memberId,
              booking_ids: plans.map((p) => p.bookingId),
              skipped_dates: refusals.map((r) => r.date),
            }),
          ]);
    return {
      ...series,
      seriesId: plan.seriesId,
      booked: plans.map((p, i) => ({
        ...newBookingView(inserted[i], p, party, booked[i].allocation, null),
        seriesId: plan.seriesId,
      })),
      skipped: refusals,
    };
  }

  /**
   * Dates a closed weekday refuses (ROOM_CLOSED, everyone) and, for non-admins, those starting
   * sooner than min_notice_min (TOO_SHORT_NOTICE); the others go on to allocation.
   */
  private datesThePolicyAllows(
    actor: Actor,
    limits: BindingLimits,
    dates: string[],
    startHour: number,
    timezone: string,
  ): { allowed: string[]; refused: OccurrenceDecision[] } {
    const now = localMoment(this.clock.now(), timezone);
    const notice = Math.max(limits.all.minNoticeMin ?? 0, limits.ofType.minNoticeMin ?? 0);
    const allowed: string[] = [];
    const refused: OccurrenceDecision[] = [];
    for (const date of dates) {
      let error: ClosedWeekday | TooShortNotice | undefined;
      const startsIn = minutesUntil(date, startHour, now);
      if (!isOpenOn(limits, date)) error = new ClosedWeekday(date);
      else if (!actor.isAdmin && startsIn < notice) error = new TooShortNotice(notice, startsIn);
      if (error) refused.push({ date, refusal: { date, code: error.code, detail: error.message } });
      else allowed.push(date);
    }
    return { allowed, refused };
  }

  /**
   * For non-admins with quotas set: the party's member rows locked in id order (not in a dry
   * run), their hours and active bookings counted, then each allocated occurrence in date order
   * counted against the limits with those before it; one that would pass a limit is refused
   * with QUOTA_EXCEEDED (and not counted).
   */
  private async withinQuotas(
    tx: Transaction,
    actor: Actor,
    limits: BindingLimits,
    series: {
      decisions: OccurrenceDecision[];
      members: MemberRecord[];
      hours: number;
      lock: boolean;
      timezone: string;
    },
  ): Promise<OccurrenceDecision[]> {
    const { decisions, members } = series;
    const dates = decisions.filter((d) => d.allocation).map((d) => d.date);
    if (actor.isAdmin || !hasQuotas(limits) || dates.length === 0) return decisions;
    const now = localMoment(this.clock.now(), series.timezone);
    const held = await this.policies.lockAndCount(tx, {
      memberIds: members.map((m) => m.id),
      from: weekStart(dates[0]),
      to: addDays(weekStart(dates[dates.length - 1]), 6),
      today: now.date,
      hour: now.hour,
      exceptPk: 0,
      lock: series.lock,
    });
    const ledger = new QuotaLedger(limits, held);
    return decisions.map((d) => {
      if (!d.allocation) return d;
      try {
        ledger.check(members, d.date, series.hours);
      } catch (error) {
        if (!(error instanceof QuotaExceeded)) throw error;
        return { date: d.date, refusal: { date: d.date, code: error.code, detail: error.message } };
      }
      ledger.add(
        members.map((m) => m.id),
        d.date,
        series.hours,
      );
      return d;
    });
  }

  /** The series with every occurrence as it stands: its creator, participants, admins; else 404. */
  async getSeries(actor: Actor, seriesId: string): Promise<SeriesView> {
    if (!SERIES_ID_PATTERN.test(seriesId)) throw new SeriesNotFound();
    const manager = this.dataSource.manager;
    const [series, visible] = await Promise.all([
      this.series.findSeries(manager, seriesId),
      actor.isAdmin ? true : this.series.isVisibleTo(manager, seriesId, actor.memberId),
    ]);
    if (!series || !visible) throw new SeriesNotFound();
    const records = await this.series.findOccurrences(manager, seriesId);
    const participants = await this.bookings.findParticipants(
      manager,
      records.map((r) => r.id),
    );
    return {
      ...series,
      seriesId: series.id,
      booked: records.map((r) => ({
        ...r,
        participants: participants.filter((p) => p.bookingPk === r.id),
      })),
    };
  }

  /**
   * Cancels every active occurrence on or after `fromDate` (default: today, so the first not
   * yet begun) that has not begun, in one transaction: the occurrences' rows locked in id
   * order, cancelled and their claims freed as a single cancel does, the freed hours handed to
   * HoursFreedHooks. Who may: as for one booking (creator, private-room occupant, admin);
   * someone else who sees the series 403, anyone else 404. Answers the cancelled booking_ids in
   * date order (none left to cancel: an empty list).
   */
  async cancelSeries(
    actor: Actor,
    seriesId: string,
    fromDate: string | undefined,
    idempotent?: IdempotentRequest<string[]>,
  ): Promise<string[]> {
    if (!SERIES_ID_PATTERN.test(seriesId)) throw new SeriesNotFound();
    if (fromDate !== undefined) assertCalendarDate(fromDate, 'from_date');
    // "Begun" is judged in the zone of the series' site. No occurrence at all: nothing to
    // cancel whatever the zone.
    const zone = (await this.series.zoneOfSeries(this.dataSource.manager, seriesId)) ?? 'UTC';
    const now = localMoment(this.clock.now(), zone);
    return this.idempotency.transaction(
      idempotent,
      async (tx) => {
        const { series, occurrences } = await this.series.lockActiveOccurrences(
          tx,
          seriesId,
          fromDate !== undefined && fromDate > now.date ? fromDate : now.date,
        );
        if (!series) throw new SeriesNotFound();
        const mayCancelAll = actor.isAdmin || series.createdBy === actor.memberId;
        const mine = mayCancelAll
          ? occurrences
          : occurrences.filter((o) => o.memberId === actor.memberId);
        if (!mayCancelAll && mine.length === 0) {
          const visible = await this.series.isVisibleTo(tx.manager, seriesId, actor.memberId);
          throw visible ? new CancelForbidden() : new SeriesNotFound();
        }
        // For non-admins, occurrences inside cancel_cutoff_min stay booked, as begun ones do.
        const limits = actor.isAdmin
          ? null
          : bindingLimits(
              // A series books at one site; with no occurrence left, only the company's rows.
              await this.policies.readWithin(tx, occurrences[0]?.siteId ?? 0),
              series.roomType,
            );
        const cutoff = Math.max(
          limits?.all.cancelCutoffMin ?? 0,
          limits?.ofType.cancelCutoffMin ?? 0,
        );
        const due = mine
          .filter((o) => !hasSlotBegun(o.date, o.startHour, now))
          .filter((o) => minutesUntil(o.date, o.startHour, now) >= cutoff)
          .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
        if (due.length === 0) return [];
        await this.series.cancelOccurrences(
          tx,
          due.map((o) => o.id),
          actor.memberId,
          this.clock.now(),
        );
        await AuditTrail.record(tx.manager, {
          actorId: actor.memberId,
          action: 'series.cancelled',
          entity: 'booking',
          entityId: seriesId,
          data: { booking_ids: due.map((o) => o.bookingId), from_date: fromDate ?? null },
        });
        // Before the promotions the freed hours may make, so the events come in causal order.
        await tx.run([
          Outbox.call(
            'booking.cancelled',
            due.map((o) =>
              bookingChangedData(o, { cancelled_by: actor.memberId, series_id: seriesId }),
            ),
          ),
          Outbox.call('series.cancelled', {
            series_id: seriesId,
            cancelled_by: actor.memberId,
            booking_ids: due.map((o) => o.bookingId),
          }),
        ]);
        await this.hoursFreed.notify(
          tx,
          due.map((o) => ({
            siteId: o.siteId,
            roomType: series.roomType,
            date: o.date,
            startHour: o.startHour,
            endHour: o.endHour,
          })),
        );
        return due.map((o) => o.bookingId);
      },
      { retries: 2 },
    );
  }
}
