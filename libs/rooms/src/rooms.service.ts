import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_ROOMS, RoomSpec, seatNumbersOf } from './default-rooms';
import { Room } from './entities/room.entity';

@Injectable()
export class RoomsService {
  constructor(private readonly dataSource: DataSource) {}

  listRooms(): Promise<Room[]> {
    return this.dataSource.getRepository(Room).find({ order: { roomNumber: 'ASC' } });
  }

  async isEmpty(): Promise<boolean> {
    return !(await this.dataSource.getRepository(Room).exists());
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
    const created: string[] = [];
    for (const room of rooms) {
      const rows: { id: number }[] = await manager.query(
        `INSERT INTO rooms (room_number, room_type, capacity) VALUES ($1, $2, $3)
         ON CONFLICT (room_number) DO NOTHING RETURNING id`,
        [room.roomNumber, room.roomType, room.capacity],
      );
      if (rows.length > 0) created.push(room.roomNumber);
    }
    // Seats are derived from each room's own type and capacity, for old rooms too.
    for (const room of await manager.find(Room)) {
      await manager.query(
        `INSERT INTO room_seats (room_id, seat_number) SELECT $1, unnest($2::smallint[])
         ON CONFLICT DO NOTHING`,
        [room.id, seatNumbersOf(room)],
      );
    }
    return created;
  }
}
