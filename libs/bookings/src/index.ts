export * from './bookings.module';
export * from './booking.service';
export * from './availability.service';
export * from './booking.errors';
export type { RoomType, PartyMember } from './allocation.policy';
export { MAX_DESK_PARTY } from './allocation.policy';
export type { HourAvailability, TypeAvailability, RoomAvailability } from './availability';
export type {
  BookingFilters,
  BookingKey,
  BookingRecord,
  MemberRecord,
  ParticipantRecord,
  RoomRecord,
} from './booking.repository';
export { BOOKING_STATUSES } from './entities/booking.entity';
export type { BookingStatus } from './entities/booking.entity';
