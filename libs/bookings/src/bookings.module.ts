import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '@app/idempotency';
import { TeamsModule } from '@app/teams';
import { AvailabilityService } from './availability.service';
import { AvailabilityRepository, BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';
import { ClosureRepository } from './closure.repository';
import { ClosuresService } from './closures.service';
import { HoursFreedHooks } from './hours-freed';
import { BookingParticipant } from './entities/booking-participant.entity';
import { Booking } from './entities/booking.entity';
import { RoomClosure } from './entities/room-closure.entity';
import { CheckInRepository } from './check-in.repository';
import { CheckInService } from './check-in.service';
import { NoShowReleases } from './no-show-release.service';
import { RoomDay } from './entities/room-day.entity';

export const bookingEntities = [Booking, BookingParticipant, RoomDay, RoomClosure];

@Module({
  imports: [TypeOrmModule.forFeature(bookingEntities), TeamsModule, IdempotencyModule],
  providers: [
    BookingRepository,
    AvailabilityRepository,
    BookingService,
    AvailabilityService,
    HoursFreedHooks,
    ClosureRepository,
    ClosuresService,
    CheckInRepository,
    CheckInService,
    NoShowReleases,
  ],
  exports: [
    BookingService,
    AvailabilityService,
    HoursFreedHooks,
    ClosuresService,
    CheckInService,
    NoShowReleases,
  ],
})
export class BookingsModule {}
