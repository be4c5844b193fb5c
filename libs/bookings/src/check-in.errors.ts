import { DomainError } from '@app/core';

/** Outside the check-in window: too early, or too late (the booking is released then). */
export class CheckInClosed extends DomainError {
  constructor(message: string) {
    super('CHECK_IN_CLOSED', message);
  }
}

/** An active booking the caller neither made nor takes part in (as cancel's 403). */
export class CheckInForbidden extends DomainError {
  constructor() {
    super('CHECK_IN_FORBIDDEN', 'You do not have permission to check in this booking');
  }
}
