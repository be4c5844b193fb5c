import { Injectable } from '@nestjs/common';
import type { StatementCall, Transaction } from '@app/database';
import type { RoomType } from './allocation.policy';
import { CHECK_IN_STATEMENTS as SQL } from './check-in.sql';
import type { BookingStatus } from './entities/booking.entity';
import type { SiteFreedHours } from './hours-freed';

/** A booking as check-in locked it, and whether the caller takes part in it now. */
export interface BookingToCheckIn {
  id: number;
  status: BookingStatus;
  createdBy: number;
  date: string;
  startHour: number;
  endHour: number;
  checkedInAt: Date | null;
  callerTakesPart: boolean;
  /** The zone of the room's site. */
  siteTimezone: string;
}

type LockedRow = {
  id: number;
  status: BookingStatus;
  created_by: number;
  date: string;
  start_hour: number;
  end_hour: number;
  checked_in_at: Date | null;
  site_timezone: string;
};

type ReleasedRow = {
  id: number;
  booking_id: string;
  site_id: number;
  room_type: RoomType;
  room_number: string;
  date: string;
  start_hour: number;
  end_hour: number;
};

/** SQL of check-in and of the release of no-shows; every method runs in the caller's transaction. */
@Injectable()
export class CheckInRepository {
  /** One round trip: the booking row FOR UPDATE, then (after the lock) whether `memberId` is in it. */
  async lockForCheckIn(
    tx: Transaction,
    bookingId: string,
    memberId: number,
  ): Promise<BookingToCheckIn | null> {
    const [rows, participant] = (await tx.run([
      { statement: SQL.lockBooking, values: [bookingId] },
      { statement: SQL.isParticipant, values: [bookingId, memberId] },
    ])) as [LockedRow[], { participant: boolean }[]];
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      siteTimezone: row.site_timezone,
      status: row.status,
      createdBy: row.created_by,
      date: row.date,
      startHour: row.start_hour,
      endHour: row.end_hour,
      checkedInAt: row.checked_in_at,
      callerTakesPart: participant[0]?.participant === true,
    };
  }

  /** Marks it, the outbox's `events` in the same round trip. */
  async markCheckedIn(
    tx: Transaction,
    bookingPk: number,
    at: Date,
    by: number,
    events: StatementCall[] = [],
  ): Promise<void> {
    await tx.run([{ statement: SQL.markCheckedIn, values: [bookingPk, at, by] }, ...events]);
  }

  /** Releases up to `limit` no-shows starting at or before `cutoff`; what they freed. */
  async releaseDue(
    tx: Transaction,
    cutoff: { date: string; hour: number },
    at: Date,
    limit: number,
    siteId: number,
  ): Promise<(SiteFreedHours & { bookingId: string; roomNumber: string })[]> {
    const [rows] = (await tx.run([
      { statement: SQL.releaseDue, values: [cutoff.date, cutoff.hour, limit, at, siteId] },
    ])) as [ReleasedRow[]];
    return rows.map((r) => ({
      bookingId: r.booking_id,
      roomNumber: r.room_number,
      siteId: r.site_id,
      roomType: r.room_type,
      date: r.date,
      startHour: r.start_hour,
      endHour: r.end_hour,
    }));
  }
}
