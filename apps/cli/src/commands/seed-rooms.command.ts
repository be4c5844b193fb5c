import { Command, CommandRunner } from 'nest-commander';
import { DEFAULT_ROOMS, RoomsService } from '@app/rooms';

@Command({
  name: 'seed',
  description: 'Create the default rooms (P01-P08, C01-C04, S01-S03); idempotent, never deletes',
})
export class SeedRoomsCommand extends CommandRunner {
  constructor(private readonly rooms: RoomsService) {
    super();
  }

  async run(): Promise<void> {
    const created = await this.rooms.seedDefaultRooms();
    process.stdout.write(
      created.length > 0
        ? `created ${created.length} rooms: ${created.join(', ')}\n`
        : `all ${DEFAULT_ROOMS.length} default rooms already exist; nothing created\n`,
    );
  }
}
