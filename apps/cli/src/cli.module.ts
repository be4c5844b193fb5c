import { Module } from '@nestjs/common';
import { ClockModule, CoreConfigModule } from '@app/core';
import { BookingsModule } from '@app/bookings';
import { DatabaseModule } from '@app/database';
import { RoomsModule } from '@app/rooms';
import { UsersModule } from '@app/users';
import { CreateAdminCommand } from './commands/create-admin.command';
import { ReleaseNoShowsCommand } from './commands/release-no-shows.command';
import { SeedRoomsCommand } from './commands/seed-rooms.command';

@Module({
  imports: [
    CoreConfigModule,
    ClockModule,
    DatabaseModule.forRoot(),
    RoomsModule,
    UsersModule,
    BookingsModule,
  ],
  providers: [SeedRoomsCommand, CreateAdminCommand, ReleaseNoShowsCommand],
})
export class CliModule {}
