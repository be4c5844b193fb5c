import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { addDays, APP_CONFIG, AppConfig, CLOCK, Clock, DomainError, localMoment } from '@app/core';
import { AuditTrail } from '@app/audit';
import { isUniqueViolation, READ_DATABASE, ReadDatabase, runInTransaction } from '@app/database';
import { DEFAULT_ROOMS, RoomSpec, seatNumbersOf } from './default-rooms';
import { Room } from './entities/room.entity';
import { checkCapacity, checkRoomNumber } from './room-spec';
import { RoomInUse, RoomNumberTaken, UnknownRoom } from './rooms.errors';
import { TAKE_ROOMS_LOCK_SQL, TAKE_SITE_ROOMS_LOCK_SQL } from './rooms.lock';
import { RoomsRepository } from './rooms.repository';
import { SitesService } from './sites.service';

export interface RoomChanges {
  roomNumber?: string;
  capacity?: number;
  isActive?: boolean;
}

const ROOMS_ROOM_NUMBER_UQ = 'rooms_site_room_number_uq';

/** A room as an audit row shows it. */
const auditStateOf = (room: Room) => ({
  room_number: room.roomNumber,
  room_type: room.roomType,
  capacity: room.capacity,
  is_active: room.isActive,
});

@Injectable()
export class RoomsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly rooms: RoomsRepository,
    private readonly sites: SitesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every site's rooms, or one site's (`siteId`), by number then site. */
  listRooms(siteId?: number): Promise<Room[]> {
    return this.read.run((manager) =>
      manager.getRepository(Room).find({
        where: siteId === undefined ? {} : { siteId },
        relations: { site: true },
        order: { roomNumber: 'ASC', siteId: 'ASC' },
      }),
    );
  }

  async getRoom(id: number): Promise<Room> {
    const room = await this.rooms.findById(this.dataSource.manager, id);
    if (!room) throw new UnknownRoom();
    return room;
  }

  async isEmpty(): Promise<boolean> {
    return !(await this.dataSource.getRepository(Room).exists());
  }

  /** A new room with its seats; the number is checked under the rooms lock. */
  /** `site`: a site code; without it the only site, else 400 SITE_REQUIRED. */
  async createRoom(actorId: number | null, spec: RoomSpec & { site?: string }): Promise<Room> {
    checkRoomNumber(spec.roomNumber);
    checkCapacity(spec.roomType, spec.capacity);
    const site = await this.sites.siteForRequest(spec.site, null);
    return this.translatingNumberClash(spec.roomNumber, () =>
      runInTransaction(this.dataSource, async ({ manager }) => {
        // The rooms lock, then the site's (the order everything that creates rooms keeps).
        await manager.query(TAKE_ROOMS_LOCK_SQL);
        await manager.query(TAKE_SITE_ROOMS_LOCK_SQL, [site.id]);
        const clash = await this.rooms.numberClash(manager, spec.roomNumber, null, site.id);
        if (clash) throw new RoomNumberTaken(spec.roomNumber, clash);
        const room = await this.rooms.insert(manager, { ...spec, siteId: site.id });
        await this.rooms.syncSeats(manager, room);
        await AuditTrail.record(manager, {
          actorId,
          action: 'room.created',
          entity: 'room',
          entityId: room.id,
          data: auditStateOf(room),
        });
        return room;
      }),
    );
  }

  /**
   * Renames, resizes, deactivates or reactivates a room. A change that takes something away
   * (deactivating, fewer desk seats) locks the room's room-day rows from yesterday to past the
   * booking horizon (or its last booking), as a booking of the room locks its date's row, and
   * only then reads the bookings that have not ended: a racing booking either committed first
   * (the change is a 409 ROOM_IN_USE naming it) or waits and then sees the changed room.
   */
  async updateRoom(actorId: number | null, id: number, changes: RoomChanges): Promise<Room> {
    if (Object.values(changes).every((v) => v === undefined)) {
      const message = 'Give at least one of room_number, capacity, is_active.';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'body', message }]);
    }
    if (changes.roomNumber !== undefined) checkRoomNumber(changes.roomNumber);
    const current = await this.getRoom(id);
    if (changes.capacity !== undefined) checkCapacity(current.roomType, changes.capacity);
    // "Not ended" and the lock window's first date on the room's site's clock.
    const now = localMoment(this.clock.now(), await this.sites.timezoneOf(current.siteId));
    const window = await this.prepareLockWindow(id, now.date);
    return this.translatingNumberClash(changes.roomNumber ?? '', () =>
      runInTransaction(this.dataSource, async ({ manager }) => {
        if (changes.roomNumber !== undefined) await manager.query(TAKE_ROOMS_LOCK_SQL);
        const room = await this.rooms.lockById(manager, id);
        if (!room) throw new UnknownRoom();
        const next = {
          roomNumber: changes.roomNumber ?? room.roomNumber,
          capacity: changes.capacity ?? room.capacity,
          isActive: changes.isActive ?? room.isActive,
        };
        const deactivates = room.isActive && !next.isActive;
        const dropsSeats = room.roomType === 'SHARED_DESK' && next.capacity < room.capacity;
        if (deactivates || dropsSeats) {
          await this.rooms.lockRoomDays(manager, id, window.from, window.to);
          const blocking = await this.rooms.findUnendedBookings(
            manager,
            id,
            now,
            deactivates ? undefined : next.capacity,
          );
          if (blocking.length > 0) {
            throw new RoomInUse(
              deactivates
                ? `Room ${room.roomNumber} cannot be deactivated`
                : `Room ${room.roomNumber} cannot lose seats above ${next.capacity}`,
              blocking,
            );
          }
        }
        if (next.roomNumber !== room.roomNumber) {
          const clash = await this.rooms.numberClash(manager, next.roomNumber, id, room.siteId);
          if (clash) throw new RoomNumberTaken(next.roomNumber, clash);
        }
        const updated = await this.rooms.update(manager, id, next);
        if (next.capacity !== room.capacity) await this.rooms.syncSeats(manager, updated);
        await AuditTrail.record(manager, {
          actorId,
          action: deactivates ? 'room.deactivated' : 'room.updated',
          entity: 'room',
          entityId: id,
          data: { before: auditStateOf(room), after: auditStateOf(updated) },
        });
        return updated;
      }),
    );
  }

  /**
   * The dates a restricting change locks, with their room-day rows created beforehand in a
   * statement of their own (committed at once), so the change's transaction only locks rows
   * that exist and never waits on a booking's insert of one while holding others.
   */
  private async prepareLockWindow(
    roomId: number,
    today: string,
  ): Promise<{ from: string; to: string }> {
    const manager = this.dataSource.manager;
    const horizonEnd = addDays(today, this.config.bookingHorizonDays + 1);
    const last = await this.rooms.lastActiveBookingDate(manager, roomId);
    const window = {
      from: addDays(today, -1),
      to: last !== null && last > horizonEnd ? last : horizonEnd,
    };
    await this.rooms.ensureRoomDays(manager, roomId, window.from, window.to);
    return window;
  }

  private async translatingNumberClash<T>(roomNumber: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, ROOMS_ROOM_NUMBER_UQ)) throw new RoomNumberTaken(roomNumber);
      throw error;
    }
  }

  /** Creates whichever default rooms are missing (and their seats); never deletes. */
  seedDefaultRooms(): Promise<string[]> {
    return this.dataSource.transaction((manager) =>
      this.insertMissingRooms(manager, DEFAULT_ROOMS),
    );
  }

  private async insertMissingRooms(
    manager: EntityManager,
    rooms: readonly RoomSpec[],
  ): Promise<string[]> {
    await manager.query(TAKE_ROOMS_LOCK_SQL);
    // The defaults go to the first site (HQ, which the sites migration creates).
    const [first]: { id: number }[] = await manager.query(`SELECT min(id) AS id FROM sites`);
    await manager.query(TAKE_SITE_ROOMS_LOCK_SQL, [first.id]);
    const created: { id: number; room_number: string; room_type: string; capacity: number }[] =
      await manager.query(
        `INSERT INTO rooms (room_number, room_type, capacity, site_id)
       SELECT n, t, c, $4::int
       FROM unnest($1::varchar[], $2::varchar[], $3::smallint[]) AS x(n, t, c)
       ON CONFLICT (site_id, room_number) DO NOTHING RETURNING id, room_number, room_type, capacity`,
        [
          rooms.map((r) => r.roomNumber),
          rooms.map((r) => r.roomType),
          rooms.map((r) => r.capacity),
          first.id,
        ],
      );
    // Seats are derived from each room's own type and capacity, for old rooms too.
    const seats = (await manager.find(Room)).flatMap((room) =>
      seatNumbersOf(room).map((seatNumber) => [room.id, seatNumber] as const),
    );
    await manager.query(
      `INSERT INTO room_seats (room_id, seat_number)
       SELECT * FROM unnest($1::int[], $2::smallint[]) ON CONFLICT DO NOTHING`,
      [seats.map(([roomId]) => roomId), seats.map(([, seat]) => seat)],
    );
    await AuditTrail.recordMany(
      manager,
      created.map((r) => ({
        actorId: null,
        action: 'room.created',
        entity: 'room',
        entityId: r.id,
        data: { room_number: r.room_number, room_type: r.room_type, capacity: r.capacity },
      })),
    );
    const createdNumbers = new Set(created.map((r) => r.room_number));
    return rooms.map((r) => r.roomNumber).filter((n) => createdNumbers.has(n));
  }
}
