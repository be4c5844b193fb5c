import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResultRow } from 'pg';
import type { Gender } from '@app/users';
import { EntityManager } from 'typeorm';
import { CandidateRoom, MemberClaim, RoomType, SeatClaim } from './allocation.policy';
import {
  CLAIMS_OF_DAY_SQL,
  CLAIMS_OF_HOUR_SQL,
  INSERT_PLAN_SQL,
  LOCK_ROOM_DAYS_SQL,
  PARTY_AND_CLAIMS_SQL,
  ROOMS_SQL,
} from './booking.sql';
import { BookingStatus } from './entities/booking.entity';

export interface MemberRecord {
  id: number;
  name: string;
  age: number;
  gender: Gender;
}

export interface TeamRecord {
  id: number;
  name: string;
  members: MemberRecord[];
}

export interface NewBooking {
  bookingId: string;
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

export interface LockedBooking {
  id: number;
  status: BookingStatus;
  createdBy: number;
  memberId: number | null;
}

interface BookingRow {
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
  total: string;
}

const BOOKING_COLUMNS = `
  b.id, b.booking_id, b.room_id, r.room_number, r.room_type, r.capacity, b.member_id,
  b.team_id, t.name AS team_name, b.date::text AS date, b.start_hour, b.end_hour, b.status,
  b.created_by, b.created_at, b.cancelled_at`;

const BOOKING_FROM = `
  FROM bookings b
  JOIN rooms r ON r.id = b.room_id
  LEFT JOIN teams t ON t.id = b.team_id`;

/** Ordering of every booking list: chronological, then room, then creation. */
const BOOKING_ORDER = `ORDER BY b.date, b.start_hour, r.room_number, b.id`;

/** Bookings a member created or takes part in. `$n` is the member id. */
const visibleTo = (n: number) =>
  `b.id IN (SELECT id FROM bookings WHERE created_by = $${n}
            UNION SELECT booking_id FROM booking_participants WHERE member_id = $${n})`;

const toBookingRecord = (row: BookingRow): BookingRecord => ({
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
});

/**
 * Runs a hot-path statement as a named prepared statement on the transaction's own connection,
 * so PostgreSQL parses and plans it once per connection rather than once per booking. Errors
 * are pg's own (the pg-errors predicates read both shapes).
 */
async function prepared<T>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = (manager.queryRunner as { databaseConnection?: PoolClient } | undefined)
    ?.databaseConnection;
  if (!client) return manager.query(text, values);
  return (await client.query<T & QueryResultRow>({ name, text, values })).rows;
}

/** SQL for bookings and claims. Every method takes the caller's EntityManager. */
@Injectable()
export class BookingRepository {
  /** The live team and its live members, all locked FOR KEY SHARE; null if unknown or deleted. */
  async lockLiveTeam(manager: EntityManager, teamId: number): Promise<TeamRecord | null> {
    const teams: { name: string }[] = await manager.query(
      `SELECT name FROM teams WHERE id = $1 AND deleted_at IS NULL FOR KEY SHARE`,
      [teamId],
    );
    if (teams.length === 0) return null;
    const members: MemberRecord[] = await manager.query(
      `SELECT m.id, m.name, m.age, m.gender
       FROM team_members tm JOIN members m ON m.id = tm.member_id
       WHERE tm.team_id = $1 AND m.deleted_at IS NULL
       ORDER BY m.id FOR KEY SHARE OF m`,
      [teamId],
    );
    return { id: teamId, name: teams[0].name, members };
  }

