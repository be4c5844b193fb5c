import { Inject, Injectable } from '@nestjs/common';
import { READ_DATABASE, ReadDatabase } from '@app/database';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_ROOMS, RoomSpec, seatNumbersOf } from './default-rooms';
import { Room } from './entities/room.entity';

@Injectable()
export class RoomsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
  ) {}

  listRooms(): Promise<Room[]> {
    return this.read.run((manager) =>
      manager.getRepository(Room).find({ order: { roomNumber: 'ASC' } }),
    );
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
    const created: { room_number: string }[] = await manager.query(
      `INSERT INTO rooms (room_number, room_type, capacity)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::smallint[])
       ON CONFLICT (room_number) DO NOTHING RETURNING room_number`,
      [rooms.map((r) => r.roomNumber), rooms.map((r) => r.roomType), rooms.map((r) => r.capacity)],
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
    const createdNumbers = new Set(created.map((r) => r.room_number));
    return rooms.map((r) => r.roomNumber).filter((n) => createdNumbers.has(n));
  }
}
