import { Injectable } from '@nestjs/common';
import type { Gender } from '@app/users';
import { siteForRequestCall, type SiteRequest, type SiteRow, type SiteView } from '@app/rooms';
import { EntityManager } from 'typeorm';
import { CandidateRoom, MemberClaim, NamedRoom, RoomType, SeatClaim } from './allocation.policy';
import type { ListCount } from '@app/core';
import { countUpTo, queryStatement, siteZoneSql, StatementCall, Transaction } from '@app/database';
import {
  AVAILABILITY_STATEMENT,
  BOOKING_STATEMENTS,
  CANCEL_BOOKING_SQL,
  MOVE_STATEMENTS,
} from './booking.sql';
import { BookingStatus } from './entities/booking.entity';
import { claimKey, type ClaimIndex, type ClosedMasks } from './availability';
import type { ScopedLimits } from './booking-policy';
import { effectiveLimits, PolicyRow, readPoliciesCall } from './booking-policy.repository';

export interface MemberRecord {
  id: number;
  name: string;
  age: number;
  gender: Gender;
}

/** The site a booking is made at: its id scopes locks and reads, its zone every time rule. */
export interface SiteRef {
  id: number;
  timezone: string;
}

export interface NewBooking {
  bookingId: string;
  /** The zone of the room's site: member-hour claims carry their absolute start. */
  timezone: string;
  roomId: number;
  memberId: number | null;
  teamId: number | null;
  date: string;
  startHour: number;
  endHour: number;
  createdBy: number;
  participants: { memberId: number; seatNumber: number | null }[];
  claimedSeats: number[];
  hours: number[];
}

/** A booking to be moved, as locked: what the new one keeps and who is in it now. */
export interface MovableBooking extends Omit<LockedBooking, 'roomType'> {
  bookingId: string;
  room: CandidateRoom;
  site: SiteRef;
  team: { id: number; name: string } | null;
  date: string;
  startHour: number;
  endHour: number;
  /** Current participants (not those who left), seated first. */
  participants: { memberId: number; seatNumber: number | null }[];
}

/** A booking with its room and team name, as the read queries return it. */
export interface BookingRecord {
  id: number;
  bookingId: string;
  room: { id: number; roomNumber: string; roomType: RoomType; capacity: number };
  memberId: number | null;
  team: { id: number; name: string } | null;
  date: string;
  startHour: number;
  endHour: number;
  status: BookingStatus;
  createdBy: number;
  createdAt: Date;
  cancelledAt: Date | null;
  /** The booking_id of the booking this one was moved from. */
  rescheduledFrom: string | null;
  seriesId: string | null;
  checkedInAt: Date | null;
  checkedInBy: number | null;
  releasedAt: Date | null;
}

export interface ParticipantRecord {
  bookingPk: number;
  seatNumber: number | null;
  member: MemberRecord;
}

export interface BookingFilters {
  date?: string;
  dateFrom?: string;
  dateTo?: string;
  roomType?: RoomType;
  status?: BookingStatus;
}

/** A booking's place in the list order (BOOKING_ORDER): date, start hour, room id, id. */
export interface BookingKey {
  date: string;
  startHour: number;
  roomId: number;
  id: number;
}

export interface LockedBooking {
  id: number;
  siteId: number;
  /** The zone of its room's site: its time rules' clock. */
  siteTimezone: string;
  status: BookingStatus;
  createdBy: number;
  memberId: number | null;
  roomType: RoomType;
  date: string;
  startHour: number;
  endHour: number;
}

export interface BookingRow {
  id: number;
  booking_id: string;
  room_id: number;
  room_number: string;
  room_type: RoomType;
  capacity: number;
  member_id: number | null;
  team_id: number | null;
  team_name: string | null;
  date: string;
  start_hour: number;
  end_hour: number;
  status: BookingStatus;
  created_by: number;
  created_at: Date;
  cancelled_at: Date | null;
  rescheduled_from: string | null;
  series_id: string | null;
  checked_in_at: Date | null;
  checked_in_by: number | null;
  released_at: Date | null;
  total: string;
}