  /**
   * The rooms of a type, with their room-day rows for `date` locked FOR UPDATE in room-id
   * order (two bookings never deadlock; other dates never wait). Once a date has its rows
   * this is one statement; the first booking of a date creates them first (ON CONFLICT DO
   * NOTHING), so an empty day still has something to lock.
   */
  async lockRoomDaysOfType(
    manager: EntityManager,
    roomType: RoomType,
    date: string,
  ): Promise<CandidateRoom[]> {
    const lock = async () => {
      const rows = await prepared<{
        id: number;
        room_number: string;
        capacity: number;
        rooms_of_type: number;
      }>(manager, 'booking_lock_room_days', LOCK_ROOM_DAYS_SQL, [roomType, date]);
      return rows;
    };
    let rows = await lock();
    if (rows.length === 0 || rows.length < rows[0].rooms_of_type) {
      await manager.query(
        `INSERT INTO room_days (room_id, date)
         SELECT id, $2::date FROM rooms WHERE room_type = $1 ORDER BY id
         ON CONFLICT DO NOTHING`,
        [roomType, date],
      );
      rows = await lock();
    }
    return rows
      .map((r) => ({ id: r.id, roomNumber: r.room_number, roomType, capacity: r.capacity }))
      .sort((a, b) => (a.roomNumber < b.roomNumber ? -1 : a.roomNumber > b.roomNumber ? 1 : 0));
  }

