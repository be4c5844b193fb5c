import { csvField, prefersCsv } from './utilisation-csv';

describe('utilisation CSV', () => {
  it.each([
    [null, ''],
    [0, '0'],
    [0.082, '0.082'],
    ['P01', 'P01'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('writes %j as %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/csv', true],
    ['TEXT/CSV; charset=utf-8', true],
    ['application/json, text/csv', true],
    ['application/json, text/csv;q=0.5', false],
    ['text/csv;q=0.9, application/json;q=0.5', true],
    ['text/csv;q=0', false],
  ])('Accept %j prefers CSV: %s', (accept, csv) => {
    expect(prefersCsv(accept)).toBe(csv);
  });
});
