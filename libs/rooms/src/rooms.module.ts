import { Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { Room } from './entities/room.entity';
import { Site } from './entities/site.entity';
import { RoomsRepository } from './rooms.repository';
import { RoomsService } from './rooms.service';
import { SitesRepository } from './sites.repository';
import { SitesService } from './sites.service';

/** SEED_ROOMS: an empty rooms table gets the default rooms at start, so `npm start` is usable. */
@Injectable()
export class SeedRoomsOnStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rooms');

  constructor(
    private readonly rooms: RoomsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedRooms || !(await this.rooms.isEmpty())) return;
    const created = await this.rooms.seedDefaultRooms();
    this.logger.log(`seeded ${created.length} default rooms`);
  }
}

export const roomEntities = [Room, Site];

@Module({
  imports: [TypeOrmModule.forFeature(roomEntities)],
  providers: [RoomsService, RoomsRepository, SitesService, SitesRepository],
  exports: [RoomsService, SitesService],
})
export class RoomsModule {}

/** RoomsModule plus seeding at start; the API imports this one, the CLI the plain module. */
@Module({
  imports: [RoomsModule],
  providers: [SeedRoomsOnStart],
})
export class RoomsSeedingModule {}
