import { DomainError } from './domain-error';
import { assertPageExists, offsetOf, pageOf } from './page';

describe('pages', () => {
  it.each([
    [1, 10, 0],
    [2, 10, 10],
    [3, 25, 50],
  ])('page %i of size %i starts at offset %i', (page, pageSize, offset) => {
    expect(offsetOf({ page, pageSize })).toBe(offset);
  });

  it.each([
    ['page 1 of an empty list', 1, 10, 0],
    ['the last full page', 2, 10, 20],
    ['a partial last page', 3, 10, 21],
  ])('accepts %s', (_name, page, pageSize, count) => {
    expect(() => assertPageExists({ page, pageSize }, count)).not.toThrow();
  });

  it.each([
    ['page 2 of an empty list', 2, 10, 0],
    ['one past the last full page', 3, 10, 20],
    ['a huge page number', 1e15, 10, 5],
  ])('refuses %s with PAGE_NOT_FOUND', (_name, page, pageSize, count) => {
    let thrown: unknown;
    try {
      assertPageExists({ page, pageSize }, count);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('PAGE_NOT_FOUND');
  });

  it('wraps items with the request and the total', () => {
    expect(pageOf({ page: 2, pageSize: 1 }, 3, ['b'])).toEqual({
      count: 3,
      page: 2,
      pageSize: 1,
      items: ['b'],
    });
  });
});
