import { DomainError } from './domain-error';
import { assertPageExists, offsetOf, pageOf } from './page';

const exact = (value: number) => ({ value, estimated: false });

describe('pages', () => {
  it.each([
    [1, 10, 0],
    [2, 10, 10],
    [3, 25, 50],
  ])('page %i of size %i starts at offset %i', (page, pageSize, offset) => {
    expect(offsetOf({ page, pageSize })).toBe(offset);
  });

  it('starts a cursor page at its position, not at an offset', () => {
    expect(offsetOf({ page: 1, pageSize: 10, after: 42 })).toBe(0);
  });

  it.each([
    ['page 1 of an empty list', 1, 0, undefined],
    ['a later page with rows', 3, 1, undefined],
    ['an empty cursor page', 1, 0, 7],
  ])('accepts %s', (_name, page, found, after) => {
    expect(() => assertPageExists({ page, pageSize: 10, after }, found)).not.toThrow();
  });

  it.each([
    ['page 2 of an empty list', 2],
    ['a page past the last', 5],
  ])('refuses %s with PAGE_NOT_FOUND', (_name, page) => {
    let thrown: unknown;
    try {
      assertPageExists({ page, pageSize: 10 }, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('PAGE_NOT_FOUND');
  });

  it('keeps pageSize rows of pageSize + 1 and keys the next page on the last kept', () => {
    expect(pageOf({ page: 2, pageSize: 2 }, exact(7), ['b', 'c', 'd'], (s) => s)).toEqual({
      count: exact(7),
      page: 2,
      pageSize: 2,
      items: ['b', 'c'],
      nextKey: 'c',
    });
  });

  it('has no next key on the last page', () => {
    expect(pageOf({ page: 1, pageSize: 2, after: 'a' }, exact(3), ['b'], (s) => s)).toEqual({
      count: exact(3),
      page: 1,
      pageSize: 2,
      items: ['b'],
      nextKey: null,
    });
  });
});
