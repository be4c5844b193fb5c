import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { siteZoneSql } from '@app/database';
import type { RoomType } from './allocation.policy';
import type { ClosureWindow } from './closure.policy';

export interface ClosureRoom {
  id: number;
  roomNumber: string;
  roomType: RoomType;
  capacity: number;
}

export interface ClosureRecord extends ClosureWindow {
  id: number;
  room: ClosureRoom | null;
  /** The site whose every room it closes (room null); null with room null: every site. */
  site: { id: number; code: string } | null;
  reason: string;
  createdBy: number;
  createdAt: Date;
}

/** What a closure closes: a room, every room of a site, or (both null) every room. */
export interface ClosureTarget {
  roomId: number | null;
  siteId: number | null;
}

/** An active booking inside a closure's window. */
export interface ConflictingBooking {
  id: number;
  siteId: number;
  bookingId: string;
  roomType: RoomType;
  date: string;
  startHour: number;
  endHour: number;
}

type ClosureRow = {
  id: number;
  room_id: number | null;
  site_id: number | null;
  site_code: string | null;
  room_number: string | null;
  room_type: RoomType | null;
  capacity: number | null;
  start_date: string;
  end_date: string;
  start_hour: number;
  end_hour: number;
  reason: string;
  created_by: number;
  created_at: Date;
};

const CLOSURE_SELECT = `SELECT c.id, c.room_id, r.room_number, r.room_type, r.capacity,
         c.site_id, s.code AS site_code,
         c.start_date::text AS start_date, c.end_date::text AS end_date, c.start_hour, c.end_hour,
         c.reason, c.created_by, c.created_at
       FROM room_closures c LEFT JOIN rooms r ON r.id = c.room_id
         LEFT JOIN sites s ON s.id = c.site_id`;

