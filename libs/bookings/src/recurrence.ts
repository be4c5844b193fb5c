import { DomainError, addDays, isCalendarDate } from '@app/core';

/**
 * Recurrence rules of a series (section 1 of the capabilities): pure, no clock, no I/O. The
 * dates a rule generates from its start date, or a 400 naming the field at fault.
 */
export const FREQUENCIES = ['DAILY', 'WEEKLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** ISO order: Monday first. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const MAX_OCCURRENCES = 100;
export const MAX_INTERVAL = 52;

export interface RecurrenceRule {
  frequency: Frequency;
  /** Every `interval` days (DAILY) or weeks (WEEKLY), 1..52; default 1. */
  interval?: number;
  /** WEEKLY only; default: the start date's weekday. */
  weekdays?: Weekday[];
  /** Inclusive; exactly one of `until` and `count`. */
  until?: string;
  count?: number;
}

/** The rule as stored and answered: defaults filled in, weekdays in week order. */
export interface NormalisedRule {
  frequency: Frequency;
  interval: number;
  weekdays?: Weekday[];
  until?: string;
  count?: number;
}

export class InvalidRecurrence extends DomainError {
  constructor(field: string, message: string) {
    super('VALIDATION_FAILED', message, [{ field, message }]);
  }
}

/** 0 = Monday ... 6 = Sunday, of a YYYY-MM-DD calendar date. */
export function weekdayIndexOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** Checks the rule's shape (what a DTO checks too, so the domain never trusts the caller). */
export function normaliseRule(startDate: string, rule: RecurrenceRule): NormalisedRule {
  const fail = (field: string, message: string): never => {
    throw new InvalidRecurrence(field, message);
  };
  if (!isCalendarDate(startDate)) {
    fail('start_date', 'start_date must be a real calendar date in YYYY-MM-DD format');
  }
  if (!FREQUENCIES.includes(rule.frequency)) {
    fail('recurrence.frequency', 'recurrence.frequency must be DAILY or WEEKLY');
  }
  const interval = rule.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1 || interval > MAX_INTERVAL) {
    fail('recurrence.interval', `recurrence.interval must be an integer from 1 to ${MAX_INTERVAL}`);
  }
  if ((rule.until === undefined) === (rule.count === undefined)) {
    fail('recurrence', 'Give exactly one of recurrence.until and recurrence.count');
  }
  if (rule.until !== undefined) {
    if (!isCalendarDate(rule.until)) {
      fail(
        'recurrence.until',
        'recurrence.until must be a real calendar date in YYYY-MM-DD format',
      );
    }
    if (rule.until < startDate) {
      fail('recurrence.until', 'recurrence.until must not be before start_date');
    }
  }
  if (
    rule.count !== undefined &&
    (!Number.isInteger(rule.count) || rule.count < 1 || rule.count > MAX_OCCURRENCES)
  ) {
    fail('recurrence.count', `recurrence.count must be an integer from 1 to ${MAX_OCCURRENCES}`);
  }
  const end = rule.until !== undefined ? { until: rule.until } : { count: rule.count };
  if (rule.frequency === 'DAILY') {
    if (rule.weekdays !== undefined) {
      fail('recurrence.weekdays', 'recurrence.weekdays is only allowed with frequency WEEKLY');
    }
    return { frequency: 'DAILY', interval, ...end };
  }
  const weekdays = rule.weekdays ?? [WEEKDAYS[weekdayIndexOf(startDate)]];
  if (weekdays.length === 0) fail('recurrence.weekdays', 'recurrence.weekdays must not be empty');
  const unknown = weekdays.filter((w) => !WEEKDAYS.includes(w));
  if (unknown.length > 0) {
    fail(
      'recurrence.weekdays',
      `recurrence.weekdays must be among ${WEEKDAYS.join(', ')} (not ${unknown.join(', ')})`,
    );
  }
  if (new Set(weekdays).size !== weekdays.length) {
    fail('recurrence.weekdays', 'recurrence.weekdays must not contain duplicates');
  }
  return {
    frequency: 'WEEKLY',
    interval,
    weekdays: WEEKDAYS.filter((w) => weekdays.includes(w)),
    ...end,
  };
}

/**
 * The dates the rule generates from `startDate` (included when it matches), in order: DAILY
 * every `interval` days; WEEKLY on the weekdays of every `interval`-th week, weeks counted
 * Monday to Sunday from the start date's week. Up to `until` (inclusive) or `count` dates;
 * none at all, or more than 100, is a 400.
 */
export function occurrenceDates(startDate: string, rule: NormalisedRule): string[] {
  const dates: string[] = [];
  const limit = rule.count ?? MAX_OCCURRENCES + 1;
  const isDue = (date: string, offset: number): boolean => {
    if (rule.frequency === 'DAILY') return offset % rule.interval === 0;
    const weekday = weekdayIndexOf(date);
    const week = Math.floor((offset + weekdayIndexOf(startDate)) / 7);
    return week % rule.interval === 0 && (rule.weekdays ?? []).includes(WEEKDAYS[weekday]);
  };
  // 100 occurrences every 52nd week is the longest rule: about 100 years of days to walk.
  for (let offset = 0; dates.length < limit; offset++) {
    const date = addDays(startDate, offset);
    if (rule.until !== undefined && date > rule.until) break;
    if (isDue(date, offset)) dates.push(date);
  }
  if (dates.length === 0) {
    throw new InvalidRecurrence('recurrence', 'The recurrence generates no date');
  }
  if (dates.length > MAX_OCCURRENCES) {
    throw new InvalidRecurrence(
      'recurrence',
      `The recurrence generates more than ${MAX_OCCURRENCES} dates; a series has at most ${MAX_OCCURRENCES} occurrences`,
    );
  }
  return dates;
}
