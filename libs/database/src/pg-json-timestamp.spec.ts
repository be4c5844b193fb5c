import { types } from 'pg';
import { isoMillisOfPgJson } from './pg-json-timestamp';

/** What the API printed before: pg's own timestamptz parser, then toISOString. */
const viaPg = (text: string) => (types.getTypeParser(1184, 'text')(text) as Date).toISOString();

describe('isoMillisOfPgJson', () => {
  // The same instants as PostgreSQL writes them as text (what pg parsed) and in JSON.
  it.each([
    ['2026-12-04 16:34:17.123456+00', '2026-12-04T16:34:17.123456+00:00'],
    ['2026-12-04 16:34:17.999999+00', '2026-12-04T16:34:17.999999+00:00'],
    ['2026-12-04 16:34:17.000001+00', '2026-12-04T16:34:17.000001+00:00'],
    ['2026-12-04 16:34:17.5+00', '2026-12-04T16:34:17.5+00:00'],
    ['2026-12-04 16:34:17.05+00', '2026-12-04T16:34:17.05+00:00'],
    ['2026-12-04 16:34:17+00', '2026-12-04T16:34:17+00:00'],
    ['2026-12-31 23:59:59.999999+00', '2026-12-31T23:59:59.999999+00:00'],
    ['2026-12-05 01:04:17.999999+05:30', '2026-12-05T01:04:17.999999+05:30'],
    ['2026-12-04 13:04:17.1234-03:30', '2026-12-04T13:04:17.1234-03:30'],
    ['2027-01-01 00:30:00.25+01', '2027-01-01T00:30:00.25+01:00'],
    ['1900-01-01 00:19:32.5+00:19:32', '1900-01-01T00:19:32.5+00:19:32'],
    ['0050-06-01 12:00:00.123+00', '0050-06-01T12:00:00.123+00:00'],
  ])('%s', (text, json) => {
    expect(isoMillisOfPgJson(json)).toBe(viaPg(text));
  });

  it('refuses what is not a PostgreSQL JSON timestamptz', () => {
    expect(() => isoMillisOfPgJson('infinity')).toThrow(TypeError);
    expect(() => isoMillisOfPgJson('2026-12-04 16:34:17+00')).toThrow(TypeError);
  });
});
