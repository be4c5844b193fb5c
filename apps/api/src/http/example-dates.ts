import type { OpenAPIObject } from '@nestjs/swagger';
import { addDays, localMoment } from '@app/core';

/**
 * The date every date example in the OpenAPI document is written with: a placeholder, so the
 * committed openapi.json does not change from day to day. The served document (/api/schema/,
 * /api/docs) shows a bookable date in its place, so "Try it out" works as prefilled.
 */
export const EXAMPLE_DATE = '2030-01-16';

/** A booking id of that date (BK + YYYYMMDD + HHMMSS + room), rewritten the same way. */
export const exampleBookingId = (time: string, room: string): string =>
  `BK${EXAMPLE_DATE.replace(/-/g, '')}${time.replace(/:/g, '')}${room}`;

const WEEKDAY = new Set([1, 2, 3, 4, 5]);
const dayOfWeek = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/**
 * The first weekday after today in the workspace zone, within the booking horizon (else
 * tomorrow, else today when the horizon is 0 days).
 */
export function bookableExampleDate(now: Date, timeZone: string, horizonDays: number): string {
  const today = localMoment(now, timeZone).date;
  const last = addDays(today, horizonDays);
  for (let date = addDays(today, 1); date <= last; date = addDays(date, 1)) {
    if (WEEKDAY.has(dayOfWeek(date))) return date;
  }
  return horizonDays > 0 ? addDays(today, 1) : today;
}

/** The document with EXAMPLE_DATE (also inside booking ids) replaced by `date`. */
export function withExampleDate(document: OpenAPIObject, date: string): OpenAPIObject {
  const compact = (value: string) => value.replace(/-/g, '');
  const json = JSON.stringify(document)
    .split(EXAMPLE_DATE)
    .join(date)
    .split(`BK${compact(EXAMPLE_DATE)}`)
    .join(`BK${compact(date)}`);
  return JSON.parse(json) as OpenAPIObject;
}
