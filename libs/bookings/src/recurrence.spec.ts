import { NormalisedRule, RecurrenceRule, normaliseRule, occurrenceDates } from './recurrence';

// 2030-01-14 is a Monday.
const dates = (start: string, rule: RecurrenceRule) =>
  occurrenceDates(start, normaliseRule(start, rule));

describe('occurrenceDates', () => {
  it.each<[string, string, RecurrenceRule, string[]]>([
    [
      'daily, count',
      '2030-01-14',
      { frequency: 'DAILY', count: 3 },
      ['2030-01-14', '2030-01-15', '2030-01-16'],
    ],
    [
      'daily every 2nd day until (inclusive)',
      '2030-01-14',
      { frequency: 'DAILY', interval: 2, until: '2030-01-18' },
      ['2030-01-14', '2030-01-16', '2030-01-18'],
    ],
    [
      'daily, until the start date',
      '2030-01-14',
      { frequency: 'DAILY', until: '2030-01-14' },
      ['2030-01-14'],
    ],
    [
      'weekly defaults to the start weekday',
      '2030-01-16',
      { frequency: 'WEEKLY', count: 3 },
      ['2030-01-16', '2030-01-23', '2030-01-30'],
    ],
    [
      'weekly on MO and WE from a Wednesday: the Monday before is not generated',
      '2030-01-16',
      { frequency: 'WEEKLY', weekdays: ['WE', 'MO'], count: 3 },
      ['2030-01-16', '2030-01-21', '2030-01-23'],
    ],
    [
      'weekly, start date not a listed weekday',
      '2030-01-14',
      { frequency: 'WEEKLY', weekdays: ['FR'], count: 2 },
      ['2030-01-18', '2030-01-25'],
    ],
    [
      'every 2nd week from a Sunday counts weeks Monday to Sunday',
      '2030-01-20',
      { frequency: 'WEEKLY', interval: 2, weekdays: ['MO', 'SU'], count: 4 },
      ['2030-01-20', '2030-01-28', '2030-02-03', '2030-02-11'],
    ],
    [
      'weekly, until',
      '2030-01-14',
      { frequency: 'WEEKLY', weekdays: ['TU'], until: '2030-01-29' },
      ['2030-01-15', '2030-01-22', '2030-01-29'],
    ],
    [
      'across a year end and a leap day',
      '2031-12-31',
      { frequency: 'DAILY', interval: 30, count: 3 },
      ['2031-12-31', '2032-01-30', '2032-02-29'],
    ],
  ])('%s', (_case, start, rule, expected) => {
    expect(dates(start, rule)).toEqual(expected);
  });

  it('generates 100 and no more', () => {
    expect(dates('2030-01-14', { frequency: 'DAILY', count: 100 })).toHaveLength(100);
    expect(dates('2030-01-14', { frequency: 'DAILY', until: '2030-04-23' })).toHaveLength(100);
  });

  it.each<[string, string, RecurrenceRule, string, RegExp]>([
    [
      'more than 100 dates',
      '2030-01-14',
      { frequency: 'DAILY', until: '2030-04-24' },
      'recurrence',
      /more than 100/,
    ],
    [
      'no date at all',
      '2030-01-14',
      { frequency: 'WEEKLY', weekdays: ['FR'], until: '2030-01-17' },
      'recurrence',
      /no date/,
    ],
    [
      'until before start_date',
      '2030-01-14',
      { frequency: 'DAILY', until: '2030-01-13' },
      'recurrence.until',
      /before start_date/,
    ],
    [
      'weekdays on DAILY',
      '2030-01-14',
      { frequency: 'DAILY', count: 2, weekdays: ['MO'] },
      'recurrence.weekdays',
      /WEEKLY/,
    ],
    [
      'both until and count',
      '2030-01-14',
      { frequency: 'DAILY', count: 2, until: '2030-02-01' },
      'recurrence',
      /exactly one/,
    ],
    ['neither until nor count', '2030-01-14', { frequency: 'DAILY' }, 'recurrence', /exactly one/],
    [
      'interval 0',
      '2030-01-14',
      { frequency: 'DAILY', interval: 0, count: 2 },
      'recurrence.interval',
      /1 to 52/,
    ],
    [
      'interval 53',
      '2030-01-14',
      { frequency: 'DAILY', interval: 53, count: 2 },
      'recurrence.interval',
      /1 to 52/,
    ],
    ['count 0', '2030-01-14', { frequency: 'DAILY', count: 0 }, 'recurrence.count', /1 to 100/],
    ['count 101', '2030-01-14', { frequency: 'DAILY', count: 101 }, 'recurrence.count', /1 to 100/],
    [
      'an unknown weekday',
      '2030-01-14',
      { frequency: 'WEEKLY', weekdays: ['XX' as 'MO'], count: 2 },
      'recurrence.weekdays',
      /XX/,
    ],
    [
      'a duplicate weekday',
      '2030-01-14',
      { frequency: 'WEEKLY', weekdays: ['MO', 'MO'], count: 2 },
      'recurrence.weekdays',
      /duplicates/,
    ],
    [
      'no weekday',
      '2030-01-14',
      { frequency: 'WEEKLY', weekdays: [], count: 2 },
      'recurrence.weekdays',
      /empty/,
    ],
    [
      'an impossible until',
      '2030-01-14',
      { frequency: 'DAILY', until: '2030-02-30' },
      'recurrence.until',
      /calendar date/,
    ],
    [
      'an impossible start_date',
      '2030-02-30',
      { frequency: 'DAILY', count: 1 },
      'start_date',
      /calendar date/,
    ],
    [
      'an unknown frequency',
      '2030-01-14',
      { frequency: 'MONTHLY' as 'DAILY', count: 1 },
      'recurrence.frequency',
      /DAILY or WEEKLY/,
    ],
  ])('refuses %s', (_case, start, rule, field, message) => {
    let thrown: { code?: string; fieldErrors?: { field: string }[]; message?: string } = {};
    try {
      dates(start, rule);
    } catch (error) {
      thrown = error as typeof thrown;
    }
    expect(thrown.code).toBe('VALIDATION_FAILED');
    expect(thrown.fieldErrors?.[0].field).toBe(field);
    expect(thrown.message).toMatch(message);
  });

  it('normalises weekdays to week order with the defaults filled in', () => {
    const rule: NormalisedRule = normaliseRule('2030-01-14', {
      frequency: 'WEEKLY',
      weekdays: ['FR', 'MO'],
      count: 4,
    });
    expect(rule).toEqual({ frequency: 'WEEKLY', interval: 1, weekdays: ['MO', 'FR'], count: 4 });
  });
});
