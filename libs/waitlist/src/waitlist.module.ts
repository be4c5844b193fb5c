import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingsModule } from '@app/bookings';
import { IdempotencyModule } from '@app/idempotency';
import { RoomsModule } from '@app/rooms';
import { WaitlistEntry } from './entities/waitlist-entry.entity';
import { WaitlistRepository } from './waitlist.repository';
import { WaitlistService } from './waitlist.service';

export const waitlistEntities = [WaitlistEntry];

/** The waitlist; registers its promotion on the booking engine's HoursFreedHooks at init. */
@Module({
  imports: [
    TypeOrmModule.forFeature(waitlistEntities),
    BookingsModule,
    IdempotencyModule,
    RoomsModule,
  ],
  providers: [WaitlistRepository, WaitlistService],
  exports: [WaitlistService],
})
export class WaitlistModule {}
