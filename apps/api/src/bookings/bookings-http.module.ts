import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { IdempotencyModule } from '@app/idempotency';
import { BookingsController, CancelController } from './bookings.controller';

@Module({
  imports: [BookingsModule, IdempotencyModule],
  controllers: [BookingsController, CancelController],
})
export class BookingsHttpModule {}
