import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { RoomsSeedingModule, RoomsModule } from '@app/rooms';
import { ClosuresController } from './closures.controller';
import { RoomsController } from './rooms.controller';

@Module({
  imports: [RoomsModule, RoomsSeedingModule, BookingsModule],
  controllers: [RoomsController, ClosuresController],
})
export class RoomsHttpModule {}
