import { Module } from '@nestjs/common';
import { ClockModule, CoreConfigModule } from '@app/core';
import { BookingsModule } from '@app/bookings';
import { DatabaseModule } from '@app/database';
import { RoomsModule } from '@app/rooms';
import { UsersModule } from '@app/users';
import { WaitlistModule } from '@app/waitlist';
import { AddRoomCommand } from './commands/add-room.command';
import { CreateAdminCommand } from './commands/create-admin.command';
import { ReleaseNoShowsCommand } from './commands/release-no-shows.command';
import { SeedRoomsCommand } from './commands/seed-rooms.command';
import { SetRoleCommand } from './commands/set-role.command';

@Module({
  imports: [
    CoreConfigModule,
    ClockModule,
    DatabaseModule.forRoot(),
    RoomsModule,
    UsersModule,
    BookingsModule,
    // Registers the promotion listener: a release from the CLI promotes the waitlist too.
    WaitlistModule,
  ],
  providers: [
    SeedRoomsCommand,
    CreateAdminCommand,
    SetRoleCommand,
    AddRoomCommand,
    ReleaseNoShowsCommand,
  ],
})
export class CliModule {}
