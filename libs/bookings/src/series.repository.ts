import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { StatementCall, Transaction } from '@app/database';
import type {
  CandidateRoom,
  MemberClaim,
  NamedRoom,
  RoomType,
  SeatClaim,
} from './allocation.policy';
import {
  BOOKING_COLUMNS,
  BOOKING_FROM,
  BOOKING_ORDER,
  BookingRecord,
  BookingRow,
  LockedRoomRow,
  MemberRecord,
  NewBooking,
  OpenRooms,
  PartyRow,
  SiteRef,
  namedRoomOf,
  planValues,
  toBookingRecord,
  toCandidates,
  visibleTo,
} from './booking.repository';
import type { NormalisedRule } from './recurrence';
import { SERIES_STATEMENTS as SQL, ZONE_OF_SERIES_SQL } from './series.sql';

/** What the policy reads for one occurrence date. */
export interface ClaimsOfDate {
  roomClaims: SeatClaim[];
  memberClaims: MemberClaim[];
  bookingsStartingAt: Map<number, number>;
  /** Rooms a closure covers in the hours on this date. */
  closedRoomIds: Set<number>;
  closedRoomNumbers: string[];
}

/** The rooms of the type (their room-days locked on every date), the party, every date's claims. */
export interface LockedSeriesSlots {
  rooms: CandidateRoom[];
  liveMembers: MemberRecord[];
  claimsByDate: Map<string, ClaimsOfDate>;
  namedRoom?: NamedRoom;
}

export interface NewSeries {
  id: string;
  roomType: RoomType;
  startDate: string;
  startHour: number;
  endHour: number;
  recurrence: NormalisedRule;
  createdBy: number;
}

export type SeriesRecord = NewSeries;

/** An active occurrence as locked for a series cancel. */
export interface LockedOccurrence {
  id: number;
  siteId: number;
  bookingId: string;
  createdBy: number;
  memberId: number | null;
  date: string;
  startHour: number;
  endHour: number;
}

type DatedPartyRow = PartyRow & { date: string | null };

function claimsByDateOf(dates: string[], rows: DatedPartyRow[]) {
  const liveMembers: MemberRecord[] = [];
  const openRooms: OpenRooms = new Map();
  const claimsByDate = new Map<string, ClaimsOfDate>(
    dates.map((d) => [
      d,
      {
        roomClaims: [],
        memberClaims: [],
        bookingsStartingAt: new Map(),
        closedRoomIds: new Set(),
        closedRoomNumbers: [],
      },
    ]),
  );
  for (const r of rows) {
    const claims = r.date === null ? undefined : claimsByDate.get(r.date);
    switch (r.kind) {
      case 'member':
        liveMembers.push({
          id: r.id,
          name: r.name ?? '',
          age: r.num ?? 0,
          gender: r.gender ?? 'O',
        });
        break;
      case 'room':
        claims?.roomClaims.push({ roomId: r.id, seatNumber: r.num ?? 0, hour: r.hour ?? 0 });
        break;
      case 'member_claim':
        claims?.memberClaims.push({ memberId: r.id, hour: r.hour ?? 0 });
        break;
      case 'start':
        claims?.bookingsStartingAt.set(r.id, r.num ?? 0);
        break;
      case 'open_room':
        openRooms.set(r.id, { roomNumber: r.name ?? '', capacity: r.num ?? 0 });
        break;
      case 'closed_room':
        claims?.closedRoomIds.add(r.id);
        claims?.closedRoomNumbers.push(r.name ?? '');
        break;
    }
  }
  return { liveMembers, claimsByDate, openRooms };
}

type SeriesRow = {
  id: string;
  room_type: RoomType;
  start_date: string;
  start_hour: number;
  end_hour: number;
  recurrence: NormalisedRule;
  created_by: number;
};

const toSeriesRecord = (row: SeriesRow): SeriesRecord => ({
  id: row.id,
  roomType: row.room_type,
  startDate: row.start_date,
  startHour: row.start_hour,
  endHour: row.end_hour,
  recurrence: row.recurrence,
  createdBy: row.created_by,
});

