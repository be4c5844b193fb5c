import { Logger } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ROOM_TYPES, RoomsService, RoomType } from '@app/rooms';
import { reportingRefusals } from './domain-errors';

interface AddRoomOptions {
  number: string;
  type: RoomType;
  capacity: number;
}

@Command({
  name: 'add-room',
  description:
    'Create a room: --number S04 --type SHARED_DESK --capacity 6 (as POST /api/v1/rooms/)',
})
export class AddRoomCommand extends CommandRunner {
  private readonly logger = new Logger('add-room');

  constructor(private readonly rooms: RoomsService) {
    super();
  }

  async run(_args: string[], options: AddRoomOptions): Promise<void> {
    await reportingRefusals(this.logger, async () => {
      // The CLI runs as nobody: its audit rows have no actor.
      const room = await this.rooms.createRoom(null, {
        roomNumber: options.number,
        roomType: options.type,
        capacity: options.capacity,
      });
      process.stdout.write(
        `created room ${room.roomNumber} (${room.roomType}, capacity ${room.capacity}, id ${room.id})\n`,
      );
    });
  }

  @Option({ flags: '--number <room_number>', description: 'room number, e.g. S04', required: true })
  parseNumber(value: string): string {
    return value.toUpperCase();
  }

  @Option({
    flags: '--type <room_type>',
    description: ROOM_TYPES.join(' | '),
    required: true,
  })
  parseType(value: string): RoomType {
    const type = value.toUpperCase();
    if (!(ROOM_TYPES as readonly string[]).includes(type)) {
      throw new Error(`--type must be one of ${ROOM_TYPES.join(', ')}`);
    }
    return type as RoomType;
  }

  @Option({
    flags: '--capacity <n>',
    description: 'PRIVATE 1, CONFERENCE 3-50, SHARED_DESK 1-12',
    required: true,
  })
  parseCapacity(value: string): number {
    return /^\d+$/.test(value) ? Number(value) : Number.NaN;
  }
}
