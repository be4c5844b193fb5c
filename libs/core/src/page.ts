import { DomainError } from './domain-error';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  count: number;
  page: number;
  pageSize: number;
  items: T[];
}

export const offsetOf = ({ page, pageSize }: PageRequest): number => (page - 1) * pageSize;

export class PageNotFound extends DomainError {
  constructor() {
    super('PAGE_NOT_FOUND', 'Invalid page.');
  }
}

/** A page past the last one is a 404, except page 1 of an empty list. Check before reading rows. */
export function assertPageExists(request: PageRequest, count: number): void {
  if (request.page > 1 && offsetOf(request) >= count) throw new PageNotFound();
}

export const pageOf = <T>(request: PageRequest, count: number, items: T[]): Page<T> => ({
  count,
  page: request.page,
  pageSize: request.pageSize,
  items,
});
