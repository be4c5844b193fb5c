import { Module } from '@nestjs/common';
import { RoomsSeedingModule, RoomsModule } from '@app/rooms';
import { RoomsController } from './rooms.controller';

@Module({
  imports: [RoomsModule, RoomsSeedingModule],
  controllers: [RoomsController],
})
export class RoomsHttpModule {}