const toRecord = (row: ClosureRow): ClosureRecord => ({
  id: row.id,
  room:
    row.room_id === null
      ? null
      : {
          id: row.room_id,
          roomNumber: row.room_number ?? '',
          roomType: row.room_type as RoomType,
          capacity: row.capacity ?? 0,
        },
  site: row.site_id === null ? null : { id: row.site_id, code: row.site_code ?? '' },
  startDate: row.start_date,
  endDate: row.end_date,
  startHour: row.start_hour,
  endHour: row.end_hour,
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/**
 * SQL for closures. The room-day rows are the booking path's lock rows: a closure locks those
 * of the rooms and dates it covers, by date then room id (the booking path's order).
 * `roomId` null means every room.
 */
@Injectable()
export class ClosureRepository {
  /** The room FOR KEY SHARE (it cannot go away meanwhile; changes to it do not wait). */
  async findRoom(manager: EntityManager, roomId: number): Promise<ClosureRoom | null> {
    const rows: { id: number; room_number: string; room_type: RoomType; capacity: number }[] =
      await manager.query(
        `SELECT id, room_number, room_type, capacity FROM rooms WHERE id = $1 FOR KEY SHARE`,
        [roomId],
      );
    const row = rows[0];
    return row
      ? { id: row.id, roomNumber: row.room_number, roomType: row.room_type, capacity: row.capacity }
      : null;
  }

  /** Creates the missing room-day rows of the target's rooms for the dates from..to. */
  async ensureRoomDays(
    manager: EntityManager,
    target: ClosureTarget,
    from: string,
    to: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO room_days (room_id, date)
       SELECT r.id, d::date FROM rooms r, generate_series($2::date, $3::date, interval '1 day') AS d
       WHERE ($1::int IS NULL OR r.id = $1) AND ($4::int IS NULL OR r.site_id = $4)
       ORDER BY 2, 1 ON CONFLICT DO NOTHING`,
      [target.roomId, from, to, target.siteId],
    );
  }

  /**
   * The room-day rows of the room (or every room) for the dates from..to, FOR UPDATE by date
   * then room id. Returns how many were locked and how many there should be.
   */
  async lockRoomDays(
    manager: EntityManager,
    target: ClosureTarget,
    from: string,
    to: string,
  ): Promise<{ locked: number; expected: number }> {
    const rows: { locked: number; expected: number }[] = await manager.query(
      `WITH locked AS (
         SELECT d.room_id FROM room_days d
         WHERE d.date BETWEEN $2 AND $3 AND ($1::int IS NULL OR d.room_id = $1)
           AND ($4::int IS NULL OR d.room_id IN (SELECT id FROM rooms WHERE site_id = $4))
         ORDER BY d.date, d.room_id FOR UPDATE
       )
       SELECT (SELECT count(*)::int FROM locked) AS locked,
              (SELECT count(*)::int FROM rooms
               WHERE ($1::int IS NULL OR id = $1) AND ($4::int IS NULL OR site_id = $4))
                * ($3::date - $2::date + 1) AS expected`,
      [target.roomId, from, to, target.siteId],
    );
    return rows[0];
  }

  /** The time zone of the room's site, in one read (WORKSPACE_TIMEZONE for HQ without its own). */
  async zoneOfRoom(manager: EntityManager, roomId: number): Promise<string> {
    const rows: { timezone: string }[] = await manager.query(
      `SELECT ${siteZoneSql('s.timezone')} AS timezone
       FROM rooms r JOIN sites s ON s.id = r.site_id WHERE r.id = $1`,
      [roomId],
    );
    return rows[0].timezone;
  }

  async siteOfRoom(manager: EntityManager, roomId: number): Promise<number> {
    const rows: { site_id: number }[] = await manager.query(
      `SELECT site_id FROM rooms WHERE id = $1`,
      [roomId],
    );
    return rows[0]?.site_id ?? 0;
  }

  /** Active bookings of the target's rooms with an hour inside the window. */
  async findActiveBookingsIn(
    manager: EntityManager,
    target: ClosureTarget,
    window: ClosureWindow,
  ): Promise<ConflictingBooking[]> {
    const rows: {
      id: number;
      site_id: number;
      booking_id: string;
      room_type: RoomType;
      date: string;
      start_hour: number;
      end_hour: number;
    }[] = await manager.query(
      `SELECT b.id, r.site_id, b.booking_id, r.room_type, b.date::text AS date, b.start_hour, b.end_hour
       FROM bookings b JOIN rooms r ON r.id = b.room_id
       WHERE b.status = 'ACTIVE' AND b.date BETWEEN $2 AND $3
         AND ($1::int IS NULL OR b.room_id = $1) AND ($6::int IS NULL OR r.site_id = $6)
         AND b.start_hour < $5 AND b.end_hour > $4
       ORDER BY b.date, b.start_hour, r.room_number, b.id`,
      [
        target.roomId,
        window.startDate,
        window.endDate,
        window.startHour,
        window.endHour,
        target.siteId,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      bookingId: r.booking_id,
      roomType: r.room_type,
      date: r.date,
      startHour: r.start_hour,
      endHour: r.end_hour,
    }));
  }

  /** Cancels the bookings (by $2) and frees every claim they held, in one statement. */
  async cancelBookings(manager: EntityManager, ids: number[], cancelledBy: number): Promise<void> {
    await manager.query(
      `WITH u AS (
         UPDATE bookings SET status = 'CANCELLED', cancelled_at = now(), cancelled_by = $2
         WHERE id = ANY($1::int[]) AND status = 'ACTIVE'
       ), rc AS (
         DELETE FROM room_claims WHERE booking_id = ANY($1::int[])
       )
       DELETE FROM member_claims WHERE booking_id = ANY($1::int[])`,
      [ids, cancelledBy],
    );
  }

  async insert(
    manager: EntityManager,
    closure: ClosureWindow & ClosureTarget & { reason: string; createdBy: number },
  ): Promise<ClosureRecord> {
    const rows: { id: number }[] = await manager.query(
      `INSERT INTO room_closures
         (room_id, start_date, end_date, start_hour, end_hour, reason, created_by, site_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        closure.roomId,
        closure.startDate,
        closure.endDate,
        closure.startHour,
        closure.endHour,
        closure.reason,
        closure.createdBy,
        closure.siteId,
      ],
    );
    return (await this.findById(manager, rows[0].id)) as ClosureRecord;
  }

  async findById(manager: EntityManager, id: number): Promise<ClosureRecord | null> {
    const rows: ClosureRow[] = await manager.query(`${CLOSURE_SELECT} WHERE c.id = $1`, [id]);
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  /** The room's own closures (roomId null: the workspace-wide ones), by start. */
  async list(manager: EntityManager, roomId: number | null): Promise<ClosureRecord[]> {
    const rows: ClosureRow[] = await manager.query(
      `${CLOSURE_SELECT} WHERE c.room_id IS NOT DISTINCT FROM $1
       ORDER BY c.start_date, c.start_hour, c.id`,
      [roomId],
    );
    return rows.map(toRecord);
  }

  /** The closures of the site's rooms, of the site, and of every site, by start. */
  async listOfSite(manager: EntityManager, siteId: number): Promise<ClosureRecord[]> {
    const rows: ClosureRow[] = await manager.query(
      `${CLOSURE_SELECT}
       WHERE (c.room_id IS NULL AND (c.site_id IS NULL OR c.site_id = $1)) OR r.site_id = $1
       ORDER BY c.start_date, c.start_hour, c.id`,
      [siteId],
    );
    return rows.map(toRecord);
  }

  /** Deletes the closure if it is the room's (roomId null: a workspace-wide one); returns it. */
  async delete(
    manager: EntityManager,
    roomId: number | null,
    closureId: number,
  ): Promise<ClosureRecord | null> {
    const found = await this.findById(manager, closureId);
    if (!found || (found.room?.id ?? null) !== roomId) return null;
    // TypeORM answers a DELETE with [rows, affected].
    const [, deleted]: [unknown[], number] = await manager.query(
      `DELETE FROM room_closures WHERE id = $1`,
      [closureId],
    );
    return deleted > 0 ? found : null;
  }
}
