import { DomainError } from '@app/core';

/** Unknown, revoked and malformed feed tokens all look the same from outside. */
export class CalendarFeedNotFound extends DomainError {
  constructor() {
    super('NOT_FOUND', 'Calendar feed not found');
  }
}
