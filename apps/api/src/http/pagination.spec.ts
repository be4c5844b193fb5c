import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/core';
import { paginated, pageRequestFrom } from './pagination';

describe('pageRequestFrom', () => {
  it.each([
    [undefined, undefined, { page: 1, pageSize: 10 }],
    ['3', undefined, { page: 3, pageSize: 10 }],
    ['2', '25', { page: 2, pageSize: 25 }],
    ['1', '100', { page: 1, pageSize: 100 }],
    ['1', '101', { page: 1, pageSize: 100 }],
    ['1', '999999', { page: 1, pageSize: 100 }],
  ])('reads page=%s page_size=%s', (page, pageSize, expected) => {
    expect(pageRequestFrom(page, pageSize)).toEqual(expected);
  });

  it.each([
    ['0', undefined, 'page'],
    ['-1', undefined, 'page'],
    ['1.5', undefined, 'page'],
    ['abc', undefined, 'page'],
    ['', undefined, 'page'],
    [['1', '2'], undefined, 'page'],
    ['01', undefined, 'page'],
    ['1', '0', 'page_size'],
    ['1', 'x', 'page_size'],
  ])('refuses page=%j page_size=%j naming %s', (page, pageSize, field) => {
    let thrown: unknown;
    try {
      pageRequestFrom(page, pageSize);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('VALIDATION_FAILED');
    expect((thrown as DomainError).fieldErrors?.[0].field).toBe(field);
  });
});

describe('page bound', () => {
  it('accepts the deepest page within 10,000 rows and refuses the next, pointing at cursor', () => {
    expect(pageRequestFrom('101', '100')).toEqual({ page: 101, pageSize: 100 });
    let thrown: unknown;
    try {
      pageRequestFrom('102', '100');
    } catch (error) {
      thrown = error;
    }
    expect((thrown as DomainError).code).toBe('VALIDATION_FAILED');
    expect((thrown as DomainError).fieldErrors?.[0].field).toBe('page');
    expect((thrown as DomainError).message).toContain('cursor');
  });
});

describe('paginated', () => {
  const requestFor = (url: string) =>
    ({ url, protocol: 'http', host: 'evil.example' }) as unknown as FastifyRequest;
  const pageOf = (
    page: number,
    pageSize: number,
    count: number,
    items: number[],
    viaCursor = false,
  ) => ({
    count: { value: count, estimated: false },
    page,
    pageSize,
    items,
    nextKey: null,
    viaCursor,
  });

  it('links next and previous with absolute URLs, keeping other parameters', () => {
    const body = paginated(
      'https://api.example.com:8443',
      requestFor('/api/v1/users/?page=2&page_size=2&q=x'),
      pageOf(2, 2, 7, [1, 2]),
      'CURSOR',
      (n) => n * 10,
    );
    expect(body).toEqual({
      count: 7,
      count_estimated: false,
      next: 'https://api.example.com:8443/api/v1/users/?page=3&page_size=2&q=x',
      previous: 'https://api.example.com:8443/api/v1/users/?page=1&page_size=2&q=x',
      next_cursor: 'CURSOR',
      results: [10, 20],
    });
  });

  it('links a cursor page forward by cursor only', () => {
    const body = paginated(
      'https://api.example.com',
      requestFor('/api/v1/users/?cursor=OLD&page_size=2'),
      pageOf(1, 2, 7, [1, 2], true),
      'NEW',
      (n) => n,
    );
    expect(body.next).toBe('https://api.example.com/api/v1/users/?cursor=NEW&page_size=2');
    expect(body.previous).toBeNull();
  });

  it('switches next to the cursor when the next page would start past 10,000 rows', () => {
    const body = paginated(
      'https://api.example.com',
      requestFor('/api/v1/users/?page=101&page_size=100'),
      pageOf(101, 100, 20000, [1]),
      'NEW',
      (n) => n,
    );
    expect(body.next).toBe('https://api.example.com/api/v1/users/?page_size=100&cursor=NEW');
    expect(body.previous).toBe('https://api.example.com/api/v1/users/?page=100&page_size=100');
  });

  it.each([
    ['an absolute-form target', 'http://evil.example/api/v1/users/?page=2'],
    ['an absolute-form target with a broken host', 'HTTP://[evil/api/v1/users/?page=2'],
  ])('takes only the path and query of %s', (_what, url) => {
    const body = paginated(
      'https://api.example.com',
      requestFor(url),
      pageOf(2, 2, 7, []),
      null,
      (n) => n,
    );
    expect(body.previous).toBe('https://api.example.com/api/v1/users/?page=1');
  });

  it('has no next on the last page and no previous on the first', () => {
    const body = paginated(
      'https://api.example.com:8443',
      requestFor('/api/v1/teams'),
      pageOf(1, 10, 3, []),
      null,
      (n) => n,
    );
    expect(body.next).toBeNull();
    expect(body.previous).toBeNull();
    expect(body.next_cursor).toBeNull();
  });
});
