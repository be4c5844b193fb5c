import {
  CLOSING_HOUR,
  DomainError,
  OPENING_HOUR,
  addDays,
  formatHour,
  parseClockTime,
} from '@app/core';
import { checkDateRange } from './date-range.policy';

/** At most this many dates in one closure (a year, leap day included). */
export const MAX_CLOSURE_DAYS = 366;

export interface ClosureRequest {
  startDate: string;
  endDate: string;
  startTime?: string;
  endTime?: string;
}

/** Dates startDate..endDate (inclusive), hours [startHour, endHour) of each. */
export interface ClosureWindow {
  startDate: string;
  endDate: string;
  startHour: number;
  endHour: number;
}

export class InvalidClosure extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, [{ field, message }]);
  }
}

function onTheHour(field: 'start_time' | 'end_time', value: string): number {
  const time = parseClockTime(value);
  if (!time) throw new InvalidClosure(field, `${field} must be a time of day in HH:MM:SS format`);
  if (time.minute !== 0 || time.second !== 0) {
    throw new InvalidClosure(field, `${field} must be on the hour (minutes and seconds 00)`);
  }
  if (time.hour < OPENING_HOUR || time.hour > CLOSING_HOUR) {
    throw new InvalidClosure(
      field,
      `${field} must be between ${formatHour(OPENING_HOUR)} and ${formatHour(CLOSING_HOUR)}`,
    );
  }
  return time.hour;
}

/**
 * Whole days when both times are omitted; start_time alone closes to 18:00, end_time alone
 * from 09:00 (end exclusive, like a booking's). Nothing before `today`, at most a year long.
 */
export function closureWindow(request: ClosureRequest, today: string): ClosureWindow {
  const { startDate, endDate } = request;
  checkDateRange(['start_date', startDate], ['end_date', endDate], MAX_CLOSURE_DAYS, 'A closure');
  if (startDate < today) {
    throw new InvalidClosure(
      'start_date',
      `start_date must not be in the past (today is ${today})`,
    );
  }
  const startHour =
    request.startTime === undefined ? OPENING_HOUR : onTheHour('start_time', request.startTime);
  const endHour =
    request.endTime === undefined ? CLOSING_HOUR : onTheHour('end_time', request.endTime);
  if (endHour <= startHour) {
    throw new InvalidClosure('end_time', 'end_time must be after start_time');
  }
  return { startDate, endDate, startHour, endHour };
}

/** The dates of the window from `from` to `to` (both clipped to it), in order. */
export function datesOf(window: ClosureWindow, from: string, to: string): string[] {
  const first = window.startDate > from ? window.startDate : from;
  const last = window.endDate < to ? window.endDate : to;
  const dates: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) dates.push(d);
  return dates;
}