export const BOOKING_COLUMNS = `
  b.id, b.booking_id, b.room_id, r.room_number, r.room_type, r.capacity, b.member_id,
  b.team_id, t.name AS team_name, b.date::text AS date, b.start_hour, b.end_hour, b.status,
  b.created_by, b.created_at, b.cancelled_at, b.rescheduled_from, b.series_id, b.checked_in_at,
  b.checked_in_by, b.released_at`;

export const BOOKING_FROM = `
  FROM bookings b
  JOIN rooms r ON r.id = b.room_id
  LEFT JOIN teams t ON t.id = b.team_id`;

/**
 * Ordering of every booking list: chronological, then room id (immutable, so a cursor's place
 * survives a room's renaming), then creation. bookings_date_hour_room_idx holds it, so a page
 * comes off the index with no sort and no join.
 */
export const BOOKING_ORDER = `ORDER BY b.date, b.start_hour, b.room_id, b.id`;

/**
 * Ids of the bookings a member ($n) created or takes part in (not those they left): two index
 * scans (bookings_created_by_idx, booking_participants_member_live_idx) bounded by that
 * member's own history.
 */
const VISIBLE_IDS_SQL = (n: number) =>
  `SELECT id FROM bookings WHERE created_by = $${n}
   UNION SELECT booking_id FROM booking_participants WHERE member_id = $${n} AND left_at IS NULL`;

/**
 * FROM and WHERE (and parameters) of the bookings list: `bookings b`, joined to `rooms r` only
 * for a room type. A member's list starts from their own booking ids, fetched by primary key
 * (`= ANY(ARRAY(...))` cannot become a hash join over every booking), so it never walks other
 * members' history; an admin's follows the list order through bookings_date_hour_room_idx
 * (status is on its entries; a room type is one memoized rooms_pk probe per room). With the
 * join, not `room_id = ANY(type's ids)`: the planner then knows the type's share of the rooms
 * (with an array it cannot, and sorted every booking, 0.9 s at 2M).
 */
function listConditions(viewer: number | null, filters: BookingFilters) {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (viewer !== null) {
    param(viewer); // $1
    where.push(`b.id = ANY(ARRAY(${VISIBLE_IDS_SQL(1)}))`);
  }
  if (filters.date) where.push(`b.date = ${param(filters.date)}`);
  if (filters.dateFrom) where.push(`b.date >= ${param(filters.dateFrom)}`);
  if (filters.dateTo) where.push(`b.date <= ${param(filters.dateTo)}`);
  if (filters.roomType) where.push(`r.room_type = ${param(filters.roomType)}`);
  if (filters.status) where.push(`b.status = ${param(filters.status)}`);
  const from = `bookings b${filters.roomType ? ' JOIN rooms r ON r.id = b.room_id' : ''}`;
  return { from, params, where, param };
}

/** Bookings a member created or takes part in (not those they left). `$n` is the member id. */
export const visibleTo = (n: number) =>
  `b.id IN (SELECT id FROM bookings WHERE created_by = $${n}
            UNION SELECT booking_id FROM booking_participants
                  WHERE member_id = $${n} AND left_at IS NULL)`;

/**
 * Current participants of the bookings whose ids are `ids` (an int[] expression). One
 * members_pk probe per participant: as a plain join the planner hash-joins every member once a
 * few hundred bookings are asked for (my-bookings), 65 ms at 50k members against 1.4 ms;
 * OFFSET 0 keeps the lateral subquery from being flattened into that join.
 */
const participantsOf = (ids: string) =>
  `SELECT p.booking_id, p.seat_number, m.id, m.name, m.age, m.gender
   FROM booking_participants p
   CROSS JOIN LATERAL (SELECT id, name, age, gender FROM members WHERE id = p.member_id OFFSET 0) m
   WHERE p.booking_id = ANY(${ids}) AND p.left_at IS NULL
   ORDER BY p.booking_id, p.seat_number NULLS LAST, m.id`;

const toParticipants = (
  rows: {
    booking_id: number;
    seat_number: number | null;
    id: number;
    name: string;
    age: number;
    gender: Gender;
  }[],
): ParticipantRecord[] =>
  rows.map((r) => ({
    bookingPk: r.booking_id,
    seatNumber: r.seat_number,
    member: { id: r.id, name: r.name, age: r.age, gender: r.gender },
  }));

