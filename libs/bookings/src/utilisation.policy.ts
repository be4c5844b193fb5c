import { CLOSING_HOUR, DomainError, OPENING_HOUR, isCalendarDate } from '@app/core';
import type { RoomType } from './allocation.policy';
import { daysBetween } from './closure.policy';

/** At most this many dates in one report (a year, leap day included). */
export const MAX_REPORT_DAYS = 366;

/** Open hours of an open day: 09:00-18:00. */
export const OPEN_HOURS_PER_DAY = CLOSING_HOUR - OPENING_HOUR;

/** Hours of one room (or, summed, one room type) over the report's range. */
export interface UtilisationHours {
  bookableHours: number;
  bookedHours: number;
  checkedInHours: number;
  releasedHours: number;
  cancelledHours: number;
}

export interface RoomUtilisation extends UtilisationHours {
  roomId: number | null;
  roomNumber: string | null;
  roomType: RoomType;
  utilisation: number;
}

export interface UtilisationReport {
  from: string;
  to: string;
  rooms: RoomUtilisation[];
  roomTypes: RoomUtilisation[];
}

export class InvalidReportRange extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, [{ field, message }]);
  }
}

/** from..to (inclusive): real dates, not reversed, at most MAX_REPORT_DAYS dates. */
export function checkReportRange(from: string, to: string): void {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDate(value)) {
      throw new InvalidReportRange(
        field,
        `${field} must be a real calendar date in YYYY-MM-DD format`,
      );
    }
  }
  if (to < from) throw new InvalidReportRange('to', 'to must not be before from');
  if (daysBetween(from, to) >= MAX_REPORT_DAYS) {
    throw new InvalidReportRange('to', `A report spans at most ${MAX_REPORT_DAYS} days`);
  }
}

/**
 * booked / bookable, 3 decimals, 0 when nothing is bookable. Capped at 1: hours booked before
 * a closure or a closed weekday was declared still count as booked, yet are no longer bookable.
 */
export function utilisationRatio(booked: number, bookable: number): number {
  if (bookable <= 0) return 0;
  return Math.min(1, Math.round((booked / bookable) * 1000) / 1000);
}

/** One row per room type (in `types` order), the sums of its rooms' rows. */
export function totalsByRoomType(
  rooms: RoomUtilisation[],
  types: readonly RoomType[],
): RoomUtilisation[] {
  return types.map((roomType) => {
    const sum = (key: keyof UtilisationHours) =>
      rooms.filter((r) => r.roomType === roomType).reduce((total, r) => total + r[key], 0);
    const bookableHours = sum('bookableHours');
    const bookedHours = sum('bookedHours');
    return {
      roomId: null,
      roomNumber: null,
      roomType,
      bookableHours,
      bookedHours,
      checkedInHours: sum('checkedInHours'),
      releasedHours: sum('releasedHours'),
      cancelledHours: sum('cancelledHours'),
      utilisation: utilisationRatio(bookedHours, bookableHours),
    };
  });
}
