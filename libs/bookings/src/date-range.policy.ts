import { DomainError, isCalendarDate } from '@app/core';

/** Whole days from `from` to `to` (calendar dates; negative when reversed). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export class InvalidDateRange extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, [{ field, message }]);
  }
}

/**
 * An inclusive range of request dates, each given as [field name, value]: both real dates,
 * the end not before the start, at most `maxDays` dates ("A closure spans at most 366 days").
 */
export function checkDateRange(
  [startField, start]: readonly [string, string],
  [endField, end]: readonly [string, string],
  maxDays: number,
  what: string,
): void {
  for (const [field, value] of [
    [startField, start],
    [endField, end],
  ]) {
    if (!isCalendarDate(value)) {
      throw new InvalidDateRange(
        field,
        `${field} must be a real calendar date in YYYY-MM-DD format`,
      );
    }
  }
  if (end < start) {
    throw new InvalidDateRange(endField, `${endField} must not be before ${startField}`);
  }
  if (daysBetween(start, end) >= maxDays) {
    throw new InvalidDateRange(endField, `${what} spans at most ${maxDays} days`);
  }
}
