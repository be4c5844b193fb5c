import { closureWindow, datesOf } from './closure.policy';

const TODAY = '2030-01-15';

describe('closureWindow', () => {
  it.each([
    [{ startDate: '2030-01-16', endDate: '2030-01-16' }, 9, 18],
    [{ startDate: '2030-01-16', endDate: '2030-01-20', startTime: '14:00:00' }, 14, 18],
    [{ startDate: '2030-01-16', endDate: '2030-01-16', endTime: '12:00' }, 9, 12],
    [
      { startDate: '2030-01-16', endDate: '2030-01-16', startTime: '09:00', endTime: '18:00' },
      9,
      18,
    ],
    [{ startDate: '2030-01-15', endDate: '2031-01-15' }, 9, 18],
  ])('accepts %j as hours %i-%i', (request, startHour, endHour) => {
    expect(closureWindow(request, TODAY)).toMatchObject({ startHour, endHour });
  });

  it.each([
    [{ startDate: '2030-01-17', endDate: '2030-01-16' }, 'end_date'],
    [{ startDate: '2030-01-16', endDate: '2031-01-17' }, 'end_date'],
    [{ startDate: '2030-01-14', endDate: '2030-01-16' }, 'start_date'],
    [{ startDate: '2030-02-30', endDate: '2030-03-01' }, 'start_date'],
    [{ startDate: '2030-01-16', endDate: '2030-01-16', startTime: '10:30:00' }, 'start_time'],
    [{ startDate: '2030-01-16', endDate: '2030-01-16', startTime: '08:00:00' }, 'start_time'],
    [{ startDate: '2030-01-16', endDate: '2030-01-16', endTime: '19:00:00' }, 'end_time'],
    [
      { startDate: '2030-01-16', endDate: '2030-01-16', startTime: '12:00', endTime: '12:00' },
      'end_time',
    ],
    [{ startDate: '2030-01-16', endDate: '2030-01-16', startTime: 'noon' }, 'start_time'],
  ])('refuses %j naming %s', (request, field) => {
    expect(() => closureWindow(request, TODAY)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fieldErrors: [expect.objectContaining({ field })],
      }),
    );
  });
});

describe('datesOf', () => {
  it('clips the window to the range asked for', () => {
    const window = { startDate: '2030-01-14', endDate: '2030-01-18', startHour: 9, endHour: 18 };
    expect(datesOf(window, '2030-01-16', '2030-01-30')).toEqual([
      '2030-01-16',
      '2030-01-17',
      '2030-01-18',
    ]);
    expect(datesOf(window, '2030-01-19', '2030-01-30')).toEqual([]);
  });
});
