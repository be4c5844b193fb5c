import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '@app/idempotency';
import { TeamsModule } from '@app/teams';
import { AvailabilityService } from './availability.service';
import { AvailabilityRepository, BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';
import { CheckInRepository } from './check-in.repository';
import { CheckInService } from './check-in.service';
import { HoursFreedHooks } from './hours-freed';
import { BookingParticipant } from './entities/booking-participant.entity';
import { Booking } from './entities/booking.entity';
import { NoShowReleases } from './no-show-release.service';
import { RoomDay } from './entities/room-day.entity';

export const bookingEntities = [Booking, BookingParticipant, RoomDay];

@Module({
  imports: [TypeOrmModule.forFeature(bookingEntities), TeamsModule, IdempotencyModule],
  providers: [
    BookingRepository,
    AvailabilityRepository,
    BookingService,
    AvailabilityService,
    HoursFreedHooks,
    CheckInRepository,
    CheckInService,
    NoShowReleases,
  ],
  exports: [BookingService, AvailabilityService, HoursFreedHooks, CheckInService, NoShowReleases],
})
export class BookingsModule {}
