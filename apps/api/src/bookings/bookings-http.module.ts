import { Module } from '@nestjs/common';
import { BookingsModule, ReleaseSweep } from '@app/bookings';
import { IdempotencyModule } from '@app/idempotency';
import { BookingsController, CancelController } from './bookings.controller';
import { CheckInController } from './check-in.controller';

@Module({
  imports: [BookingsModule, IdempotencyModule],
  controllers: [BookingsController, CancelController, CheckInController],
  // The API's processes sweep for no-shows; the CLI runs `release-no-shows` instead.
  providers: [ReleaseSweep],
})
export class BookingsHttpModule {}
