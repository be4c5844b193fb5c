import { LocalMoment } from '@app/core';
import { CheckInClosed } from './check-in.errors';
import { assertCheckInOpen, releaseCutoff } from './check-in.policy';

const at = (date: string, time: string): LocalMoment => {
  const [hour, minute, second] = time.split(':').map(Number);
  return { date, hour, minute, second: second ?? 0 };
};
const booking = { date: '2030-01-15', startHour: 10, endHour: 12 };
const rules = { checkInOpensMinutes: 15, autoReleaseAfterMinutes: 15 };

const outcome = (now: LocalMoment, r = rules, b = booking): string => {
  try {
    assertCheckInOpen(b, now, r);
    return 'open';
  } catch (error) {
    if (!(error instanceof CheckInClosed)) throw error;
    return error.message.startsWith('Too early') ? 'early' : 'late';
  }
};

describe('assertCheckInOpen', () => {
  it.each([
    ['2030-01-14', '10:00:00', 'early'],
    ['2030-01-15', '09:44:59', 'early'],
    ['2030-01-15', '09:45:00', 'open'],
    ['2030-01-15', '10:00:00', 'open'],
    ['2030-01-15', '10:14:59', 'open'],
    ['2030-01-15', '10:15:00', 'late'],
    ['2030-01-15', '11:30:00', 'late'],
    ['2030-01-16', '09:50:00', 'late'],
  ])('on %s at %s: %s', (date, time, expected) => {
    expect(outcome(at(date, time))).toBe(expected);
  });

  it('opens across midnight for a long lead', () => {
    const r = { checkInOpensMinutes: 600, autoReleaseAfterMinutes: 15 };
    const early = { date: '2030-01-15', startHour: 9, endHour: 10 };
    expect(outcome(at('2030-01-14', '22:59:59'), r, early)).toBe('early');
    expect(outcome(at('2030-01-14', '23:00:00'), r, early)).toBe('open');
  });

  it('stays open until the end when release is off, and never past the end', () => {
    const off = { checkInOpensMinutes: 15, autoReleaseAfterMinutes: 0 };
    expect(outcome(at('2030-01-15', '11:59:59'), off)).toBe('open');
    expect(outcome(at('2030-01-15', '12:00:00'), off)).toBe('late');
    const long = { checkInOpensMinutes: 15, autoReleaseAfterMinutes: 180 };
    expect(outcome(at('2030-01-15', '12:00:00'), long)).toBe('late');
  });

  it('says when the window opens or closed', () => {
    expect(() => assertCheckInOpen(booking, at('2030-01-15', '09:00:00'), rules)).toThrow(
      'Too early: check-in for the booking starting 2030-01-15 10:00 opens at 09:45, 15 minutes before its start.',
    );
    expect(() => assertCheckInOpen(booking, at('2030-01-15', '10:20:00'), rules)).toThrow(
      'Too late: check-in for the booking starting 2030-01-15 10:00 closed at 10:15, 15 minutes after its start.',
    );
  });
});

describe('releaseCutoff', () => {
  it.each([
    ['2030-01-15', '10:14:59', { date: '2030-01-15', hour: 9 }],
    ['2030-01-15', '10:15:00', { date: '2030-01-15', hour: 10 }],
    ['2030-01-15', '11:14:00', { date: '2030-01-15', hour: 10 }],
    ['2030-01-15', '00:10:00', { date: '2030-01-14', hour: 23 }],
  ])('on %s at %s: bookings starting up to %j are due', (date, time, cutoff) => {
    expect(releaseCutoff(at(date, time), rules)).toEqual(cutoff);
  });

  it('is null when release is off', () => {
    expect(releaseCutoff(at('2030-01-15', '12:00:00'), { autoReleaseAfterMinutes: 0 })).toBeNull();
  });
});
