import {
  CLOSING_HOUR,
  LocalMoment,
  OPENING_HOUR,
  addDays,
  formatHour,
  hasSlotBegun,
  isCalendarDate,
  parseClockTime,
} from '@app/core';
import { BeyondBookingHorizon, InvalidQuery, InvalidTimeSlot, SlotInPast } from './booking.errors';

/** Consecutive whole hours [startHour, endHour) on one workspace-local date. */
export interface HourRange {
  date: string;
  startHour: number;
  endHour: number;
}

export function hoursOf(range: HourRange): number[] {
  return Array.from({ length: range.endHour - range.startHour }, (_, i) => range.startHour + i);
}

export function assertCalendarDate(value: string, field = 'date'): string {
  if (!isCalendarDate(value)) {
    throw new InvalidQuery(field, `${field} must be a real calendar date in YYYY-MM-DD format`);
  }
  return value;
}

/** The start hour of a slot: on the hour, 09:00 to 17:00. */
export function parseStartHour(value: string): number {
  const time = parseClockTime(value);
  if (!time)
    throw new InvalidTimeSlot('time_slot', 'time_slot must be a time of day in HH:MM:SS format.');
  if (time.minute !== 0 || time.second !== 0) {
    throw new InvalidTimeSlot(
      'time_slot',
      'Time slots start on the hour (minutes and seconds must be 00).',
    );
  }
  if (time.hour < OPENING_HOUR || time.hour >= CLOSING_HOUR) {
    throw new InvalidTimeSlot(
      'time_slot',
      `Time slots start between ${formatHour(OPENING_HOUR)} and ${formatHour(CLOSING_HOUR - 1)}.`,
    );
  }
  return time.hour;
}

/** date + time_slot [+ end_time, exclusive, default one hour later]. */
export function parseHourRange(date: string, timeSlot: string, endTime?: string): HourRange {
  assertCalendarDate(date);
  const startHour = parseStartHour(timeSlot);
  if (endTime === undefined) return { date, startHour, endHour: startHour + 1 };
  const end = parseClockTime(endTime);
  if (!end)
    throw new InvalidTimeSlot('end_time', 'end_time must be a time of day in HH:MM:SS format.');
  if (end.minute !== 0 || end.second !== 0) {
    throw new InvalidTimeSlot(
      'end_time',
      'end_time must be on the hour (minutes and seconds must be 00).',
    );
  }
  if (end.hour <= startHour)
    throw new InvalidTimeSlot('end_time', 'end_time must be after time_slot.');
  if (end.hour > CLOSING_HOUR) {
    throw new InvalidTimeSlot(
      'end_time',
      `end_time must be no later than ${formatHour(CLOSING_HOUR)}.`,
    );
  }
  return { date, startHour, endHour: end.hour };
}

/** Rule 2: nothing already begun in the workspace zone, nothing beyond the horizon. */
export function assertBookable(range: HourRange, now: LocalMoment, horizonDays: number): void {
  if (hasSlotBegun(range.date, range.startHour, now)) throw new SlotInPast();
  if (range.date > addDays(now.date, horizonDays)) throw new BeyondBookingHorizon(horizonDays);
}

/** Which hours of `date` are still bookable at `now` (not begun, within the horizon)? */
export function bookableHoursOf(
  date: string,
  now: LocalMoment,
  horizonDays: number,
): (hour: number) => boolean {
  if (date > addDays(now.date, horizonDays)) return () => false;
  return (hour) => !hasSlotBegun(date, hour, now);
}
