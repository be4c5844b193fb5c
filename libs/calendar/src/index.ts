export * from './calendar.module';
export * from './calendar.service';
export * from './calendar.errors';
export { renderCalendar, summaryOf, vtimezoneIdOf } from './booking-ics';
export type { CalendarBooking, CalendarOptions, CalendarRoomType } from './booking-ics';
export { isWellFormedFeedToken } from './feed-token';
