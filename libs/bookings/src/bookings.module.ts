import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '@app/idempotency';
import { RoomsModule } from '@app/rooms';
import { TeamsModule } from '@app/teams';
import { AvailabilityService } from './availability.service';
import { AvailabilityRepository, BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';
import { UtilisationReportService } from './utilisation-report.service';
import { ClosureRepository } from './closure.repository';
import { ClosuresService } from './closures.service';
import { HoursFreedHooks } from './hours-freed';
import { SeriesRepository } from './series.repository';
import { SeriesService } from './series.service';
import { BookingParticipant } from './entities/booking-participant.entity';
import { Booking } from './entities/booking.entity';
import { RoomClosure } from './entities/room-closure.entity';
import { CheckInRepository } from './check-in.repository';
import { CheckInService } from './check-in.service';
import { NoShowReleases } from './no-show-release.service';
import { RoomDay } from './entities/room-day.entity';
import { BookingSeries } from './entities/booking-series.entity';
import { BookingPolicy } from './entities/booking-policy.entity';
import { BookingPolicyRepository } from './booking-policy.repository';
import { BookingPoliciesService } from './booking-policies.service';

export const bookingEntities = [
  Booking,
  BookingParticipant,
  RoomDay,
  RoomClosure,
  BookingSeries,
  BookingPolicy,
];

@Module({
  imports: [TypeOrmModule.forFeature(bookingEntities), TeamsModule, IdempotencyModule, RoomsModule],
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
    SeriesRepository,
    SeriesService,
    UtilisationReportService,
    BookingPolicyRepository,
    BookingPoliciesService,
  ],
  exports: [
    BookingPoliciesService,
    BookingService,
    AvailabilityService,
    HoursFreedHooks,
    ClosuresService,
    CheckInService,
    NoShowReleases,
    SeriesService,
    UtilisationReportService,
  ],
})
export class BookingsModule {}
