import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, CLOCK, Clock, DomainError, localMoment } from '@app/core';
import { isUniqueViolation, runInTransaction } from '@app/database';
import { PartyMember, RoomType, allocate, checkParty } from './allocation.policy';
import {
  BookingForbidden,
  BookingNotFound,
  BookingNotFoundOrCancelled,
  CancelForbidden,
  MemberDoubleBooked,
  PageNotFound,
  SlotTaken,
  TeamNotFound,
  UnknownMembers,
} from './booking.errors';
import {
  BookingFilters,
  BookingRecord,
  BookingRepository,
  MemberRecord,
  ParticipantRecord,
} from './booking.repository';
import { MEMBER_CLAIMS_UQ, ROOM_CLAIMS_UQ } from './constraints';
import { HourRange, assertBookable, hoursOf, parseHourRange } from './hour-range';

/** Who is asking: the member id of the caller and whether they are an admin. */
export interface Actor {
  memberId: number;
  isAdmin: boolean;
}

export type BookingRequest =
  | { roomType: 'PRIVATE'; userId?: number }
  | { roomType: 'CONFERENCE'; teamId: number }
  | { roomType: 'SHARED_DESK'; userIds?: number[] };

export type BookRequest = BookingRequest & { date: string; timeSlot: string; endTime?: string };

/** A booking with everyone who took part in it. */
export interface BookingView extends BookingRecord {
  participants: ParticipantRecord[];
}

export interface BookingPage {
  total: number;
  page: number;
  pageSize: number;
  bookings: BookingView[];
}

export interface MyBookings {
  name: string;
  username: string | null;
  active: BookingView[];
  cancelled: BookingView[];
}

interface Party {
  roomType: RoomType;
  members: MemberRecord[];
  memberId: number | null;
  teamId: number | null;
}

/** Human booking ids: BK + YYYYMMDD + HHMMSS + room number, optionally -n. */
export const BOOKING_ID_PATTERN = /^BK\d{14}[A-Z0-9]+(-\d+)?$/;
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

const isWellFormedBookingId = (id: string) =>
  id.length <= MAX_BOOKING_ID_LENGTH && BOOKING_ID_PATTERN.test(id);

