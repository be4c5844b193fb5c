import { DomainError } from './domain-error';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
/**
 * Rows a `?page=` may skip. OFFSET walks every skipped row, so deeper pages cost more with
 * every row of history; past this depth the lists are walked with a cursor.
 */
export const MAX_PAGE_OFFSET = 10_000;

/**
 * How many rows a list has: exact up to MAX_PAGE_OFFSET rows (past them no `?page=` goes), above
 * that the planner's estimate, flagged as such.
 */
export interface ListCount {
  value: number;
  estimated: boolean;
}

/**
 * A page by number, or (with `after`) the page after a keyset position, the last row of the
 * previous page; `count` is then the one computed for the first page of the walk.
 */
export interface PageRequest<K = never> {
  page: number;
  pageSize: number;
  after?: K;
  count?: ListCount;
}

export interface Page<T, K = never> {
  count: ListCount;
  page: number;
  pageSize: number;
  items: T[];
  /** The keyset position of the last item when more rows follow, else null. */
  nextKey: K | null;
}

export const offsetOf = ({ page, pageSize, after }: PageRequest<unknown>): number =>
  after === undefined ? (page - 1) * pageSize : 0;

export class PageNotFound extends DomainError {
  constructor() {
    super('PAGE_NOT_FOUND', 'Invalid page.');
  }
}

/** A page past the last one is a 404, except page 1 of an empty list and cursor pages. */
export function assertPageExists(request: PageRequest<unknown>, found: number): void {
  if (request.after === undefined && request.page > 1 && found === 0) throw new PageNotFound();
}

/**
 * Wraps the rows of a page read with LIMIT pageSize + 1: the extra row only says that more
 * follow, and the last row kept gives the next cursor's position.
 */
export function pageOf<T, K>(
  request: PageRequest<K>,
  count: ListCount,
  rows: T[],
  keyOf: (row: T) => K,
): Page<T, K> {
  const items = rows.slice(0, request.pageSize);
  return {
    count,
    page: request.after === undefined ? request.page : 1,
    pageSize: request.pageSize,
    items,
    nextKey: rows.length > request.pageSize ? keyOf(items[items.length - 1]) : null,
  };
}
