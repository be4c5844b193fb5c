import { Module } from '@nestjs/common';
import { ClockModule, CoreConfigModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { RoomsModule } from '@app/rooms';
import { UsersModule } from '@app/users';
import { AddRoomCommand } from './commands/add-room.command';
import { CreateAdminCommand } from './commands/create-admin.command';
import { SeedRoomsCommand } from './commands/seed-rooms.command';
import { SetRoleCommand } from './commands/set-role.command';

@Module({
  imports: [CoreConfigModule, ClockModule, DatabaseModule.forRoot(), RoomsModule, UsersModule],
  providers: [SeedRoomsCommand, CreateAdminCommand, SetRoleCommand, AddRoomCommand],
})
export class CliModule {}
