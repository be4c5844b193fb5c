import { applyDecorators, Type } from '@nestjs/common';
import { ApiProperty, ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  MAX_ID,
  MAX_PAGE_SIZE,
  offsetOf,
  Page,
  PageNotFound,
  PageRequest,
} from '@app/core';

const POSITIVE_INT = /^[1-9]\d*$/;
const ABSOLUTE_FORM = /^https?:\/\/[^/?]*/i;

/**
 * Reads ?page= (from 1) and ?page_size= (default 10, above 100 means 100). Anything else
 * (0, -1, 1.5, abc, repeated) is a 400; a page so far out that no list can reach it is a 404
 * like any page past the end, without asking the database. Other query parameters are
 * ignored, as in the original.
 */
export function pageRequestFrom(page: unknown, pageSize: unknown): PageRequest {
  const problems: Array<{ field: string; message: string }> = [];
  const read = (field: string, raw: unknown, fallback: number): number => {
    if (raw === undefined) return fallback;
    if (typeof raw === 'string' && POSITIVE_INT.test(raw)) return Number(raw);
    problems.push({ field, message: `${field} must be a positive integer` });
    return fallback;
  };
  const request = {
    page: read('page', page, 1),
    pageSize: Math.min(read('page_size', pageSize, DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE),
  };
  if (problems.length > 0) {
    throw new DomainError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), problems);
  }
  if (offsetOf(request) > MAX_ID) throw new PageNotFound();
  return request;
}

/** Swagger for ?page and ?page_size. */
export const ApiPageQuery = () =>
  applyDecorators(
    ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1 } }),
    ApiQuery({
      name: 'page_size',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    }),
  );

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/**
 * `{count, next, previous, results}` with absolute next/previous URLs, other params kept. The
 * links start with PUBLIC_URL: a Host header is the client's to forge.
 */
export function paginated<T, R>(
  publicUrl: string,
  request: Pick<FastifyRequest, 'url'>,
  page: Page<T>,
  toResult: (item: T) => R,
): Paginated<R> {
  // Only the path and query: the router also serves absolute-form targets (`GET http://host/path`).
  const [path, query = ''] = request.url.replace(ABSOLUTE_FORM, '').split('?');
  const link = (pageNumber: number): string => {
    const params = new URLSearchParams(query);
    params.set('page', String(pageNumber));
    return `${publicUrl}${path}?${params.toString()}`;
  };
  const hasNext = page.page * page.pageSize < page.count;
  return {
    count: page.count,
    next: hasNext ? link(page.page + 1) : null,
    previous: page.page > 1 ? link(page.page - 1) : null,
    results: page.items.map(toResult),
  };
}

/** A named Swagger schema for a page of `type`. */
export function PaginatedResponseOf(type: Type<unknown>, name: string): Type<unknown> {
  class PaginatedResponse {
    @ApiProperty({ example: 42 }) count!: number;
    @ApiProperty({
      type: String,
      nullable: true,
      example: 'http://localhost:3000/api/v1/users/?page=2',
    })
    next!: string | null;
    @ApiProperty({ type: String, nullable: true, example: null }) previous!: string | null;
    @ApiProperty({ type, isArray: true }) results!: unknown[];
  }
  Object.defineProperty(PaginatedResponse, 'name', { value: name });
  return PaginatedResponse;
}