export const toBookingRecord = (row: BookingRow): BookingRecord => ({
  id: row.id,
  bookingId: row.booking_id,
  room: {
    id: row.room_id,
    roomNumber: row.room_number,
    roomType: row.room_type,
    capacity: row.capacity,
  },
  memberId: row.member_id,
  team: row.team_id === null ? null : { id: row.team_id, name: row.team_name ?? '' },
  date: row.date,
  startHour: row.start_hour,
  endHour: row.end_hour,
  status: row.status,
  createdBy: row.created_by,
  createdAt: row.created_at,
  cancelledAt: row.cancelled_at,
  rescheduledFrom: row.rescheduled_from,
  seriesId: row.series_id,
  checkedInAt: row.checked_in_at,
  checkedInBy: row.checked_in_by,
  releasedAt: row.released_at,
});

/** Rooms of the type as read after the lock: open ones by id, with their current state. */
export type OpenRooms = Map<number, { roomNumber: string; capacity: number }>;

function claimsOf(
  rows: PartyRow[],
): Omit<LockedSlot, 'rooms' | 'policies'> & { openRooms: OpenRooms } {
  const result = {
    liveMembers: [] as MemberRecord[],
    roomClaims: [] as SeatClaim[],
    memberClaims: [] as MemberClaim[],
    bookingsStartingAt: new Map<number, number>(),
    closedRoomNumbers: [] as string[],
    openRooms: new Map() as OpenRooms,
  };
  for (const r of rows) {
    switch (r.kind) {
      case 'member':
        result.liveMembers.push({
          id: r.id,
          name: r.name ?? '',
          age: r.num ?? 0,
          gender: r.gender ?? 'O',
        });
        break;
      case 'room':
        result.roomClaims.push({ roomId: r.id, seatNumber: r.num ?? 0, hour: r.hour ?? 0 });
        break;
      case 'member_claim':
        result.memberClaims.push({ memberId: r.id, hour: r.hour ?? 0 });
        break;
      case 'start':
        result.bookingsStartingAt.set(r.id, r.num ?? 0);
        break;
      case 'open_room':
        result.openRooms.set(r.id, { roomNumber: r.name ?? '', capacity: r.num ?? 0 });
        break;
      case 'closed_room':
        result.closedRoomNumbers.push(r.name ?? '');
        break;
    }
  }
  return result;
}

/** The insert statements' first thirteen parameters. */
export const planValues = (plan: NewBooking): unknown[] => [
  plan.bookingId,
  plan.roomId,
  plan.memberId,
  plan.teamId,
  plan.date,
  plan.startHour,
  plan.endHour,
  plan.createdBy,
  plan.participants.map((p) => p.memberId),
  plan.participants.map((p) => p.seatNumber),
  plan.claimedSeats,
  plan.hours,
  plan.timezone,
];

/** The candidate rooms of a type, their room-days locked, and what the decision reads. */
export interface LockedSlot {
  rooms: CandidateRoom[];
  liveMembers: MemberRecord[];
  roomClaims: SeatClaim[];
  memberClaims: MemberClaim[];
  bookingsStartingAt: Map<number, number>;
  /** Rooms of the type that are inactive or closed in some hour asked for. */
  closedRoomNumbers: string[];
  /** The room the request names, when it names one. */
  namedRoom?: NamedRoom;
  /** Every scope's booking policy, read with the claims. */
  policies: ScopedLimits[];
  /** The site the request means as read in the transaction, when asked to read it again. */
  siteNow?: SiteRow | null;
}

export type PartyRow = {
  kind: 'member' | 'room' | 'member_claim' | 'start' | 'open_room' | 'closed_room';
  id: number;
  num: number | null;
  hour: number | null;
  name: string | null;
  gender: Gender | null;
};

export type LockedRoomRow = {
  id: number;
  room_number: string;
  capacity: number;
  rooms_of_type: number;
};
type RoomTypeRow = { id: number; room_type: RoomType };

