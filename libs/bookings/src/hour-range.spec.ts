import { DomainError, LocalMoment, localMoment } from '@app/core';
import { assertBookable } from './hour-range';

/** The workspace-local "now" at an instant. */
const at = (iso: string, zone = 'UTC') => localMoment(new Date(iso), zone);

/** 10:30 on 2030-01-15 in the workspace zone; + 90 days is 2030-04-15, the horizon's last day. */
const NOW = at('2030-01-15T10:30:00Z');
/** 15:30 UTC on the 15th is 00:30 on the 16th in Tokyo: the whole local 15th is over. */
const TOKYO = at('2030-01-15T15:30:00Z', 'Asia/Tokyo');
/** 02:00 UTC on the 16th is 21:00 on the 15th in New York: the horizon counts from the 15th. */
const NEW_YORK = at('2030-01-16T02:00:00Z', 'America/New_York');

/** The error code assertBookable throws, or 'ok'. */
function outcome(date: string, startHour: number, now: LocalMoment, horizonDays = 90): unknown {
  try {
    assertBookable({ date, startHour, endHour: startHour + 1 }, now, horizonDays);
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? error.code : error;
  }
}

describe('assertBookable (rule 2)', () => {
  it.each([
    ['yesterday', '2030-01-14', 17, 'SLOT_IN_PAST', NOW],
    ['an hour earlier today', '2030-01-15', 9, 'SLOT_IN_PAST', NOW],
    ['the hour already begun', '2030-01-15', 10, 'SLOT_IN_PAST', NOW],
    ['exactly on the hour', '2030-01-15', 11, 'SLOT_IN_PAST', at('2030-01-15T11:00:00Z')],
    ['a second before the hour', '2030-01-15', 11, 'ok', at('2030-01-15T10:59:59Z')],
    ['the next hour today', '2030-01-15', 11, 'ok', NOW],
    ['tomorrow at opening', '2030-01-16', 9, 'ok', NOW],
    ['the last day of the horizon', '2030-04-15', 17, 'ok', NOW],
    ['the day after the horizon', '2030-04-16', 9, 'BEYOND_BOOKING_HORIZON', NOW],
    ['Tokyo, later that UTC day', '2030-01-15', 17, 'SLOT_IN_PAST', TOKYO],
    ['Tokyo, the local morning', '2030-01-16', 9, 'ok', TOKYO],
    ['New York, the local tomorrow', '2030-01-16', 9, 'ok', NEW_YORK],
    ['New York, the last day of the local horizon', '2030-04-15', 17, 'ok', NEW_YORK],
    ['New York, past the local horizon', '2030-04-16', 9, 'BEYOND_BOOKING_HORIZON', NEW_YORK],
  ])('%s: %s %i:00 -> %s', (_label, date, hour, expected, now) => {
    expect(outcome(date, hour, now)).toBe(expected);
  });

  it.each([
    [0, '2030-01-15', 'ok'],
    [0, '2030-01-16', 'BEYOND_BOOKING_HORIZON'],
    [1, '2030-01-16', 'ok'],
    [1, '2030-01-17', 'BEYOND_BOOKING_HORIZON'],
  ])('a %i-day horizon at 10:30 on the 15th: %s 17:00 -> %s', (horizonDays, date, expected) => {
    expect(outcome(date, 17, NOW, horizonDays)).toBe(expected);
  });
});