  /**
   * One round trip, after the room-days are locked (a new statement, so a fresh snapshot):
   * - the live members among `memberIds`, locked FOR KEY SHARE until commit, so a concurrent
   *   soft delete waits for this booking and then sees its claims;
   * - seat-hours held on those rooms and member-hours held by those members in the hours;
   * - how many bookings (any status) each room has starting at the first hour (booking_id
   *   suffix).
   */
  async lockPartyAndReadClaims(
    manager: EntityManager,
    date: string,
    hours: number[],
    roomIds: number[],
    memberIds: number[],
  ): Promise<{
    liveMembers: MemberRecord[];
    roomClaims: SeatClaim[];
    memberClaims: MemberClaim[];
    bookingsStartingAt: Map<number, number>;
  }> {
    const rows = await prepared<{
      kind: 'member' | 'room' | 'member_claim' | 'start';
      id: number;
      num: number | null;
      hour: number | null;
      name: string | null;
      gender: Gender | null;
    }>(manager, 'booking_party_and_claims', PARTY_AND_CLAIMS_SQL, [
      date,
      hours,
      roomIds,
      memberIds,
      hours[0],
    ]);
    const result = {
      liveMembers: [] as MemberRecord[],
      roomClaims: [] as SeatClaim[],
      memberClaims: [] as MemberClaim[],
      bookingsStartingAt: new Map<number, number>(),
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
      }
    }
    return result;
  }

  /** Booking, participants, seat-hour and member-hour claims in one statement. */
  async insertPlan(
    manager: EntityManager,
    plan: NewBooking,
  ): Promise<{ id: number; createdAt: Date }> {
    const memberIds = plan.participants.map((p) => p.memberId);
    const seats = plan.participants.map((p) => p.seatNumber);
    const rows = await prepared<{ id: number; created_at: Date }>(
      manager,
      'booking_insert_plan',
      INSERT_PLAN_SQL,
      [
        plan.bookingId,
        plan.roomId,
        plan.memberId,
        plan.teamId,
        plan.date,
        plan.startHour,
        plan.endHour,
        plan.createdBy,
        memberIds,
        seats,
        plan.claimedSeats,
        plan.hours,
      ],
    );
    return { id: rows[0].id, createdAt: rows[0].created_at };
  }

  /** The booking row FOR UPDATE, whoever made it; null if there is none with that id. */
  async lockBooking(manager: EntityManager, bookingId: string): Promise<LockedBooking | null> {
    const rows: { id: number; status: BookingStatus; created_by: number; member_id: number }[] =
      await manager.query(
        `SELECT id, status, created_by, member_id FROM bookings WHERE booking_id = $1 FOR UPDATE`,
        [bookingId],
      );
    if (rows.length === 0) return null;
    const row = rows[0];
    return { id: row.id, status: row.status, createdBy: row.created_by, memberId: row.member_id };
  }

  /** Flips the booking to CANCELLED and frees every seat-hour and member-hour it held. */
  async cancelAndReleaseClaims(
    manager: EntityManager,
    bookingPk: number,
    cancelledBy: number,
  ): Promise<void> {
    await manager.query(
      `WITH u AS (
         UPDATE bookings SET status = 'CANCELLED', cancelled_at = now(), cancelled_by = $2
         WHERE id = $1
       ), rc AS (
         DELETE FROM room_claims WHERE booking_id = $1
       )
       DELETE FROM member_claims WHERE booking_id = $1`,
      [bookingPk, cancelledBy],
    );
  }

  /** One page of the bookings `viewer` may see (null: all), with the total count. */
  async findBookingPage(
    manager: EntityManager,
    viewer: number | null,
    filters: BookingFilters,
    limit: number,
    offset: number,
  ): Promise<{ total: number; bookings: BookingRecord[] }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (viewer !== null) {
      params.push(viewer);
      where.push(visibleTo(params.length));
    }
    if (filters.date) where.push(`b.date = ${param(filters.date)}`);
    if (filters.dateFrom) where.push(`b.date >= ${param(filters.dateFrom)}`);
    if (filters.dateTo) where.push(`b.date <= ${param(filters.dateTo)}`);
    if (filters.roomType) where.push(`r.room_type = ${param(filters.roomType)}`);
    if (filters.status) where.push(`b.status = ${param(filters.status)}`);
    const rows: BookingRow[] = await manager.query(
      `SELECT ${BOOKING_COLUMNS}, count(*) OVER () AS total ${BOOKING_FROM}
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ${BOOKING_ORDER} LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    return {
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      bookings: rows.map(toBookingRecord),
    };
  }

  /** Every booking `member` created or takes part in. */
  async findBookingsOf(manager: EntityManager, member: number): Promise<BookingRecord[]> {
    const rows: BookingRow[] = await manager.query(
      `SELECT ${BOOKING_COLUMNS}, 0 AS total ${BOOKING_FROM} WHERE ${visibleTo(1)} ${BOOKING_ORDER}`,
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

  /** Participants of many bookings in one query, desk seats first. */
  async findParticipants(
    manager: EntityManager,
    bookingPks: number[],
  ): Promise<ParticipantRecord[]> {
    if (bookingPks.length === 0) return [];
    const rows: {
      booking_id: number;
      seat_number: number | null;
      id: number;
      name: string;
      age: number;
      gender: Gender;
    }[] = await manager.query(
      `SELECT p.booking_id, p.seat_number, m.id, m.name, m.age, m.gender
       FROM booking_participants p JOIN members m ON m.id = p.member_id
       WHERE p.booking_id = ANY($1::int[])
       ORDER BY p.booking_id, p.seat_number NULLS LAST, m.id`,
      [bookingPks],
    );
    return rows.map((r) => ({
      bookingPk: r.booking_id,
      seatNumber: r.seat_number,
      member: { id: r.id, name: r.name, age: r.age, gender: r.gender },
    }));
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
  createdAt: Date;
}

export interface RoomHourClaims {
  roomId: number;
  hour: number;
  claimed: number;
}

/** Rooms and claim counts for the availability endpoints: two queries whatever the size. */
@Injectable()
export class AvailabilityRepository {
  async findRooms(manager: EntityManager, roomType?: RoomType): Promise<RoomRecord[]> {
    const rows: {
      id: number;
      room_number: string;
      room_type: RoomType;
      capacity: number;
      created_at: Date;
    }[] = await manager.query(ROOMS_SQL, [roomType ?? null]);
    return rows.map((r) => ({
      id: r.id,
      roomNumber: r.room_number,
      roomType: r.room_type,
      capacity: r.capacity,
      createdAt: r.created_at,
    }));
  }

  /** Claimed seats per room and hour on a date (optionally one hour); served by room_claims_date_hour_room_seat_uq. */
  async countClaims(
    manager: EntityManager,
    date: string,
    hour?: number,
  ): Promise<RoomHourClaims[]> {
    const rows: { room_id: number; hour: number; claimed: number }[] = await manager.query(
      hour === undefined ? CLAIMS_OF_DAY_SQL : CLAIMS_OF_HOUR_SQL,
      hour === undefined ? [date] : [date, hour],
    );
    return rows.map((r) => ({ roomId: r.room_id, hour: r.hour, claimed: r.claimed }));
  }
}
