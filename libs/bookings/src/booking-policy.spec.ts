import {
  BindingLimits,
  NO_LIMITS,
  QuotaExceeded,
  QuotaLedger,
  assertBeforeCutoff,
  assertNotice,
  bindingLimits,
  isOpenOn,
  isoWeekday,
  mergeScopes,
  weekStart,
} from './booking-policy';

const member = { id: 7, name: 'Grace Hopper' };
const limits = (all: Partial<typeof NO_LIMITS>, ofType: Partial<typeof NO_LIMITS> = {}) =>
  ({
    all: { ...NO_LIMITS, ...all },
    ofType: { ...NO_LIMITS, ...ofType },
    roomType: 'PRIVATE',
  }) as BindingLimits;
const now = { date: '2030-01-15', hour: 10, minute: 30, second: 0 };

describe('booking policy', () => {
  it("merges the company's and a site's rows of a scope: the stricter of each limit", () => {
    const company = { ...NO_LIMITS, scope: 'ALL' as const, maxHoursPerDay: 6, minNoticeMin: 30 };
    const site = {
      ...NO_LIMITS,
      scope: 'ALL' as const,
      maxHoursPerDay: 8,
      maxHoursPerWeek: 20,
      minNoticeMin: 60,
      openWeekdays: [1, 2, 3],
    };
    const typed = { ...NO_LIMITS, scope: 'PRIVATE' as const, openWeekdays: [2, 3, 4] };
    expect(mergeScopes([company, site, typed])).toEqual([{ ...site, maxHoursPerDay: 6 }, typed]);
    expect(
      mergeScopes([site, { ...NO_LIMITS, scope: 'ALL', openWeekdays: [3, 5] }])[0].openWeekdays,
    ).toEqual([3]);
  });

  it.each([
    ['2030-01-14', 1, '2030-01-14'],
    ['2030-01-15', 2, '2030-01-14'],
    ['2030-01-20', 7, '2030-01-14'],
    ['2030-01-21', 1, '2030-01-21'],
    ['2030-01-01', 2, '2029-12-31'],
  ])('%s is ISO weekday %i of the week starting %s', (date, day, monday) => {
    expect(isoWeekday(date)).toBe(day);
    expect(weekStart(date)).toBe(monday);
  });

  it('binds the ALL scope and the type scope, ignoring other types', () => {
    const rows = [
      { ...NO_LIMITS, scope: 'ALL' as const, maxHoursPerDay: 6 },
      { ...NO_LIMITS, scope: 'CONFERENCE' as const, maxHoursPerDay: 1 },
    ];
    expect(bindingLimits(rows, 'PRIVATE').ofType.maxHoursPerDay).toBeNull();
    expect(bindingLimits(rows, 'CONFERENCE').ofType.maxHoursPerDay).toBe(1);
  });

  it.each([
    [null, null, true],
    [[1, 2, 3, 4, 5], null, true],
    [[1, 2, 3, 4, 5], [1], false],
    [[6, 7], null, false],
  ])('open on Tuesday with all=%j type=%j: %s', (all, ofType, open) => {
    expect(isOpenOn(limits({ openWeekdays: all }, { openWeekdays: ofType }), '2030-01-15')).toBe(
      open,
    );
  });

  it.each([
    [90, 12],
    [0, 11],
  ])('notice %i for a start at %i:00 from 10:30 passes', (notice, hour) => {
    expect(() =>
      assertNotice(limits({ minNoticeMin: notice }), '2030-01-15', hour, now),
    ).not.toThrow();
  });

  it('a notice one minute longer than the time left is TOO_SHORT_NOTICE', () => {
    expect(() => assertNotice(limits({ minNoticeMin: 91 }), '2030-01-15', 12, now)).toThrow(
      expect.objectContaining({ code: 'TOO_SHORT_NOTICE' }),
    );
  });

  it('the stricter of the two cutoffs applies', () => {
    const l = limits({ cancelCutoffMin: 30 }, { cancelCutoffMin: 120 });
    expect(() => assertBeforeCutoff(l, '2030-01-15', 12, now)).toThrow(
      expect.objectContaining({ code: 'CANCEL_CUTOFF' }),
    );
    expect(() => assertBeforeCutoff(l, '2030-01-15', 13, now)).not.toThrow();
  });

  it('hours per day: the limit is inclusive, the type limit counts its own type only', () => {
    const ledger = new QuotaLedger(limits({ maxHoursPerDay: 6 }, { maxHoursPerDay: 3 }), {
      hours: [
        { memberId: 7, date: '2030-01-15', roomType: 'SHARED_DESK', hours: 3 },
        { memberId: 7, date: '2030-01-15', roomType: 'PRIVATE', hours: 1 },
      ],
      active: [],
    });
    expect(() => ledger.check([member], '2030-01-15', 2)).not.toThrow();
    expect(() => ledger.check([member], '2030-01-15', 3)).toThrow(QuotaExceeded);
    ledger.add([7], '2030-01-15', 2);
    expect(() => ledger.check([member], '2030-01-15', 1)).toThrow(/max_hours_per_day 6/);
  });

  it('hours per week sum Monday to Sunday; active bookings count one per booking', () => {
    const ledger = new QuotaLedger(limits({ maxHoursPerWeek: 5, maxActiveBookings: 2 }), {
      hours: [{ memberId: 7, date: '2030-01-14', roomType: 'PRIVATE', hours: 4 }],
      active: [{ memberId: 7, roomType: 'CONFERENCE', bookings: 1 }],
    });
    expect(() => ledger.check([member], '2030-01-20', 2)).toThrow(/week of 2030-01-14/);
    expect(() => ledger.check([member], '2030-01-21', 2)).not.toThrow();
    ledger.add([7], '2030-01-21', 2);
    expect(() => ledger.check([member], '2030-01-22', 1)).toThrow(/3 active bookings/);
  });
});
