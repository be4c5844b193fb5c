import { DomainError } from '@app/core';

export class SlotAvailable extends DomainError {
  constructor() {
    super(
      'SLOT_AVAILABLE',
      'This slot can be booked right now; book it instead of joining the waitlist.',
    );
  }
}

export class AlreadyWaiting extends DomainError {
  constructor() {
    super(
      'ALREADY_WAITING',
      'A member of this party is already on the waitlist for an overlapping hour of this room type.',
    );
  }
}

export class NotWaiting extends DomainError {
  constructor(status: string) {
    super('NOT_WAITING', `This waitlist entry is ${status}, no longer waiting.`);
  }
}

export class WaitlistEntryNotFound extends DomainError {
  constructor() {
    super('WAITLIST_ENTRY_NOT_FOUND', 'Waitlist entry not found.');
  }
}