/** Locked rooms that are open, as they are now (number and capacity read after the lock). */
export const toCandidates = (
  rows: LockedRoomRow[],
  roomType: RoomType,
  open: OpenRooms,
): CandidateRoom[] =>
  rows
    .filter((r) => open.has(r.id))
    .map((r) => ({
      id: r.id,
      roomType,
      ...(open.get(r.id) as { roomNumber: string; capacity: number }),
    }))
    .sort((a, b) => (a.roomNumber < b.roomNumber ? -1 : a.roomNumber > b.roomNumber ? 1 : 0));

export const namedRoomOf = (roomNumber: string | undefined, rows: unknown[] | undefined) =>
  roomNumber === undefined
    ? undefined
    : { roomNumber, roomType: (rows as RoomTypeRow[])[0]?.room_type ?? null };

type MovableRow = {
  id: number;
  booking_id: string;
  status: BookingStatus;
  created_by: number;
  member_id: number | null;
  team_id: number | null;
  team_name: string | null;
  room_id: number;
  room_number: string;
  room_type: RoomType;
  capacity: number;
  date: string;
  start_hour: number;
  end_hour: number;
  site_id: number;
  site_timezone: string;
};

/**
 * SQL for bookings and claims. The booking transaction's statements are pipelined on the
 * Transaction (several statements a round trip); the others take the caller's EntityManager.
 */
@Injectable()
export class BookingRepository {
  /**
   * One round trip, two statements:
   * 1. the rooms of a type, with their room-day rows for `date` locked FOR UPDATE in room-id
   *    order (two bookings never deadlock; other dates never wait);
   * 2. then, in a fresh snapshot that sees what the previous lock holder committed: the live
   *    members among `memberIds`, locked FOR KEY SHARE until commit (a concurrent soft delete
   *    waits for this booking and then sees its claims); the seat-hours held on those rooms
   *    and the member-hours held by those members in the hours; how many bookings (any status)
   *    each room has starting at the first hour (booking_id suffix);
   * 3. with `roomNumber`, the room of that number and its type, whatever the type asked for
   *    (so the policy can tell a room of another type from no room at all).
   * The first booking of a type on a date finds room-day rows missing: it creates them (ON
   * CONFLICT DO NOTHING, so an empty day still has something to lock) and runs both again.
   */
  async lockSlotAndReadClaims(
    tx: Transaction,
    roomType: RoomType,
    date: string,
    hours: number[],
    memberIds: number[],
    roomNumber: string | undefined,
    site: SiteRef,
    rereadSite?: SiteRequest,
  ): Promise<LockedSlot> {
    // The site the request means, read again ahead of the rest (the caller's site is a guess).
    const reread = rereadSite
      ? [siteForRequestCall(rereadSite.code ?? null, rereadSite.memberId)]
      : [];
    const lockAndRead: StatementCall[] = [
      ...reread,
      { statement: BOOKING_STATEMENTS.lockRoomDays, values: [roomType, date, site.id] },
      {
        statement: BOOKING_STATEMENTS.partyAndClaims,
        values: [date, hours, roomType, memberIds, hours[0], site.id, site.timezone],
      },
      readPoliciesCall(site.id),
    ];
    if (roomNumber !== undefined) {
      lockAndRead.push({
        statement: BOOKING_STATEMENTS.roomByNumber,
        values: [roomNumber, site.id],
      });
    }
    type Read = [LockedRoomRow[], PartyRow[], PolicyRow[], unknown[]?];
    const answers = await tx.run(lockAndRead);
    const siteNow = rereadSite ? ((answers[0] as SiteRow[])[0] ?? null) : undefined;
    let [rooms, party, policies, named] = answers.slice(reread.length) as Read;
    if (rooms.length === 0 || rooms.length < rooms[0].rooms_of_type) {
      [rooms, party, policies, named] = (
        await tx.run([
          { statement: BOOKING_STATEMENTS.ensureRoomDays, values: [roomType, date, site.id] },
          ...lockAndRead,
        ])
      ).slice(1 + reread.length) as Read;
    }
    const { openRooms, ...read } = claimsOf(party);
    return {
      rooms: toCandidates(rooms, roomType, openRooms),
      ...read,
      namedRoom: namedRoomOf(roomNumber, named),
      policies: effectiveLimits(policies),
      siteNow,
    };
  }

