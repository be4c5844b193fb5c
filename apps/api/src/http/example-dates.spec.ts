import { EXAMPLE_DATE, bookableExampleDate, withExampleDate } from './example-dates';

describe('example dates', () => {
  it.each([
    ['a Tuesday: the Wednesday', '2026-12-01T12:00:00Z', 'UTC', 90, '2026-12-02'],
    ['a Friday: the Monday', '2026-12-04T12:00:00Z', 'UTC', 90, '2026-12-07'],
    [
      'late Friday in UTC, Saturday in Tokyo',
      '2026-12-04T20:00:00Z',
      'Asia/Tokyo',
      90,
      '2026-12-07',
    ],
    ['a Friday, horizon 1 day: tomorrow', '2026-12-04T12:00:00Z', 'UTC', 1, '2026-12-05'],
    ['horizon 0: today', '2026-12-04T12:00:00Z', 'UTC', 0, '2026-12-04'],
  ])('%s', (_name, now, zone, horizon, expected) => {
    expect(bookableExampleDate(new Date(now), zone, horizon)).toBe(expected);
  });

  it('replaces the placeholder in dates and booking ids, nowhere else', () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'x', version: '1', description: 'BK2030' },
      paths: { '/x': { get: { responses: {} } } },
      components: {
        schemas: { A: { example: { date: EXAMPLE_DATE, id: 'BK20300116100000P01' } } },
      },
    };
    const served = withExampleDate(document, '2026-12-07');
    expect(served.components?.schemas?.A).toEqual({
      example: { date: '2026-12-07', id: 'BK20261207100000P01' },
    });
    expect(served.info.description).toBe('BK2030');
    expect(document.components.schemas.A.example.date).toBe(EXAMPLE_DATE);
  });
});