@Injectable()
export class BookingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Creates a booking: checks what needs no lock, then lock, read, decide, write. */
  async book(actor: Actor, request: BookRequest): Promise<BookingView> {
    const range = parseHourRange(request.date, request.timeSlot, request.endTime);
    assertBookable(
      range,
      localMoment(this.clock.now(), this.config.workspaceTimezone),
      this.config.bookingHorizonDays,
    );
    const party = await this.resolveParty(actor, request);
    checkParty(party.roomType, party.members);

    const bookingId = await runInTransaction(
      this.dataSource,
      (manager) => this.allocateAndInsert(manager, actor, range, party),
      { lockTimeoutMs: this.config.lockTimeoutMs, retries: 2 },
    );
    return this.getBooking({ memberId: actor.memberId, isAdmin: true }, bookingId);
  }

  private async allocateAndInsert(
    manager: EntityManager,
    actor: Actor,
    range: HourRange,
    party: Party,
  ): Promise<string> {
    const hours = hoursOf(range);
    const rooms = await this.bookings.findRoomsOfType(manager, party.roomType);
    if (rooms.length === 0) throw new SlotTaken();
    const roomIds = rooms.map((r) => r.id);
    const memberIds = party.members.map((m) => m.id);

    await this.bookings.lockRoomDays(manager, roomIds, range.date);
    // The party was read before the transaction; make sure nobody was deleted since.
    const { liveMemberIds, teamLive } = await this.bookings.lockLiveParty(
      manager,
      memberIds,
      party.teamId,
    );
    if (!teamLive) throw new TeamNotFound();
    const gone = memberIds.filter((id) => !liveMemberIds.includes(id));
    if (gone.length > 0) throw new UnknownMembers(gone);
    const claims = await this.bookings.findOverlappingClaims(
      manager,
      range.date,
      hours,
      roomIds,
      memberIds,
    );
    const allocation = allocate({
      roomType: party.roomType,
      hours,
      party: party.members,
      rooms,
      ...claims,
    });
    const earlier = await this.bookings.countBookingsStartingAt(
      manager,
      allocation.room.id,
      range.date,
      range.startHour,
    );
    const bookingId = formatBookingId(
      range.date,
      range.startHour,
      allocation.room.roomNumber,
      earlier + 1,
    );
    try {
      await this.bookings.insertPlan(manager, {
        bookingId,
        roomId: allocation.room.id,
        memberId: party.memberId,
        teamId: party.teamId,
        date: range.date,
        startHour: range.startHour,
        endHour: range.endHour,
        createdBy: actor.memberId,
        participants: allocation.participants,
        claimedSeats: allocation.claimedSeats,
        hours,
      });
    } catch (error) {
      throw this.translateViolation(error, party.members);
    }
    return bookingId;
  }

  /** A constraint that caught what the locked reads could not see gives the policy's answer. */
  private translateViolation(error: unknown, members: PartyMember[]): unknown {
    if (isUniqueViolation(error, ROOM_CLAIMS_UQ)) return new SlotTaken();
    if (isUniqueViolation(error, MEMBER_CLAIMS_UQ)) {
      const detail = (error as { driverError?: { detail?: string } }).driverError?.detail ?? '';
      const id = Number(/\((\d+),/.exec(detail.split('=')[1] ?? '')?.[1]);
      const member = members.find((m) => m.id === id) ?? members[0];
      return new MemberDoubleBooked(member);
    }
    return error;
  }

  /** Occupants per room type, defaults, rule 8 (non-admins book only what they take part in). */
  private async resolveParty(actor: Actor, request: BookingRequest): Promise<Party> {
    const manager = this.dataSource.manager;
    switch (request.roomType) {
      case 'PRIVATE': {
        const userId = request.userId ?? actor.memberId;
        if (!actor.isAdmin && userId !== actor.memberId) throw new BookingForbidden();
        const members = await this.findMembers(manager, [userId]);
        return { roomType: 'PRIVATE', members, memberId: userId, teamId: null };
      }
      case 'SHARED_DESK': {
        const userIds = request.userIds ?? [actor.memberId];
        if (new Set(userIds).size !== userIds.length) {
          throw new DomainError('VALIDATION_FAILED', 'user_ids must not contain duplicates', [
            { field: 'user_ids', message: 'user_ids must not contain duplicates' },
          ]);
        }
        if (!actor.isAdmin && !userIds.includes(actor.memberId)) throw new BookingForbidden();
        const members = await this.findMembers(manager, userIds);
        return { roomType: 'SHARED_DESK', members, memberId: null, teamId: null };
      }
      case 'CONFERENCE': {
        const team = await this.bookings.findActiveTeam(manager, request.teamId);
        if (!team) throw new TeamNotFound();
        if (!actor.isAdmin && !team.members.some((m) => m.id === actor.memberId)) {
          throw new BookingForbidden();
        }
        return { roomType: 'CONFERENCE', members: team.members, memberId: null, teamId: team.id };
      }
    }
  }

  /** The members in the order asked for; unknown or deleted ids are a 400 naming them. */
  private async findMembers(manager: EntityManager, ids: number[]): Promise<MemberRecord[]> {
    const found = new Map(
      (await this.bookings.findActiveMembers(manager, ids)).map((m) => [m.id, m]),
    );
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new UnknownMembers(unknown);
    return ids.map((id) => found.get(id) as MemberRecord);
  }

  /**
   * Soft cancel: lock the booking row, check it is active and who asks, flip the status and
   * free every claim, all in one transaction. Invisible and missing bookings look the same.
   */
  async cancel(actor: Actor, bookingId: string): Promise<void> {
    if (!isWellFormedBookingId(bookingId)) throw new BookingNotFoundOrCancelled();
    await runInTransaction(
      this.dataSource,
      async (manager) => {
        const booking = await this.bookings.lockVisibleBooking(
          manager,
          bookingId,
          actor.isAdmin ? null : actor.memberId,
        );
        if (!booking || booking.status !== 'ACTIVE') throw new BookingNotFoundOrCancelled();
        const mayCancel =
          actor.isAdmin ||
          booking.createdBy === actor.memberId ||
          booking.memberId === actor.memberId;
        if (!mayCancel) throw new CancelForbidden();
        await this.bookings.cancelAndReleaseClaims(manager, booking.id, actor.memberId);
      },
      { lockTimeoutMs: this.config.lockTimeoutMs, retries: 2 },
    );
  }

  async getBooking(actor: Actor, bookingId: string): Promise<BookingView> {
    if (!isWellFormedBookingId(bookingId)) throw new BookingNotFound();
    const manager = this.dataSource.manager;
    const record = await this.bookings.findVisibleBooking(
      manager,
      bookingId,
      actor.isAdmin ? null : actor.memberId,
    );
    if (!record) throw new BookingNotFound();
    const [view] = await this.withParticipants(manager, [record]);
    return view;
  }

  /** Admins see every booking; others those they created or take part in. */
  async listBookings(
    actor: Actor,
    filters: BookingFilters,
    page: number,
    pageSize: number,
  ): Promise<BookingPage> {
    const manager = this.dataSource.manager;
    const { total, bookings } = await this.bookings.findBookingPage(
      manager,
      actor.isAdmin ? null : actor.memberId,
      filters,
      pageSize,
      (page - 1) * pageSize,
    );
    if (bookings.length === 0 && page > 1) throw new PageNotFound();
    return { total, page, pageSize, bookings: await this.withParticipants(manager, bookings) };
  }

  /** The caller's own history (created or taking part), split active / cancelled. */
  async listMyBookings(actor: Actor): Promise<MyBookings> {
    const manager = this.dataSource.manager;
    const [info, records] = await Promise.all([
      this.bookings.findUserInfo(manager, actor.memberId),
      this.bookings.findBookingsOf(manager, actor.memberId),
    ]);
    const views = await this.withParticipants(manager, records);
    return {
      name: info?.name ?? '',
      username: info?.username ?? null,
      active: views.filter((b) => b.status === 'ACTIVE'),
      cancelled: views.filter((b) => b.status === 'CANCELLED'),
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
    const byBooking = new Map<number, ParticipantRecord[]>();
    for (const p of participants) {
      const list = byBooking.get(p.bookingPk) ?? [];
      list.push(p);
      byBooking.set(p.bookingPk, list);
    }
    return records.map((r) => ({ ...r, participants: byBooking.get(r.id) ?? [] }));
  }
}