/** SQL of recurring series; the transaction's statements are pipelined on the Transaction. */
@Injectable()
export class SeriesRepository {
  /**
   * One round trip: the missing room-days of the type on every date created, then all of
   * them locked by date then room id, then (a fresh snapshot, after the locks) the party
   * locked FOR KEY SHARE and the claims of every date; with `roomNumber`, that room.
   * `lock: false` (a dry run) reads the rooms without locking or creating anything.
   */
  async lockDatesAndReadClaims(
    tx: Transaction,
    slot: {
      roomType: RoomType;
      dates: string[];
      hours: number[];
      memberIds: number[];
      roomNumber?: string;
      lock: boolean;
      site: SiteRef;
    },
  ): Promise<LockedSeriesSlots> {
    const { roomType, dates, hours, memberIds, roomNumber, lock, site } = slot;
    const calls: StatementCall[] = [
      lock
        ? { statement: SQL.lockRoomDays, values: [roomType, dates, site.id] }
        : { statement: SQL.roomsOfType, values: [roomType, site.id] },
      {
        statement: SQL.partyAndClaims,
        values: [dates, hours, memberIds, roomType, hours[0], site.id, site.timezone],
      },
    ];
    if (roomNumber !== undefined) {
      calls.push({ statement: SQL.roomByNumber, values: [roomNumber, site.id] });
    }
    type Rows = [(LockedRoomRow & { date?: string })[], DatedPartyRow[], unknown[]?];
    if (!lock) {
      const [rooms, party, named] = (await tx.run(calls)) as Rows;
      const { openRooms, ...claims } = claimsByDateOf(dates, party);
      return {
        rooms: toCandidates(rooms, roomType, openRooms),
        ...claims,
        namedRoom: namedRoomOf(roomNumber, named),
      };
    }
    // The missing room-days are created first, in the lock order, before any is locked: a
    // series that locked some dates' rows and then waited to create another's could wait for a
    // series doing the same the other way round.
    const ensure = { statement: SQL.ensureRoomDays, values: [roomType, dates, site.id] };
    let [, rooms, party, named] = (await tx.run([ensure, ...calls])) as [unknown[], ...Rows];
    if (rooms.length === 0 || rooms.length < rooms[0].rooms_of_type * dates.length) {
      // A room added meanwhile: its room-days too.
      [, rooms, party, named] = (await tx.run([ensure, ...calls])) as [unknown[], ...Rows];
    }
    const firstDate = dates[0];
    const { openRooms, ...claims } = claimsByDateOf(dates, party);
    return {
      rooms: toCandidates(
        rooms.filter((r) => r.date === firstDate),
        roomType,
        openRooms,
      ),
      ...claims,
      namedRoom: namedRoomOf(roomNumber, named),
    };
  }

  /** The series row, every occurrence with its claims, the outbox's `events`, COMMIT: one round trip. */
  async insertSeriesAndCommit(
    tx: Transaction,
    series: NewSeries,
    plans: NewBooking[],
    alongside: readonly StatementCall[] = [],
  ): Promise<{ id: number; createdAt: Date }[]> {
    const [, ...inserted] = (await tx.runAndCommit([
      {
        statement: SQL.insertSeries,
        values: [
          series.id,
          series.roomType,
          series.startDate,
          series.startHour,
          series.endHour,
          JSON.stringify(series.recurrence),
          series.createdBy,
        ],
      },
      ...plans.map((plan) => ({
        statement: SQL.insertOccurrence,
        values: [...planValues(plan), series.id],
      })),
      ...alongside,
    ])) as [unknown[], ...{ id: number; created_at: Date }[][]];
    return inserted
      .slice(0, plans.length)
      .map(([row]) => ({ id: row.id, createdAt: row.created_at }));
  }

  /** The zone of the site of the series' rooms (null: no such series). */
  async zoneOfSeries(manager: EntityManager, seriesId: string): Promise<string | null> {
    const rows: { timezone: string }[] = await manager.query(ZONE_OF_SERIES_SQL, [seriesId]);
    return rows[0]?.timezone ?? null;
  }

  async findSeries(manager: EntityManager, seriesId: string): Promise<SeriesRecord | null> {
    const rows: SeriesRow[] = await manager.query(SQL.series.text, [seriesId]);
    return rows[0] ? toSeriesRecord(rows[0]) : null;
  }

  /** Does `member` see the series: its creator, or taking part in one of its occurrences? */
  async isVisibleTo(manager: EntityManager, seriesId: string, member: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM booking_series s WHERE s.id = $1 AND (s.created_by = $2 OR EXISTS (
         SELECT 1 FROM bookings b WHERE b.series_id = s.id AND ${visibleTo(2)}))`,
      [seriesId, member],
    );
    return rows.length > 0;
  }

  /** Every occurrence of the series, whatever its status, in date order. */
  async findOccurrences(manager: EntityManager, seriesId: string): Promise<BookingRecord[]> {
    const rows: BookingRow[] = await manager.query(
      `SELECT ${BOOKING_COLUMNS}, 0 AS total ${BOOKING_FROM} WHERE b.series_id = $1 ${BOOKING_ORDER}`,
      [seriesId],
    );
    return rows.map(toBookingRecord);
  }

  /** The series row and its active occurrences on or after `fromDate`, locked, one round trip. */
  async lockActiveOccurrences(
    tx: Transaction,
    seriesId: string,
    fromDate: string,
  ): Promise<{ series: SeriesRecord | null; occurrences: LockedOccurrence[] }> {
    const [seriesRows, rows] = (await tx.run([
      { statement: SQL.series, values: [seriesId] },
      { statement: SQL.lockActiveOccurrences, values: [seriesId, fromDate] },
    ])) as [
      SeriesRow[],
      {
        id: number;
        site_id: number;
        booking_id: string;
        created_by: number;
        member_id: number | null;
        date: string;
        start_hour: number;
        end_hour: number;
      }[],
    ];
    const row = seriesRows[0];
    return {
      series: row ? toSeriesRecord(row) : null,
      occurrences: rows.map((r) => ({
        id: r.id,
        siteId: r.site_id,
        bookingId: r.booking_id,
        createdBy: r.created_by,
        memberId: r.member_id,
        date: r.date,
        startHour: r.start_hour,
        endHour: r.end_hour,
      })),
    };
  }

  /** Cancels the bookings and frees their claims, as a single cancel does, in one statement. */
  async cancelOccurrences(
    tx: Transaction,
    bookingPks: number[],
    cancelledBy: number,
    cancelledAt: Date,
  ) {
    await tx.run([
      { statement: SQL.cancelOccurrences, values: [bookingPks, cancelledBy, cancelledAt] },
    ]);
  }
}
