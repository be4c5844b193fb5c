import { applyDecorators, Type } from '@nestjs/common';
import { ApiProperty, ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  MAX_PAGE_OFFSET,
  MAX_PAGE_SIZE,
  Page,
  PageRequest,
} from '@app/core';

const POSITIVE_INT = /^[1-9]\d*$/;
const ABSOLUTE_FORM = /^https?:\/\/[^/?]*/i;

/** The query parameters of every paginated list. */
export interface PageQuery {
  page?: unknown;
  page_size?: unknown;
  cursor?: unknown;
}

const DEPTH = MAX_PAGE_OFFSET.toLocaleString('en-US');

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, [{ field, message }]);

/**
 * Reads ?page= (from 1) and ?page_size= (default 10, above 100 means 100). Anything else
 * (0, -1, 1.5, abc, repeated) is a 400, and so is a page that starts more than
 * MAX_PAGE_OFFSET rows in: its detail points at `cursor`, which reaches any depth at the cost
 * of page 1. Other query parameters are ignored, as in the original.
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
  if ((request.page - 1) * request.pageSize > MAX_PAGE_OFFSET) {
    throw invalid(
      'page',
      `page starts more than ${DEPTH} rows deep: walk the list with cursor ` +
        '(follow next, or pass next_cursor as ?cursor=) instead',
    );
  }
  return request;
}

/** A `?cursor=` that is not one this list handed out: a 400 naming `cursor`. */
export const invalidCursor = () =>
  invalid('cursor', 'cursor is malformed, tampered with or from another list');

/** `?cursor=` together with `?page=`: one or the other. */
export const cursorWithPage = () =>
  invalid('cursor', 'cursor cannot be combined with page: the cursor already says where to start');

/** Swagger for ?page, ?page_size and ?cursor. */
export const ApiPageQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'page',
      required: false,
      description: PAGE_DESCRIPTION,
      schema: { type: 'integer', minimum: 1 },
    }),
    ApiQuery({
      name: 'page_size',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
    }),
    ApiQuery({
      name: 'cursor',
      required: false,
      description: CURSOR_DESCRIPTION,
      schema: { type: 'string' },
    }),
  );

export const PAGE_DESCRIPTION =
  `From 1; past the last page is a 404. A page starting more than ${DEPTH} rows ` +
  'deep is a 400 (VALIDATION_FAILED) pointing at `cursor`.';

export const CURSOR_DESCRIPTION =
  'Opaque keyset position: the `next_cursor` of the previous page (or the `cursor` of its ' +
  '`next` link). The page after it, at the cost of page 1 whatever the depth; rows inserted ' +
  'meanwhile before it are not repeated. Not with `page`. A malformed or tampered cursor, or ' +
  "one from another list, is a 400 (VALIDATION_FAILED) naming `cursor`. `count` is the first page's.";

export interface Paginated<T> {
  count: number;
  count_estimated: boolean;
  next: string | null;
  previous: string | null;
  next_cursor: string | null;
  results: T[];
}

/**
 * `{count, count_estimated, next, previous, next_cursor, results}` with absolute links, other
 * params kept. A `?page=` answer links pages while the next one is within MAX_PAGE_OFFSET and
 * then switches `next` to the cursor; a cursor answer links only forward, by cursor. The links
 * start with PUBLIC_URL: a Host header is the client's to forge.
 */
export function paginated<T, R>(
  publicUrl: string,
  request: Pick<FastifyRequest, 'url'>,
  page: Page<T, unknown> & { viaCursor: boolean },
  nextCursor: string | null,
  toResult: (item: T) => R,
): Paginated<R> {
  // Only the path and query: the router also serves absolute-form targets (`GET http://host/path`).
  const [path, query = ''] = request.url.replace(ABSOLUTE_FORM, '').split('?');
  const link = (set: 'page' | 'cursor', value: string): string => {
    const params = new URLSearchParams(query);
    params.delete(set === 'page' ? 'cursor' : 'page');
    params.set(set, value);
    return `${publicUrl}${path}?${params.toString()}`;
  };
  const nextPageWithinBound = !page.viaCursor && page.page * page.pageSize <= MAX_PAGE_OFFSET;
  let next: string | null = null;
  if (nextCursor !== null) {
    next = nextPageWithinBound ? link('page', String(page.page + 1)) : link('cursor', nextCursor);
  }
  return {
    count: page.count.value,
    count_estimated: page.count.estimated,
    next,
    previous: !page.viaCursor && page.page > 1 ? link('page', String(page.page - 1)) : null,
    next_cursor: nextCursor,
    results: page.items.map(toResult),
  };
}

const COUNT_DESCRIPTION =
  `Rows in the list: exact up to ${DEPTH}, above that the database's estimate ` +
  '(then `count_estimated` is true). A cursor page repeats the count of the first page.';

/** The Swagger properties every page has besides `results`. */
export class PageMetaResponse {
  @ApiProperty({ example: 42, description: COUNT_DESCRIPTION }) count!: number;
  @ApiProperty({ example: false, description: 'True when `count` is an estimate' })
  count_estimated!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'http://localhost:3000/api/v1/users/?page=2',
    description:
      'The next page: a `?page=` link while it starts within 10,000 rows, else (and on ' +
      'cursor pages) a `?cursor=` link; null on the last page',
  })
  next!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The previous `?page=`; null on page 1 and on cursor pages (they go forward)',
  })
  previous!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'WyIyMDMwLTAxLTE2IiwxMCwxLDQyXQ.dGFn',
    description: 'Opaque: pass as `?cursor=` for the page after this one; null on the last page',
  })
  next_cursor!: string | null;
}

/** A named Swagger schema for a page of `type`. */
export function PaginatedResponseOf(type: Type<unknown>, name: string): Type<unknown> {
  class PaginatedResponse extends PageMetaResponse {
    @ApiProperty({ type, isArray: true }) results!: unknown[];
  }
  Object.defineProperty(PaginatedResponse, 'name', { value: name });
  return PaginatedResponse;
}
