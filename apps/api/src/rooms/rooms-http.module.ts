import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { RoomsSeedingModule, RoomsModule } from '@app/rooms';
import { RoomsController } from './rooms.controller';

@Module({
  imports: [RoomsModule, RoomsSeedingModule, BookingsModule],
  controllers: [RoomsController],
})
export class RoomsHttpModule {}
