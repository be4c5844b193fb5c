import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { BookingsController, CancelController } from './bookings.controller';

@Module({
  imports: [BookingsModule],
  controllers: [BookingsController, CancelController],
})
export class BookingsHttpModule {}
