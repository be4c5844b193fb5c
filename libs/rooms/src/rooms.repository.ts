import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Room, RoomType } from './entities/room.entity';
import { BlockingBooking } from './rooms.errors';

type RoomRow = {
  id: number;
  room_number: string;
  room_type: RoomType;
  capacity: number;
  is_active: boolean;
  created_at: Date;
  site_id: number;
  site_code: string;
};

const ROOM_COLUMNS = `id, room_number, room_type, capacity, is_active, created_at, site_id,
  (SELECT code FROM sites WHERE sites.id = rooms.site_id) AS site_code`;

const toRoom = (row: RoomRow): Room =>
  Object.assign(new Room(), {
    id: row.id,
    roomNumber: row.room_number,
    roomType: row.room_type,
    capacity: row.capacity,
    isActive: row.is_active,
    createdAt: row.created_at,
    siteId: row.site_id,
    site: { id: row.site_id, code: row.site_code },
  });

/** Rooms and their seats; every method runs on the caller's transaction. */
@Injectable()
export class RoomsRepository {
  async findById(manager: EntityManager, id: number): Promise<Room | null> {
    const rows: RoomRow[] = await manager.query(`SELECT ${ROOM_COLUMNS} FROM rooms WHERE id = $1`, [
      id,
    ]);
    return rows.length > 0 ? toRoom(rows[0]) : null;
  }

  /** The room row FOR UPDATE: two changes of one room take turns. */
  async lockById(manager: EntityManager, id: number): Promise<Room | null> {
    const rows: RoomRow[] = await manager.query(
      `SELECT ${ROOM_COLUMNS} FROM rooms WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows.length > 0 ? toRoom(rows[0]) : null;
  }

  async insert(
    manager: EntityManager,
    room: { roomNumber: string; roomType: RoomType; capacity: number; siteId: number },
  ): Promise<Room> {
    const rows: RoomRow[] = await manager.query(
      `INSERT INTO rooms (room_number, room_type, capacity, site_id) VALUES ($1, $2, $3, $4)
       RETURNING ${ROOM_COLUMNS}`,
      [room.roomNumber, room.roomType, room.capacity, room.siteId],
    );
    return toRoom(rows[0]);
  }

  async update(
    manager: EntityManager,
    id: number,
    fields: { roomNumber: string; capacity: number; isActive: boolean },
  ): Promise<Room> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [RoomRow[], number] = await manager.query(
      `UPDATE rooms SET room_number = $2, capacity = $3, is_active = $4 WHERE id = $1
       RETURNING ${ROOM_COLUMNS}`,
      [id, fields.roomNumber, fields.capacity, fields.isActive],
    );
    return toRoom(rows[0]);
  }

  /**
   * Seats follow the capacity: seat 0 for a whole room, 1..capacity for a desk. Seats above
   * the capacity are deleted unless a past booking's claim still refers to them (history);
   * the caller has checked that no booking that has not ended holds one.
   */
  async syncSeats(
    manager: EntityManager,
    room: { id: number; roomType: RoomType; capacity: number },
  ): Promise<void> {
    const top = room.roomType === 'SHARED_DESK' ? room.capacity : 0;
    const first = room.roomType === 'SHARED_DESK' ? 1 : 0;
    await manager.query(
      `WITH added AS (
         INSERT INTO room_seats (room_id, seat_number)
         SELECT $1, s FROM generate_series($2::int, $3::int) AS s ON CONFLICT DO NOTHING
       )
       DELETE FROM room_seats rs WHERE rs.room_id = $1 AND rs.seat_number > $3
         AND NOT EXISTS (SELECT 1 FROM room_claims c
                         WHERE c.room_id = rs.room_id AND c.seat_number = rs.seat_number)`,
      [room.id, first, top],
    );
  }

  /**
   * Why `roomNumber` cannot be given to the room `selfId` (null: a new room) at the site
   * `siteId`, or null. Booking ids are BK + date + hour + room number [+ -n], so a number is
   * refused when it would make one ambiguous: another room's number at the same site, a number
   * that is another's (any site) plus or minus a -n suffix, or a number found in the booking ids
   * of another room's bookings (a renamed room's). Rooms of other sites with the same number
   * share its booking ids: their ordinals count across sites (see booking.sql.ts).
   */
  async numberClash(
    manager: EntityManager,
    roomNumber: string,
    selfId: number | null,
    siteId: number,
  ): Promise<string | null> {
    const rows: { why: string }[] = await manager.query(
      `SELECT 'another room has it' AS why FROM rooms
         WHERE room_number = $1 AND site_id = $3 AND id IS DISTINCT FROM $2
       UNION ALL
       SELECT 'room ' || room_number || ' exists, and booking ids would clash' FROM rooms
         WHERE id IS DISTINCT FROM $2
           AND (room_number ~ ('^' || $1 || '-[0-9]+$') OR $1 ~ ('^' || room_number || '-[0-9]+$'))
       UNION ALL
       (SELECT 'booking ' || booking_id || ' of another room carries it' FROM bookings
         WHERE room_id IS DISTINCT FROM $2
           AND room_id NOT IN (SELECT id FROM rooms WHERE room_number = $1)
           AND booking_id ~ ('^BK[0-9]{14}' || $1 || '(-[0-9]+)?$') LIMIT 1)
       LIMIT 1`,
      [roomNumber, selfId, siteId],
    );
    return rows[0]?.why ?? null;
  }

  /** The last date of an active booking of the room, or null. */
  async lastActiveBookingDate(manager: EntityManager, roomId: number): Promise<string | null> {
    const rows: { last: string | null }[] = await manager.query(
      `SELECT max(date)::text AS last FROM bookings WHERE room_id = $1 AND status = 'ACTIVE'`,
      [roomId],
    );
    return rows[0]?.last ?? null;
  }

  /** Creates the room's missing room-day rows for the dates from..to (the booking path's lock rows). */
  async ensureRoomDays(
    manager: EntityManager,
    roomId: number,
    from: string,
    to: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO room_days (room_id, date)
       SELECT $1, d::date FROM generate_series($2::date, $3::date, interval '1 day') AS d
       ORDER BY 2 ON CONFLICT DO NOTHING`,
      [roomId, from, to],
    );
  }