  /**
   * Booking, participants, seat-hour and member-hour claims in one statement, the outbox's
   * `events` behind it, then COMMIT: one round trip.
   */
  async insertPlanAndCommit(
    tx: Transaction,
    plan: NewBooking,
    alongside: readonly StatementCall[] = [],
  ): Promise<{ id: number; createdAt: Date }> {
    const [rows] = (await tx.runAndCommit([
      {
        statement: BOOKING_STATEMENTS.insertPlan,
        values: planValues(plan),
      },
      ...alongside,
    ])) as [{ id: number; created_at: Date }[]];
    return { id: rows[0].id, createdAt: rows[0].created_at };
  }

  /** The same insert in a transaction the caller commits. */
  async insertPlan(
    tx: Transaction,
    plan: NewBooking,
    events: StatementCall[] = [],
  ): Promise<{ id: number; createdAt: Date }> {
    const [rows] = (await tx.run([
      { statement: BOOKING_STATEMENTS.insertPlan, values: planValues(plan) },
      ...events,
    ])) as [{ id: number; created_at: Date }[]];
    return { id: rows[0].id, createdAt: rows[0].created_at };
  }

  /**
   * The room-day rows of a type at a site on a date FOR UPDATE in room-id order (created when
   * missing).
   */
  async lockRoomDays(
    tx: Transaction,
    roomType: RoomType,
    date: string,
    siteId: number,
  ): Promise<void> {
    await tx.run([
      { statement: BOOKING_STATEMENTS.ensureRoomDays, values: [roomType, date, siteId] },
      { statement: BOOKING_STATEMENTS.lockRoomDays, values: [roomType, date, siteId] },
    ]);
  }

  /** The booking row FOR UPDATE, whoever made it; null if there is none with that id. */
  async lockBooking(manager: EntityManager, bookingId: string): Promise<LockedBooking | null> {
    const rows: {
      id: number;
      site_id: number;
      status: BookingStatus;
      created_by: number;
      member_id: number;
      room_type: RoomType;
      date: string;
      start_hour: number;
      end_hour: number;
      site_timezone: string;
    }[] = await manager.query(
      `SELECT b.id, r.site_id, b.status, b.created_by, b.member_id, r.room_type, b.date::text AS date,
              b.start_hour, b.end_hour,
              (SELECT ${siteZoneSql('timezone')} FROM sites WHERE id = r.site_id) AS site_timezone
       FROM bookings b JOIN rooms r ON r.id = b.room_id
       WHERE b.booking_id = $1 FOR UPDATE OF b`,
      [bookingId],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      id: row.id,
      siteId: row.site_id,
      siteTimezone: row.site_timezone,
      status: row.status,
      createdBy: row.created_by,
      memberId: row.member_id,
      roomType: row.room_type,
      date: row.date,
      startHour: row.start_hour,
      endHour: row.end_hour,
    };
  }

  /** Flips the booking to CANCELLED and frees every seat-hour and member-hour it held. */
  async cancelAndReleaseClaims(
    manager: EntityManager,
    bookingPk: number,
    cancelledBy: number,
    cancelledAt?: Date,
  ): Promise<void> {
    await manager.query(CANCEL_BOOKING_SQL, [bookingPk, cancelledBy, cancelledAt ?? null]);
  }

