export * from './bookings.module';
export * from './booking.service';
export * from './availability.service';
export * from './booking.errors';
export * from './hours-freed';
export * from './closures.service';
export type { ClosureRecord, ClosureRoom } from './closure.repository';
export { MAX_CLOSURE_DAYS } from './closure.policy';
export * from './check-in.errors';
export { CheckInService } from './check-in.service';
export { NoShowReleases } from './no-show-release.service';
export { ReleaseSweep } from './release.sweep';
export * from './series.service';
export { FREQUENCIES, WEEKDAYS, MAX_INTERVAL, MAX_OCCURRENCES } from './recurrence';
export type { Frequency, Weekday, NormalisedRule, RecurrenceRule } from './recurrence';
export type { RoomType, PartyMember } from './allocation.policy';
export type { HourRange } from './hour-range';
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
export { UtilisationReportService } from './utilisation-report.service';
export { MAX_REPORT_DAYS } from './utilisation.policy';
export type { RoomUtilisation, UtilisationReport } from './utilisation.policy';
export * from './booking-policies.service';
export { WEEKDAY_CODES, POLICY_SCOPES } from './booking-policy';
export type { PolicyLimits, PolicyScope } from './booking-policy';
