import {
  addDays,
  formatHour,
  hasSlotBegun,
  isCalendarDate,
  isTimeZone,
  localMoment,
  parseClockTime,
  SLOT_HOURS,
} from './workspace-time';

describe('workspace time', () => {
  it('has nine slots from 09:00 to 17:00', () => {
    expect(SLOT_HOURS).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it.each([
    ['2026-11-25', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['26-11-25', false],
    ['2026-11-25T00:00:00Z', false],
    ['', false],
  ])('isCalendarDate(%j) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['10:00:00', { hour: 10, minute: 0, second: 0 }],
    ['09:00', { hour: 9, minute: 0, second: 0 }],
    ['10:30:00', { hour: 10, minute: 30, second: 0 }],
    ['24:00:00', null],
    ['9:00', null],
    ['10:00:60', null],
    ['ten', null],
  ])('parseClockTime(%j)', (value, expected) => {
    expect(parseClockTime(value)).toEqual(expected);
  });

  it('reads an instant in the workspace time zone', () => {
    const instant = new Date('2026-11-25T23:30:15Z');
    expect(localMoment(instant, 'UTC')).toEqual({
      date: '2026-11-25',
      hour: 23,
      minute: 30,
      second: 15,
    });
    expect(localMoment(instant, 'Asia/Tokyo')).toEqual({
      date: '2026-11-26',
      hour: 8,
      minute: 30,
      second: 15,
    });
    expect(localMoment(instant, 'America/New_York')).toEqual({
      date: '2026-11-25',
      hour: 18,
      minute: 30,
      second: 15,
    });
  });

  it.each([
    ['2026-11-24', 17, true],
    ['2026-11-25', 9, true],
    ['2026-11-25', 10, true],
    ['2026-11-25', 11, false],
    ['2026-11-26', 9, false],
  ])('at 10:05 on 2026-11-25, the slot %s %i:00 has begun: %s', (date, hour, expected) => {
    expect(hasSlotBegun(date, hour, { date: '2026-11-25', hour: 10, minute: 5, second: 0 })).toBe(
      expected,
    );
  });

  it.each([
    ['Europe/Paris', true],
    ['UTC', true],
    ['America/Argentina/ComodRivadavia', true],
    ['Mars/Olympus', false],
    ['+01:00', false],
    ['', false],
    [`Europe/${'x'.repeat(60)}`, false],
  ])('%j is a time zone: %s', (zone, expected) => {
    expect(isTimeZone(zone)).toBe(expected);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(formatHour(9)).toBe('09:00:00');
  });
});