  /**
   * One round trip: the booking row FOR UPDATE (a racing cancel, leave or move waits), then who
   * takes part in it now, read after the lock. Null if there is no booking with that id.
   */
  async lockBookingForMove(tx: Transaction, bookingId: string): Promise<MovableBooking | null> {
    const [rows, participants] = (await tx.run([
      { statement: MOVE_STATEMENTS.lockBooking, values: [bookingId] },
      { statement: MOVE_STATEMENTS.participants, values: [bookingId] },
    ])) as [MovableRow[], { member_id: number; seat_number: number | null }[]];
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      id: row.id,
      siteId: row.site_id,
      siteTimezone: row.site_timezone,
      bookingId: row.booking_id,
      status: row.status,
      createdBy: row.created_by,
      memberId: row.member_id,
      room: {
        id: row.room_id,
        roomNumber: row.room_number,
        roomType: row.room_type,
        capacity: row.capacity,
      },
      site: { id: row.site_id, timezone: row.site_timezone },
      team: row.team_id === null ? null : { id: row.team_id, name: row.team_name ?? '' },
      date: row.date,
      startHour: row.start_hour,
      endHour: row.end_hour,
      participants: participants.map((p) => ({ memberId: p.member_id, seatNumber: p.seat_number })),
    };
  }

  /**
   * lockSlotAndReadClaims for a move, in one round trip: the room-days of the type on every
   * date in `dates` (the old and the new) locked by date then room id; then the party's rows
   * and the claims on `date`, the new one, leaving out those of the booking being moved
   * (`movedPk`), whose hours never block its own move.
   */
  async lockDatesAndReadClaimsExcept(
    tx: Transaction,
    slot: {
      roomType: RoomType;
      dates: string[];
      date: string;
      hours: number[];
      memberIds: number[];
      movedPk: number;
      roomNumber?: string;
      site: SiteRef;
    },
  ): Promise<LockedSlot> {
    const { roomType, dates, date, hours, memberIds, movedPk, roomNumber, site } = slot;
    const lockAndRead: StatementCall[] = [
      { statement: MOVE_STATEMENTS.lockRoomDays, values: [roomType, dates, site.id] },
      {
        statement: MOVE_STATEMENTS.partyAndClaims,
        values: [date, hours, roomType, memberIds, hours[0], site.id, site.timezone, movedPk],
      },
      readPoliciesCall(site.id),
    ];
    if (roomNumber !== undefined) {
      lockAndRead.push({
        statement: BOOKING_STATEMENTS.roomByNumber,
        values: [roomNumber, site.id],
      });
    }
    type Rows = [(LockedRoomRow & { date: string })[], PartyRow[], PolicyRow[], unknown[]?];
    // Missing room-days are created before any is locked, as a series does: having locked one
    // date's rows and then waiting to create the other's could close a cycle with a series.
    const ensure = {
      statement: MOVE_STATEMENTS.ensureRoomDays,
      values: [roomType, dates, site.id],
    };
    let [, rooms, party, policies, named] = (await tx.run([ensure, ...lockAndRead])) as [
      unknown[],
      ...Rows,
    ];
    if (rooms.length === 0 || rooms.length < rooms[0].rooms_of_type * dates.length) {
      [, rooms, party, policies, named] = (await tx.run([ensure, ...lockAndRead])) as [
        unknown[],
        ...Rows,
      ];
    }
    const { openRooms, ...read } = claimsOf(party);
    return {
      rooms: toCandidates(
        rooms.filter((r) => r.date === date),
        roomType,
        openRooms,
      ),
      ...read,
      namedRoom: namedRoomOf(roomNumber, named),
      policies: effectiveLimits(policies),
    };
  }

  /**
   * One statement cancels the moved booking and frees its claims, the next inserts the new
   * booking with its claims (they may take the hours just freed), then COMMIT: one round trip.
   */
  async moveAndCommit(
    tx: Transaction,
    move: {
      movedPk: number;
      movedBookingId: string;
      cancelledBy: number;
      cancelledAt?: Date;
      plan: NewBooking;
    },
    alongside: readonly StatementCall[] = [],
  ): Promise<{ id: number; createdAt: Date }> {
    const { plan } = move;
    const [, rows] = (await tx.runAndCommit([
      {
        statement: MOVE_STATEMENTS.cancelOld,
        values: [move.movedPk, move.cancelledBy, move.cancelledAt ?? null],
      },
      {
        statement: MOVE_STATEMENTS.insertPlan,
        values: [...planValues(plan), move.movedBookingId],
      },
      ...alongside,
    ])) as [unknown[], { id: number; created_at: Date }[]];
    return { id: rows[0].id, createdAt: rows[0].created_at };
  }

  /** Who takes part in the booking now (not those who left), with their current age. */
  async findCurrentParticipants(
    manager: EntityManager,
    bookingPk: number,
  ): Promise<{ memberId: number; age: number }[]> {
    const rows: { member_id: number; age: number }[] = await manager.query(
      `SELECT p.member_id, m.age FROM booking_participants p JOIN members m ON m.id = p.member_id
       WHERE p.booking_id = $1 AND p.left_at IS NULL`,
      [bookingPk],
    );
    return rows.map((r) => ({ memberId: r.member_id, age: r.age }));
  }

  /**
   * Marks the participant as gone and frees what they held: their member-hours and, at a desk,
   * their seat-hours (a whole room's seat 0 belongs to the booking, not to one participant).
   */
  async releaseParticipant(
    manager: EntityManager,
    bookingPk: number,
    memberId: number,
  ): Promise<void> {
    await manager.query(
      `WITH p AS (
         UPDATE booking_participants SET left_at = now()
         WHERE booking_id = $1 AND member_id = $2 AND left_at IS NULL
         RETURNING seat_number
       ), rc AS (
         DELETE FROM room_claims c USING p WHERE c.booking_id = $1 AND c.seat_number = p.seat_number
       )
       DELETE FROM member_claims WHERE booking_id = $1 AND member_id = $2`,
      [bookingPk, memberId],
    );
  }

  /**
   * One page (LIMIT `limit`) of the bookings `viewer` may see (null: all), in list order,
   * either OFFSET `offset` or after the keyset position `after`. The page's ids come first,
   * off bookings_date_hour_room_idx (an index-only scan, status included), so OFFSET skips
   * index entries, not joined rows; then only those rows are joined. No window count: whatever
   * the history, a page reads its offset plus its rows (see countBookings).
   */
  async findBookingPage(
    manager: EntityManager,
    viewer: number | null,
    filters: BookingFilters,
    page: { limit: number; offset: number; after?: BookingKey },
  ): Promise<BookingRecord[]> {
    const list = listConditions(viewer, filters);
    const { param, where } = list;
    if (page.after) {
      const { date, startHour, roomId, id } = page.after;
      where.push(
        `(b.date, b.start_hour, b.room_id, b.id) > (${param(date)}::date, ${param(startHour)}::smallint, ${param(roomId)}::int, ${param(id)}::int)`,
      );
    }
    const ids = `SELECT b.id FROM ${list.from}
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ${BOOKING_ORDER} LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}`;
    const rows: BookingRow[] = await manager.query(
      `SELECT ${BOOKING_COLUMNS}, 0 AS total ${BOOKING_FROM}
       WHERE b.id = ANY(ARRAY(${ids})) ${BOOKING_ORDER}`,
      list.params,
    );
    return rows.map(toBookingRecord);
  }

  /**
   * How many bookings the list has: exact up to the deepest `?page=`, estimated above. The
   * whole list (an admin's, unfiltered) asks the statistics first and counts nothing when
   * they put it well past that bound.
   */
  countBookings(
    manager: EntityManager,
    viewer: number | null,
    filters: BookingFilters,
  ): Promise<ListCount> {
    const { from, where, params } = listConditions(viewer, filters);
    return countUpTo(
      manager,
      `SELECT 1 FROM ${from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
      params,
      { estimateFirst: where.length === 0 },
    );
  }

  /** Every booking `member` created or takes part in, fetched by their own ids. */
  async findBookingsOf(manager: EntityManager, member: number): Promise<BookingRecord[]> {
    const rows: BookingRow[] = await manager.query(
      `SELECT ${BOOKING_COLUMNS}, 0 AS total ${BOOKING_FROM}
       WHERE b.id = ANY(ARRAY(${VISIBLE_IDS_SQL(1)})) ${BOOKING_ORDER}`,
      [member],
    );
    return rows.map(toBookingRecord);
  }

  async findVisibleBooking(
    manager: EntityManager,
    bookingId: string,
    viewer: number | null,
  ): Promise<BookingRecord | null> {
    const params: unknown[] = [bookingId];
    let where = 'b.booking_id = $1';
    if (viewer !== null) {
      params.push(viewer);
      where += ` AND ${visibleTo(2)}`;
    }
    const rows: BookingRow[] = await manager.query(
      `SELECT ${BOOKING_COLUMNS}, 0 AS total ${BOOKING_FROM} WHERE ${where}`,
      params,
    );
    return rows.length > 0 ? toBookingRecord(rows[0]) : null;
  }

  /** Current participants (not those who left) of many bookings in one query, desk seats first. */
  async findParticipants(
    manager: EntityManager,
    bookingPks: number[],
  ): Promise<ParticipantRecord[]> {
    if (bookingPks.length === 0) return [];
    return toParticipants(await manager.query(participantsOf('$1::int[]'), [bookingPks]));
  }

  /**
   * The participants of every booking `member` created or takes part in: the bookings are found
   * again by the member's own ids, so this goes out with findBookingsOf instead of after it
   * with its ids (one round trip less, and no 500-id array to write and parse).
   */
  async findParticipantsOfBookingsOf(
    manager: EntityManager,
    member: number,
  ): Promise<ParticipantRecord[]> {
    return toParticipants(
      await manager.query(participantsOf(`ARRAY(${VISIBLE_IDS_SQL(1)})`), [member]),
    );
  }

  async findUserInfo(
    manager: EntityManager,
    member: number,
  ): Promise<{ name: string; username: string | null } | null> {
    const rows: { name: string; username: string | null }[] = await manager.query(
      `SELECT m.name, a.username FROM members m LEFT JOIN accounts a ON a.id = m.id WHERE m.id = $1`,
      [member],
    );
    return rows[0] ?? null;
  }
}

export interface RoomRecord extends CandidateRoom {
  /**
   * As PostgreSQL writes a timestamptz in JSON (isoMillisOfPgJson prints it): parsed only for
   * the rooms an answer shows.
   */
  createdAt: string;
}

/** What an availability read needs: the site, its rooms, their claims and closures on a date. */
export interface AvailabilityFacts {
  /** Not its createdAt: the read does not need it. */
  site: Omit<SiteView, 'createdAt'>;
  rooms: RoomRecord[];
  claimed: ClaimIndex;
  closed: ClosedMasks;
}

interface AvailabilityRow {
  site_id: number;
  site_code: string;
  site_name: string;
  site_timezone: string;
  rooms: {
    id: number;
    room_number: string;
    room_type: RoomType;
    capacity: number;
    created_at: string;
    /** One element per claimed seat-hour. */
    claimed: number[];
    closed: number;
  }[];
}

/** The availability endpoints' read: one statement (AVAILABILITY_SQL) whatever the size. */
@Injectable()
export class AvailabilityRepository {
  /** Null when no site matches (an unknown code, or several sites and no home site). */
  async findAvailability(
    manager: EntityManager,
    where: { siteCode: string | null; memberId: number; roomType: RoomType | null },
    date: string,
    hour: number | null,
  ): Promise<AvailabilityFacts | null> {
    const rows = await queryStatement<AvailabilityRow>(manager, AVAILABILITY_STATEMENT, [
      where.siteCode,
      where.memberId,
      where.roomType,
      date,
      hour,
    ]);
    if (rows.length === 0) return null;
    const row = rows[0];
    const rooms = new Array<RoomRecord>(row.rooms.length);
    const claimed: ClaimIndex = new Map();
    const closed: ClosedMasks = new Map();
    for (let i = 0; i < row.rooms.length; i++) {
      const r = row.rooms[i];
      rooms[i] = {
        id: r.id,
        roomNumber: r.room_number,
        roomType: r.room_type,
        capacity: r.capacity,
        createdAt: r.created_at,
      };
      for (const h of r.claimed) {
        const key = claimKey(r.id, h);
        claimed.set(key, (claimed.get(key) ?? 0) + 1);
      }
      if (r.closed !== 0) closed.set(r.id, r.closed);
    }
    return {
      site: {
        id: row.site_id,
        code: row.site_code,
        name: row.site_name,
        timezone: row.site_timezone,
      },
      rooms,
      claimed,
      closed,
    };
  }
}
