import { DomainError } from '@app/core';
import { StoredResponse } from './idempotency-key';

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for another request (a different path or body); ' +
        'send a new key for a new request',
    );
  }
}

export class IdempotencyKeyInFlight extends DomainError {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_IN_FLIGHT',
      'A request with this Idempotency-Key is still being processed; retry shortly',
    );
  }
}

/**
 * Not a failure: the key already has an answer for this very request, which the HTTP layer
 * sends again as it was (with `Idempotent-Replayed: true`) instead of the use case's own.
 */
export class IdempotentReplay extends Error {
  constructor(readonly response: StoredResponse) {
    super('Replaying the stored answer of this Idempotency-Key');
    this.name = 'IdempotentReplay';
  }
}

/** What the key itself answers (replay, reused, in flight): never stored as a refusal. */
export const isKeyAnswer = (error: unknown): boolean =>
  error instanceof IdempotentReplay ||
  error instanceof IdempotencyKeyReused ||
  error instanceof IdempotencyKeyInFlight;
