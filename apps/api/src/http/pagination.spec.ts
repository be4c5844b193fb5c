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

describe('paginated', () => {
  const requestFor = (url: string) =>
    ({ url, protocol: 'http', host: 'evil.example' }) as unknown as FastifyRequest;

  it('links next and previous with absolute URLs, keeping other parameters', () => {
    const body = paginated(
      'https://api.example.com:8443',
      requestFor('/api/v1/users/?page=2&page_size=2&q=x'),
      { count: 7, page: 2, pageSize: 2, items: [1, 2] },
      (n) => n * 10,
    );
    expect(body).toEqual({
      count: 7,
      next: 'https://api.example.com:8443/api/v1/users/?page=3&page_size=2&q=x',
      previous: 'https://api.example.com:8443/api/v1/users/?page=1&page_size=2&q=x',
      results: [10, 20],
    });
  });

  it.each([
    ['an absolute-form target', 'http://evil.example/api/v1/users/?page=2'],
    ['an absolute-form target with a broken host', 'HTTP://[evil/api/v1/users/?page=2'],
  ])('takes only the path and query of %s', (_what, url) => {
    const body = paginated(
      'https://api.example.com',
      requestFor(url),
      { count: 7, page: 2, pageSize: 2, items: [] },
      (n) => n,
    );
    expect(body.previous).toBe('https://api.example.com/api/v1/users/?page=1');
  });

  it('has no next on the last page and no previous on the first', () => {
    const body = paginated(
      'https://api.example.com:8443',
      requestFor('/api/v1/teams'),
      { count: 3, page: 1, pageSize: 10, items: [] },
      (n) => n,
    );
    expect(body.next).toBeNull();
    expect(body.previous).toBeNull();
  });
});
