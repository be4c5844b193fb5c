import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CalendarBooking, CalendarRoomType } from './booking-ics';

interface CalendarBookingRow {
  booking_id: string;
  room_number: string;
  room_type: CalendarRoomType;
  team_name: string | null;
  date: string;
  start_hour: number;
  end_hour: number;
  status: CalendarBooking['status'];
  revision: number;
  timezone: string | null;
}

const toCalendarBooking = (row: CalendarBookingRow): CalendarBooking => ({
  bookingId: row.booking_id,
  roomNumber: row.room_number,
  roomType: row.room_type,
  teamName: row.team_name,
  date: row.date,
  startHour: row.start_hour,
  endHour: row.end_hour,
  status: row.status,
  revision: row.revision,
  timeZone: row.timezone,
});

/** SQL for calendar feeds and the booking revisions calendars show as SEQUENCE. */
@Injectable()
export class CalendarRepository {
  /** The booking's revision and the stored zone of its room's site (null: WORKSPACE_TIMEZONE). */
  async findRevision(
    manager: EntityManager,
    bookingId: string,
  ): Promise<{ revision: number; timeZone: string | null } | null> {
    const rows: { revision: number; timezone: string | null }[] = await manager.query(
      `SELECT b.revision, s.timezone FROM bookings b
         JOIN rooms r ON r.id = b.room_id JOIN sites s ON s.id = r.site_id
        WHERE b.booking_id = $1`,
      [bookingId],
    );
    return rows.length > 0 ? { revision: rows[0].revision, timeZone: rows[0].timezone } : null;
  }

  /**
   * The bookings `member` created or takes part in (not those they left) from `fromDate` on,
   * whatever their status, chronologically.
   */
  async findFeedBookings(
    manager: EntityManager,
    member: number,
    fromDate: string,
  ): Promise<CalendarBooking[]> {
    const rows: CalendarBookingRow[] = await manager.query(
      `SELECT b.booking_id, r.room_number, r.room_type, t.name AS team_name, b.date::text AS date,
              b.start_hour, b.end_hour, b.status, b.revision, s.timezone
         FROM bookings b
         JOIN rooms r ON r.id = b.room_id
         JOIN sites s ON s.id = r.site_id
         LEFT JOIN teams t ON t.id = b.team_id
        WHERE b.date >= $2::date
          AND b.id IN (SELECT id FROM bookings WHERE created_by = $1
                       UNION SELECT booking_id FROM booking_participants
                             WHERE member_id = $1 AND left_at IS NULL)
        ORDER BY b.date, b.start_hour, r.room_number, b.id`,
      [member, fromDate],
    );
    return rows.map(toCalendarBooking);
  }

  /** One feed per account: a new token replaces the old one, which stops working at once. */
  async replaceFeed(
    manager: EntityManager,
    accountId: number,
    tokenHash: Buffer,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO calendar_feeds (account_id, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (account_id) DO UPDATE SET token_hash = EXCLUDED.token_hash,
                                              created_at = EXCLUDED.created_at`,
      [accountId, tokenHash, now],
    );
  }

  async deleteFeed(manager: EntityManager, accountId: number): Promise<void> {
    await manager.query(`DELETE FROM calendar_feeds WHERE account_id = $1`, [accountId]);
  }

  /**
   * The account a token hash belongs to, if that account may still act. One unique-index
   * lookup whether the token was never issued or was revoked (its row is gone): the same work
   * and the same answer.
   */
  async findFeedOwner(manager: EntityManager, tokenHash: Buffer): Promise<number | null> {
    const rows: { account_id: number }[] = await manager.query(
      `SELECT f.account_id
         FROM calendar_feeds f
         JOIN accounts a ON a.id = f.account_id
         JOIN members m ON m.id = a.id
        WHERE f.token_hash = $1 AND a.is_active AND m.deleted_at IS NULL`,
      [tokenHash],
    );
    return rows.length > 0 ? rows[0].account_id : null;
  }
}