  /**
   * The room's room-day rows for the dates from..to, FOR UPDATE in date order (the order the
   * booking path locks in: date, then room id). A booking of the room on one of those dates
   * either committed before (the next statement sees it) or waits, then sees the change.
   */
  async lockRoomDays(
    manager: EntityManager,
    roomId: number,
    from: string,
    to: string,
  ): Promise<number> {
    const rows: unknown[] = await manager.query(
      `SELECT date FROM room_days WHERE room_id = $1 AND date BETWEEN $2 AND $3
       ORDER BY date FOR UPDATE`,
      [roomId, from, to],
    );
    return rows.length;
  }

  /**
   * Active bookings of the room that have not ended at `now` (workspace-local), by date and
   * hour; with `aboveSeat`, only those holding a desk seat above it.
   */
  async findUnendedBookings(
    manager: EntityManager,
    roomId: number,
    now: { date: string; hour: number },
    aboveSeat?: number,
  ): Promise<BlockingBooking[]> {
    const rows: { booking_id: string; date: string; start_hour: number; end_hour: number }[] =
      await manager.query(
        `SELECT b.booking_id, b.date::text AS date, b.start_hour, b.end_hour FROM bookings b
         WHERE b.room_id = $1 AND b.status = 'ACTIVE'
           AND (b.date > $2::date OR (b.date = $2::date AND b.end_hour > $3))
           AND ($4::int IS NULL OR EXISTS (
                 SELECT 1 FROM room_claims c WHERE c.booking_id = b.id AND c.seat_number > $4))
         ORDER BY b.date, b.start_hour, b.id`,
        [roomId, now.date, now.hour, aboveSeat ?? null],
      );
    return rows.map((r) => ({
      bookingId: r.booking_id,
      date: r.date,
      startHour: r.start_hour,
      endHour: r.end_hour,
    }));
  }
}
