import { CLOSING_HOUR, OPENING_HOUR } from '@app/core';
import type { RoomType } from './allocation.policy';
import { checkDateRange } from './date-range.policy';

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

/** from..to (inclusive): real dates, not reversed, at most MAX_REPORT_DAYS dates. */
export const checkReportRange = (from: string, to: string): void =>
  checkDateRange(['from', from], ['to', to], MAX_REPORT_DAYS, 'A report');

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
