import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { IdempotencyModule } from '@app/idempotency';
import { BookingsController, CancelController } from './bookings.controller';
import { CreateSeriesController, SeriesController } from './series.controller';

@Module({
  imports: [BookingsModule, IdempotencyModule],
  controllers: [CreateSeriesController, BookingsController, CancelController, SeriesController],
})
export class BookingsHttpModule {}
