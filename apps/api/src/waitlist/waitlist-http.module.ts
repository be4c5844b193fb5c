import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@app/idempotency';
import { WaitlistExpirySweep, WaitlistModule } from '@app/waitlist';
import { WaitlistController } from './waitlist.controller';

/** The waitlist endpoints, and the expiry sweep every API process runs. */
@Module({
  imports: [WaitlistModule, IdempotencyModule],
  controllers: [WaitlistController],
  providers: [WaitlistExpirySweep],
})
export class WaitlistHttpModule {}
